// Shape validation of an AST handed to `check` by JavaScript callers, who can build anything: a
// node without a `kind`, an assignment target without a name, a `null` statement, a cycle. The
// checker trusts the shape the parser produces (ast.ts); this walk proves it first, iteratively
// (no recursion on the input), so `check` answers C322 NotFormula instead of throwing.

import { describeValue, type Span } from "../base/diagnostics.ts";
import type { BinaryOp, UnaryOp } from "../syntax/ast.ts";

/** Deepest expression nesting accepted (the parser stops at 256 levels, P207; the checker recurses per level). */
export const MAX_AST_DEPTH = 1_000;
/** Most nodes accepted in one AST (a parsed 8,192-character formula has a few thousand). */
export const MAX_AST_NODES = 1_000_000;

/** A problem with an AST's shape: what is wrong (`path: problem`) and the closest valid span. */
export interface AstShapeProblem {
  readonly message: string;
  readonly span: Span;
  /** the shape is fine as far as it was walked, but it nests deeper than MAX_AST_DEPTH (P207, like the parser) */
  readonly tooDeep?: true;
}

const UNARY_OPS: ReadonlySet<string> = new Set<UnaryOp>(["-", "!"]);
const BINARY_OPS: ReadonlySet<string> = new Set<BinaryOp>(["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||"]);

type Field = "expr" | "exprs" | "ident" | "string" | "number" | "span" | "unary" | "binary";

/** The fields each node kind must have, besides `kind`, `id` and `span` (ast.ts). */
const SHAPES: Readonly<Record<string, Readonly<Record<string, Field>>>> = {
  Assignment: { target: "ident", value: "expr" },
  ExpressionStatement: { expression: "expr" },
  NumberLit: { value: "number", raw: "string" },
  StringLit: { value: "string" },
  Ident: { name: "string" },
  UnaryExpr: { op: "unary", operand: "expr" },
  BinaryExpr: { op: "binary", opSpan: "span", left: "expr", right: "expr" },
  ConditionalExpr: { test: "expr", consequent: "expr", alternate: "expr" },
  CallExpr: { callee: "string", calleeSpan: "span", argsSpan: "span", args: "exprs" },
  MethodCallExpr: { receiver: "expr", method: "string", methodSpan: "span", argsSpan: "span", args: "exprs" },
  MemberExpr: { object: "expr", member: "string", memberSpan: "span" },
};
const STATEMENT_KINDS: ReadonlySet<string> = new Set(["Assignment", "ExpressionStatement"]);
const EXPR_KINDS: ReadonlySet<string> = new Set(Object.keys(SHAPES).filter((k) => !STATEMENT_KINDS.has(k)));

const NO_SPAN: Span = { start: 0, end: 0 };

/**
 * The first thing about `ast` that is not the shape `parse` returns, or undefined when it is a
 * formula the checker can walk. The root needs only a `statements` array (and, if present, a
 * valid span); every statement and expression below it is checked field by field, nodes may not
 * repeat (no cycles or shared nodes), depth and size are bounded. Never throws (a getter that
 * throws or a Proxy is itself the problem).
 */
export function validateAst(ast: unknown): AstShapeProblem | undefined {
  try {
    return walk(ast);
  } catch (e) {
    return { message: `an AST that cannot be read (${e instanceof Error ? e.message : "an exception"})`, span: NO_SPAN };
  }
}

