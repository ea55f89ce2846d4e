// fast-check arbitraries for the front end: well-formed ASTs (ids and spans zeroed; compare with
// stripSpans) and formula-ish text fragments for the no-throw properties.

import fc from "fast-check";
import type { Assignment, BinaryOp, Expr, Formula, Ident } from "../../src/syntax/ast.ts";

const span = { start: 0, end: 0 };
const BINARY_OPS: readonly BinaryOp[] = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||"];

/** `x`, `$Foo_1`, and now and then a constant or keyword (they lower to Ident too). */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^\$?[A-Za-z_][A-Za-z0-9_]{0,6}$/) },
  { weight: 1, arbitrary: fc.constantFrom("TimeInterval_Minute", "TimeInterval_100ns", "taskcompletion", "requeue") },
);

const identArb: fc.Arbitrary<Ident> = nameArb.map((name) => ({ kind: "Ident", id: 0, span, name }));

const numberArb: fc.Arbitrary<Expr> = fc
  .tuple(fc.nat({ max: 100_000 }), fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }))
  .map(([int, frac]) => {
    const raw = frac === undefined ? String(int) : `${int}.${frac}`;
    return { kind: "NumberLit", id: 0, span, value: Number(raw), raw };
  });

const stringArb: fc.Arbitrary<Expr> = fc
  .string({ maxLength: 12 })
  .filter((s) => !/["\\\n\r]/.test(s))
  .map((value) => ({ kind: "StringLit", id: 0, span, value }));

/** Random well-formed expressions (small: depth stays far below the nesting limit). */
export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numberArb,
    stringArb,
    identArb,
    fc.record({ op: fc.constantFrom("-" as const, "!" as const), operand: tie("expr") }).map(
      ({ op, operand }): Expr => ({ kind: "UnaryExpr", id: 0, span, op, operand }),
    ),
    fc.record({ op: fc.constantFrom(...BINARY_OPS), left: tie("expr"), right: tie("expr") }).map(
      ({ op, left, right }): Expr => ({ kind: "BinaryExpr", id: 0, span, opSpan: span, op, left, right }),
    ),
    fc.record({ test: tie("expr"), consequent: tie("expr"), alternate: tie("expr") }).map(
      (r): Expr => ({ kind: "ConditionalExpr", id: 0, span, ...r }),
    ),
    fc.record({ callee: nameArb, args: fc.array(tie("expr"), { maxLength: 3 }) }).map(
      (r): Expr => ({ kind: "CallExpr", id: 0, span, calleeSpan: span, argsSpan: span, ...r }),
    ),
    fc.record({ receiver: tie("expr"), method: nameArb, args: fc.array(tie("expr"), { maxLength: 3 }) }).map(
      (r): Expr => ({ kind: "MethodCallExpr", id: 0, span, methodSpan: span, argsSpan: span, ...r }),
    ),
    fc.record({ object: tie("expr"), member: nameArb }).map((r): Expr => ({ kind: "MemberExpr", id: 0, span, memberSpan: span, ...r })),
  ),
})).expr;

/** Random well-formed formulas: 1–6 assignments, no comments. */
export const formulaArb: fc.Arbitrary<Formula> = fc
  .array(
    fc.record({ target: identArb, value: exprArb }).map((r): Assignment => ({ kind: "Assignment", id: 0, span, ...r })),
    { minLength: 1, maxLength: 6 },
  )
  .map((statements) => ({ kind: "Formula", id: 0, span, statements, comments: [] }));

const FRAGMENTS = [
  "a", "$x", "=", "==", ";", ";;", "(", ")", ",", ".", "?", ":", "-", "!", "+", "*", "/", "<", "<=", "&&", "||",
  "1", "0.5", ".5", "5.", "1e3", "0x1F", '"s"', '"open', "'q'", '\\"t\\"', "[1,2]", "/*", "*/", "//c\n", "\n", " ",
  "max(", "GetSample(", "TimeInterval_Minute", "taskcompletion", "%", "@", "\u00e9", "\uD83D\uDE00", "\r\n",
];

/** Text built from formula-ish fragments: reaches far more parser states than random characters. */
export const formulaishArb: fc.Arbitrary<string> = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(""));
