// CST node shapes for the parser's tree-builder hooks (parser.ts, "CST building"). Every node of a
// rule gets a `children` object with ALL the keys that rule can produce, absent ones `undefined`,
// created from an object literal: one V8 hidden class per rule, so building the CST and reading
// it in cst-to-ast are monomorphic property accesses instead of hash lookups. The key lists must
// match the grammar exactly; test/lang/parser.test.ts compares them with {@link childKeys}.

import { NonTerminal, Terminal, type CstElement, type IProduction, type Rule } from "chevrotain";

/** A `children` object under construction: every key present, absent ones `undefined`. */
export type ChildSlots = Record<string, CstElement[] | undefined>;

/**
 * A fresh `children` object for a node of `rule`. Literals (not copies of a template: V8's
 * object-spread cache goes megamorphic across seven shapes and falls back to the runtime).
 */
// prettier-ignore
export function newChildren(rule: string): ChildSlots {
  const u = undefined;
  switch (rule) {
    case "operand":
      return { UnaryOp: u, NumberLiteral: u, StringLiteral: u, Name: u, LParen: u, expression: u, Comma: u, RParen: u, postfixSuffix: u };
    case "expression":
      return {
        UnaryOp: u, NumberLiteral: u, StringLiteral: u, Name: u, LParen: u, expression: u, Comma: u, RParen: u, postfixSuffix: u,
        BinaryOperator: u, operand: u, Question: u, consequent: u, Colon: u, alternate: u, Assign: u, value: u,
      };
    case "postfixSuffix":
      return { Dot: u, Name: u, LParen: u, expression: u, Comma: u, RParen: u };
    case "formula":
      return { Semicolon: u, statement: u, stray: u };
    case "stray":
      return { RParen: u, Comma: u, Colon: u, Question: u, Dot: u, Assign: u, BinaryOperator: u };
    default:
      return {}; // not reached: every rule is listed (tested)
  }
}

/** The CST `children` keys a rule can produce (token names, subrule names, labels), from its GAST. */
export function childKeys(rule: Rule): string[] {
  const keys = new Set<string>();
  const walk = (productions: readonly IProduction[]): void => {
    for (const p of productions) {
      if (p instanceof Terminal) keys.add(p.label ?? p.terminalType.name);
      else if (p instanceof NonTerminal) keys.add(p.label ?? p.nonTerminalName); // not into the called rule
      else walk((p as unknown as { definition: IProduction[] }).definition);
    }
  };
  walk(rule.definition);
  return [...keys];
}