function walk(ast: unknown): AstShapeProblem | undefined {
  const problem = (path: string, text: string, span: Span): AstShapeProblem => ({ message: `an AST whose ${path} ${text}`, span });
  // Not a formula at all: say what it is, as check always has.
  if (typeof ast !== "object" || ast === null || !Array.isArray((ast as { statements?: unknown }).statements)) return { message: describeValue(ast), span: NO_SPAN };
  const root = ast as Record<string, unknown>;
  if (root.kind !== undefined && root.kind !== "Formula") return problem("root", `has kind ${quote(root.kind)}, not "Formula"`, NO_SPAN);
  if (root.span !== undefined && !isSpan(root.span)) return problem("root.span", "is not a span { start, end }", NO_SPAN);
  const statements = root.statements as unknown[];
  const seen = new Set<object>();
  // Explicit stack: [node, path, expected role, depth, span of the closest valid ancestor]
  const stack: [unknown, string, "statement" | "expr" | "ident", number, Span][] = [];
  for (let i = statements.length - 1; i >= 0; i--) stack.push([statements[i], `statements[${i}]`, "statement", 1, NO_SPAN]);
  while (stack.length > 0) {
    const [node, path, role, depth, outer] = stack.pop()!;
    if (typeof node !== "object" || node === null || Array.isArray(node)) return problem(path, `is ${kindOf(node)}, not a node`, outer);
    if (seen.has(node)) return problem(path, "is a node that already appears elsewhere in the tree (a cycle or a shared node)", outer);
    seen.add(node);
    if (seen.size > MAX_AST_NODES) return problem(path, `is past the limit of ${MAX_AST_NODES} nodes`, outer);
    if (depth > MAX_AST_DEPTH) return { ...problem(path, `is nested more than ${MAX_AST_DEPTH} levels deep`, outer), tooDeep: true };
    const n = node as Record<string, unknown>;
    const kind = n.kind;
    const allowed = role === "statement" ? STATEMENT_KINDS : role === "ident" ? IDENT : EXPR_KINDS;
    if (typeof kind !== "string" || !allowed.has(kind)) {
      return problem(`${path}.kind`, `is ${quote(kind)}; expected ${role === "statement" ? "Assignment or ExpressionStatement" : role === "ident" ? "Ident" : "an expression kind"}`, outer);
    }
    if (!Number.isSafeInteger(n.id) || (n.id as number) < 0) return problem(`${path}.id`, `is ${quote(n.id)}, not a non-negative integer`, outer);
    if (!isSpan(n.span)) return problem(`${path}.span`, "is not a span { start, end }", outer);
    const span = n.span as Span;
    for (const [field, want] of Object.entries(SHAPES[kind]!)) {
      const v = n[field];
      const at = `${path}.${field}`;
      switch (want) {
        case "expr":
        case "ident":
          stack.push([v, at, want, depth + 1, span]);
          break;
        case "exprs":
          if (!Array.isArray(v)) return problem(at, `is ${kindOf(v)}, not a list of expressions`, span);
          for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`, "expr", depth + 1, span]);
          break;
        case "string":
          if (typeof v !== "string") return problem(at, `is ${kindOf(v)}, not a string`, span);
          break;
        case "number":
          if (typeof v !== "number") return problem(at, `is ${kindOf(v)}, not a number`, span);
          break;
        case "span":
          if (!isSpan(v)) return problem(at, "is not a span { start, end }", span);
          break;
        case "unary":
          if (typeof v !== "string" || !UNARY_OPS.has(v)) return problem(at, `is ${quote(v)}, not a unary operator (- !)`, span);
          break;
        case "binary":
          if (typeof v !== "string" || !BINARY_OPS.has(v)) return problem(at, `is ${quote(v)}, not a binary operator`, span);
          break;
      }
    }
  }
  return undefined;
}

const IDENT: ReadonlySet<string> = new Set(["Ident"]);

/** Half-open offsets: integers with 0 ≤ start ≤ end. */
function isSpan(x: unknown): boolean {
  if (typeof x !== "object" || x === null) return false;
  const { start, end } = x as { start?: unknown; end?: unknown };
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && (start as number) >= 0 && (start as number) <= (end as number);
}

function kindOf(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "a list";
  if (x === undefined) return "missing";
  if (typeof x === "object") return "an object";
  if (typeof x === "function" || typeof x === "symbol") return `a ${typeof x}`;
  return `the ${typeof x} ${quote(x)}`;
}

/** A short, safe rendering of a scalar (objects and long strings abbreviated). */
function quote(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return String(x);
  if (x === undefined) return "missing";
  if (x === null) return "null";
  return typeof x === "object" ? (Array.isArray(x) ? "a list" : "an object") : typeof x;
}
