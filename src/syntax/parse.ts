// Parse façade: text → AST + every lexical and syntax diagnostic (L1xx, P2xx), sorted.
// Pipeline: lex (Chevrotain Lexer) → nesting guard → CstParser → cst-to-ast. Never throws.

import type { IRecognitionException, IToken } from "chevrotain";
import type { FormulaCstNode } from "../../grammar/cst.d.ts";
import type { Comment, Formula } from "./ast.ts";
import { cstToAst } from "./cst-to-ast.ts";
import { describeValue, report, sortDiagnostics, type Diagnostic, type Span } from "../base/diagnostics.ts";
import { lex } from "./lexer.ts";
import { limitNesting } from "./nesting.ts";
import { parser } from "./parser.ts";

/** Result of {@link parse}. */
export interface ParseResult {
  /** Undefined only when nothing could be recovered (an internal failure). */
  readonly ast: Formula | undefined;
  /** L1xx and P2xx diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The `//` comments, in source order (also on `ast.comments`). */
  readonly comments: readonly Comment[];
}

/**
 * Parses a formula. One pass reports every lexical and syntax error it can recover from; the AST
 * keeps every statement that could be lowered (broken statements are left out).
 */
export function parse(text: string): ParseResult {
  // JavaScript callers can pass anything; that is bad input, not an internal error.
  if (typeof text !== "string") return { ast: undefined, diagnostics: [report("NotText", { start: 0, end: 0 }, describeValue(text))], comments: [] };
  try {
    return parseUnguarded(text);
  } catch (e) {
    // Last resort: an internal bug must still come back as data. Tests fuzz to keep this unused.
    const reason = e instanceof Error ? e.message : String(e);
    return { ast: undefined, diagnostics: [report("InternalParseError", { start: 0, end: 0 }, reason)], comments: [] };
  }
}

function parseUnguarded(text: string): ParseResult {
  const lexed = lex(text);
  const nesting = limitNesting(lexed.tokens);
  parser.input = nesting.tokens as IToken[];
  const cst = parser.formula() as FormulaCstNode;
  const syntax = parser.errors.map((e) => syntaxDiagnostic(e, nesting.tokens, text));
  // Spans of the lexer's token-level diagnostics (not L110, which marks the text past 8192), in
  // source order; they never overlap (each is one token or one run of unmatched characters).
  const lexErrors = lexed.diagnostics
    .filter((d) => d.code !== "L110")
    .map((d) => d.span)
    .sort((a, b) => a.start - b.start);
  const lowered = cstToAst(cst, text, lexed.comments, lexErrors);
  // A statement dropped for nesting is not an "empty formula"; a stray token the parser already
  // complained about is one error, not two.
  const structural = nesting.diagnostics.length > 0 ? lowered.diagnostics.filter((d) => d.code !== "P209") : lowered.diagnostics;
  // One mistake, one diagnostic: a parser diagnostic on a lexer error token (`x = &`) repeats it,
  // and so does "unexpected end" before an unexpected character nothing could parse (`x = @`).
  const onLexError = (d: Diagnostic): boolean => {
    if (d.code === "P208") return lexErrors.length > 0 && lexErrors[lexErrors.length - 1]!.start >= d.span.start;
    const e = lexErrors[lastAtOrBefore(lexErrors, d.span.start)];
    return e !== undefined && d.span.start < Math.max(e.end, e.start + 1);
  };
  const parsed = dedupe([...syntax, ...structural]).filter((d) => !onLexError(d));
  const all = sortDiagnostics([...lexed.diagnostics, ...nesting.diagnostics, ...parsed]);
  return { ast: lowered.ast, diagnostics: firstPerJunkRun(all, lowered.junk), comments: lexed.comments };
}

/** Of the diagnostics (sorted) that start inside one run of stray tokens, only the first: `^=^` is one mistake. */
function firstPerJunkRun(sorted: readonly Diagnostic[], junk: readonly Span[]): Diagnostic[] {
  if (junk.length === 0) return [...sorted];
  const seen = new Set<Span>();
  return sorted.filter((d) => {
    const run = junk[lastAtOrBefore(junk, d.span.start)];
    if (run === undefined || d.span.start >= run.end) return true;
    if (seen.has(run)) return false;
    seen.add(run);
    return true;
  });
}

/**
 * Index of the last span starting at or before `offset` in spans sorted by start (-1: none).
 * Binary search: a formula of junk has thousands of each, and this runs per diagnostic.
 */
export function lastAtOrBefore(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length; // answer + 1 lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// The error provider (parser.ts) put the "expected …" text in the message.
function syntaxDiagnostic(e: IRecognitionException, tokens: readonly IToken[], text: string): Diagnostic {
  const t = e.token;
  if (Number.isFinite(t.startOffset) && t.tokenType.name !== "EOF") {
    const image = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
    return report("UnexpectedToken", { start: t.startOffset, end: t.startOffset + t.image.length }, e.message, `'${image}'`);
  }
  // At the end: point just after the last token (before trailing comments and blank lines).
  const last = tokens[tokens.length - 1];
  const at = last === undefined ? text.length : last.startOffset + last.image.length;
  return report("UnexpectedEnd", { start: at, end: at }, e.message);
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = d.code === "P201" || d.code === "P208" ? `P20x:${d.span.start}` : `${d.code}:${d.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
