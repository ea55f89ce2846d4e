// Parse façade: text → AST + every lexical and syntax diagnostic (L1xx, P2xx), sorted.
// Pipeline: lex (Chevrotain Lexer) → nesting guard → CstParser → cst-to-ast. Never throws.

import type { IRecognitionException, IToken } from "chevrotain";
import type { FormulaCstNode } from "../../grammar/cst.d.ts";
import type { Comment, Formula } from "./ast.ts";
import { cstToAst } from "./cst-to-ast.ts";
import { describeValue, report, sortDiagnostics, type Diagnostic } from "../base/diagnostics.ts";
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
  const lowered = cstToAst(cst, text, lexed.comments);
  // A statement dropped for nesting is not an "empty formula"; a stray token the parser already
  // complained about is one error, not two.
  const structural = nesting.diagnostics.length > 0 ? lowered.diagnostics.filter((d) => d.code !== "P209") : lowered.diagnostics;
  const all = [...lexed.diagnostics, ...nesting.diagnostics, ...dedupe([...syntax, ...structural])];
  return { ast: lowered.ast, diagnostics: sortDiagnostics(all), comments: lexed.comments };
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
