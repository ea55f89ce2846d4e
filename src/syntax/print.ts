// Printer: AST → canonical formula text (the formatter), and a compact S-expression tree for tests
// and docs. Only prints; it never re-parses or checks. parse(print(ast)) equals ast modulo ids/spans.

import { assertNever, type Expr, type Formula, type Node } from "./ast.ts";
import { PRECEDENCE } from "./precedence.ts";
import { hasErrors } from "../base/diagnostics.ts";
import { MAX_FORMULA_LENGTH } from "./lexer.ts";
import { parse } from "./parse.ts";

// Binding strength for parenthesisation: ternary < binary levels (1–6) < unary < postfix/primary.
const CONDITIONAL = 0;
const UNARY = 7;
const POSTFIX = 8;

function strength(e: Expr): number {
  switch (e.kind) {
    case "ConditionalExpr":
      return CONDITIONAL;
    case "BinaryExpr":
      return PRECEDENCE[e.op];
    case "UnaryExpr":
      return UNARY;
    default:
      return POSTFIX;
  }
}

/**
 * One expression, canonical: spaces around binary operators, `a ? b : c`, `f(a, b)`, numbers as
 * written, and only the parentheses that precedence and associativity (§3.2) require. With
 * `compact`, without the optional spaces (`a+b*c`, `a?b:c`, `f(a,b)`).
 */
export function printExpr(e: Expr, compact = false): string {
  return exprText(e, compact);
}

/**
 * {@link printExpr}; compact text has no optional spaces.
 * Every operator is punctuation and no two of them lex as one when written side by side
 * (`a- -b` → `a--b` is `a`, `-`, `-`, `b`: there is no `--` token), so compact text parses back to the same tree.
 */
function exprText(e: Expr, compact: boolean): string {
  const wrap = (x: Expr, needsParens: boolean): string => (needsParens ? `(${exprText(x, compact)})` : exprText(x, compact));
  const sp = compact ? "" : " ";
  const args = (xs: readonly Expr[]): string => xs.map((x) => exprText(x, compact)).join(compact ? "," : ", ");
  switch (e.kind) {
    case "NumberLit":
      return e.raw;
    case "StringLit":
      return `"${e.value}"`;
    case "Ident":
      return e.name;
    case "UnaryExpr":
      return `${e.op}${wrap(e.operand, strength(e.operand) < UNARY)}`;
    case "BinaryExpr": {
      const p = PRECEDENCE[e.op];
      // Left-associative: an equal-strength operator needs parentheses only on the right.
      return `${wrap(e.left, strength(e.left) < p)}${sp}${e.op}${sp}${wrap(e.right, strength(e.right) <= p)}`;
    }
    case "ConditionalExpr":
      // Right-associative: only a ternary in the test position needs parentheses.
      return `${wrap(e.test, strength(e.test) === CONDITIONAL)}${sp}?${sp}${exprText(e.consequent, compact)}${sp}:${sp}${exprText(e.alternate, compact)}`;
    case "CallExpr":
      return `${e.callee}(${args(e.args)})`;
    case "MethodCallExpr":
      return `${wrap(e.receiver, strength(e.receiver) < POSTFIX)}.${e.method}(${args(e.args)})`;
    case "MemberExpr":
      return `${wrap(e.object, strength(e.object) < POSTFIX)}.${e.member}`;
    default:
      return assertNever(e);
  }
}

/**
 * The formatter: one statement per line ending in `;`, comments kept. With the original `source`,
 * a comment on the same line after a statement stays there and single blank lines between items
 * are kept; without it every comment goes on its own line before the statement that follows it.
 * It never grows a formula past the 8192-character limit (spec §11.1): see {@link printWithLayout}.
 */
export function print(formula: Formula, source?: string): string {
  return printWithLayout(formula, source).text;
}

/**
 * How {@link print} laid the formula out: `canonical` (without the source's blank lines if they
 * alone pass the limit); `compact` (no optional spaces, one statement per line, no blank lines)
 * when the canonical text would pass 8192 characters; `source` (the text unchanged) when even the
 * compact one would and the source did not. Each choice is a fixed point: formatting the output
 * again gives the same text.
 */
export type Layout = "canonical" | "compact" | "source";

