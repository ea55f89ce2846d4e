// AST: immutable discriminated union. Every node has a dense id (assigned by cst-to-ast in
// creation order) and a half-open span. Analyses live in side tables keyed by id, never on nodes.

import type { Span } from "../base/diagnostics.ts";

export type NodeId = number;

interface NodeBase {
  readonly id: NodeId;
  readonly span: Span;
}

export type UnaryOp = "-" | "!";
export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||";

/** `12`, `0.7`. `raw` keeps the text as written for the formatter. */
export interface NumberLit extends NodeBase {
  readonly kind: "NumberLit";
  readonly value: number;
  readonly raw: string;
}

/** `"Mon, 06 Oct 2014 10:20:00 GMT"`; `value` is the text between the quotes (no escapes exist). */
export interface StringLit extends NodeBase {
  readonly kind: "StringLit";
  readonly value: string;
}

/**
 * Any name: user variable (`x`, `$x`), service variable (`$PendingTasks`), `TimeInterval_*`
 * constant or deallocation keyword (`taskcompletion`). The checker decides which.
 */
export interface Ident extends NodeBase {
  readonly kind: "Ident";
  readonly name: string;
}

export interface UnaryExpr extends NodeBase {
  readonly kind: "UnaryExpr";
  readonly op: UnaryOp;
  readonly operand: Expr;
}

export interface BinaryExpr extends NodeBase {
  readonly kind: "BinaryExpr";
  readonly op: BinaryOp;
  /** Span of the operator token, for "operator not defined for (…)" carets. */
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

/** `test ? consequent : alternate` (right-associative). */
export interface ConditionalExpr extends NodeBase {
  readonly kind: "ConditionalExpr";
  readonly test: Expr;
  readonly consequent: Expr;
  readonly alternate: Expr;
}

/** `avg(a, b)`. `argsSpan` covers `(` … `)`: the service reports call errors at the `(`. */
export interface CallExpr extends NodeBase {
  readonly kind: "CallExpr";
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly argsSpan: Span;
  readonly args: readonly Expr[];
}

/** `$PendingTasks.GetSample(1)`. */
export interface MethodCallExpr extends NodeBase {
  readonly kind: "MethodCallExpr";
  readonly receiver: Expr;
  readonly method: string;
  readonly methodSpan: Span;
  readonly argsSpan: Span;
  readonly args: readonly Expr[];
}

/** `$curTime.hour`. */
export interface MemberExpr extends NodeBase {
  readonly kind: "MemberExpr";
  readonly object: Expr;
  readonly member: string;
  readonly memberSpan: Span;
}

export type Expr =
  | NumberLit
  | StringLit
  | Ident
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | CallExpr
  | MethodCallExpr
  | MemberExpr;

/** `name = value`. */
export interface Assignment extends NodeBase {
  readonly kind: "Assignment";
  readonly target: Ident;
  readonly value: Expr;
}

/**
 * A bare expression (spec §11.1): evaluated and its value discarded, as the service does, so an
 * error in it fails the run at its position; `check` warns (P203). Span = the expression's, with
 * its enclosing parentheses.
 */
export interface ExpressionStatement extends NodeBase {
  readonly kind: "ExpressionStatement";
  readonly expression: Expr;
}

export type Statement = Assignment | ExpressionStatement;

/** A `//` comment, kept so the formatter can print it back. `text` includes the `//`. */
export interface Comment {
  readonly text: string;
  readonly span: Span;
}

export interface Formula extends NodeBase {
  readonly kind: "Formula";
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
}

export type Node = Formula | Statement | Expr;

/** Calls `f` on each direct child of `node`, in source order. */
export function forEachChild(node: Node, f: (child: Node) => void): void {
  switch (node.kind) {
    case "Formula":
      node.statements.forEach(f);
      return;
    case "Assignment":
      f(node.target);
      f(node.value);
      return;
    case "ExpressionStatement":
      f(node.expression);
      return;
    case "UnaryExpr":
      f(node.operand);
      return;
    case "BinaryExpr":
      f(node.left);
      f(node.right);
      return;
    case "ConditionalExpr":
      f(node.test);
      f(node.consequent);
      f(node.alternate);
      return;
    case "CallExpr":
      node.args.forEach(f);
      return;
    case "MethodCallExpr":
      f(node.receiver);
      node.args.forEach(f);
      return;
    case "MemberExpr":
      f(node.object);
      return;
    case "NumberLit":
    case "StringLit":
    case "Ident":
      return;
    default:
      assertNever(node);
  }
}

/** Exhaustiveness guard for `switch (node.kind)`: an internal invariant, never a user error. */
export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
