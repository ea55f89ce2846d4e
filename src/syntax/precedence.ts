// Binary operators: their precedence (spec §3.2) and the operator a token image stands for.

import type { BinaryOp } from "./ast.ts";

/**
 * Binding power of each binary operator, spec §3.2 levels 3–8 (higher binds tighter). All are
 * left-associative. `%`, `^`, `&`, `|` are already L101 errors (tokens.ts BadOperator).
 */
// prettier-ignore
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3, "!=": 3,
  "<": 4, "<=": 4, ">": 4, ">=": 4,
  "+": 5, "-": 5,
  "*": 6, "/": 6,
};

/** The operator of a binary-operator token; the L101 stand-ins (`&`, `|`, …) as the writer evidently meant. */
export function binaryOp(image: string): BinaryOp {
  if (image in PRECEDENCE) return image as BinaryOp;
  return image === "&" ? "&&" : image === "|" ? "||" : "*";
}