/** {@link print}, saying which layout it used, so callers (`autoscale fmt`) can tell the user. */
export function printWithLayout(formula: Formula, source?: string): { readonly text: string; readonly layout: Layout } {
  const canonical = layOut(formula, source, false, true);
  if (canonical.length <= MAX_FORMULA_LENGTH) return { text: canonical, layout: "canonical" };
  // Decided without the blank lines, which compact text does not have: so formatting the compact
  // text again makes the same choice.
  const tight = layOut(formula, source, false, false);
  if (tight.length <= MAX_FORMULA_LENGTH) return { text: tight, layout: "canonical" };
  const compact = layOut(formula, source, true, false);
  if (compact.length <= MAX_FORMULA_LENGTH || source === undefined || source.length > MAX_FORMULA_LENGTH) {
    return compact.length < tight.length ? { text: compact, layout: "compact" } : { text: tight, layout: "canonical" };
  }
  return { text: source, layout: "source" };
}

function layOut(formula: Formula, source: string | undefined, compact: boolean, blankLines: boolean): string {
  const comments = [...formula.comments].sort((a, b) => a.span.start - b.span.start);
  const lines: string[] = [];
  let ci = 0;
  let prevEnd: number | undefined;
  const gap = (start: number): void => {
    if (!blankLines || source === undefined || prevEnd === undefined || start < prevEnd) return;
    if ((source.slice(prevEnd, start).match(/\r\n|\r|\n/g)?.length ?? 0) >= 2) lines.push("");
  };
  for (const s of formula.statements) {
    // Own-line comments before the statement, and comments inside it, go above it.
    while (ci < comments.length && comments[ci]!.span.start < s.span.end) {
      const c = comments[ci++]!;
      gap(Math.min(c.span.start, s.span.start)); // a comment inside the statement sits on its top
      lines.push(c.text.trimEnd());
      prevEnd = c.span.end;
    }
    gap(s.span.start);
    const assign = compact ? "=" : " = ";
    let line = s.kind === "Assignment" ? `${s.target.name}${assign}${exprText(s.value, compact)};` : `${exprText(s.expression, compact)};`;
    prevEnd = s.span.end;
    const next = comments[ci];
    if (source !== undefined && next !== undefined && /^[ \t;]*$/.test(source.slice(s.span.end, next.span.start))) {
      line += `${compact ? "" : " "}${next.text.trimEnd()}`;
      prevEnd = next.span.end;
      ci++;
    }
    lines.push(line);
  }
  for (; ci < comments.length; ci++) {
    const c = comments[ci]!;
    gap(c.span.start);
    lines.push(c.text.trimEnd());
    prevEnd = c.span.end;
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * Formats formula text; `undefined` when it has lexical or syntax errors, since printing the AST
 * of a broken formula would silently drop what could not be parsed. Warnings (`;;`) are fixed.
 */
export function formatFormula(text: string): string | undefined {
  const { ast, diagnostics } = parse(text);
  if (ast === undefined || hasErrors(diagnostics)) return undefined;
  return print(ast, text);
}

/** Compact S-expression of a node, e.g. `(= x (+ 1 (call max a b)))`; for tests and docs. */
export function printTree(node: Node): string {
  switch (node.kind) {
    case "Formula":
      return node.statements.map(printTree).join("\n");
    case "Assignment":
      return `(= ${node.target.name} ${printTree(node.value)})`;
    case "ExpressionStatement":
      return printTree(node.expression);
    case "NumberLit":
      return node.raw;
    case "StringLit":
      return JSON.stringify(node.value);
    case "Ident":
      return node.name;
    case "UnaryExpr":
      return `(${node.op} ${printTree(node.operand)})`;
    case "BinaryExpr":
      return `(${node.op} ${printTree(node.left)} ${printTree(node.right)})`;
    case "ConditionalExpr":
      return `(?: ${printTree(node.test)} ${printTree(node.consequent)} ${printTree(node.alternate)})`;
    case "CallExpr":
      return `(call ${[node.callee, ...node.args.map(printTree)].join(" ")})`;
    case "MethodCallExpr":
      return `(method ${[printTree(node.receiver), node.method, ...node.args.map(printTree)].join(" ")})`;
    case "MemberExpr":
      return `(member ${printTree(node.object)} ${node.member})`;
    default:
      return assertNever(node);
  }
}
