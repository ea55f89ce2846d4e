// Lexer: text → tokens, comments and L1xx diagnostics. Never throws; never looks at grammar.
// Error tokens (tokens.ts) stay in the stream as the token the writer meant, so one mistake gives
// one diagnostic; unknown characters are dropped with L101.

import { Lexer, tokenMatcher, type IToken } from "chevrotain";
import type { Comment } from "./ast.ts";
import { report, type Diagnostic, type MessageId } from "./diagnostics.ts";
import { ALL_TOKENS, BlockComment, ERROR_TOKEN_MESSAGES, LexError, LineComment, SingleQuotedString, TrailingDotNumber } from "./tokens.ts";

/** Spec §1.1 / §11.1: the service rejects longer formulas with AutoScalingFormulaTooLong. */
export const MAX_FORMULA_LENGTH = 8192;

/** Result of {@link lex}: tokens for the parser, comments for the formatter, lexical diagnostics. */
export interface LexResult {
  readonly tokens: readonly IToken[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

// One lexer for the process: building it analyses every pattern, which is far too slow per call.
const lexer = new Lexer(ALL_TOKENS as import("chevrotain").TokenType[], {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  recoveryEnabled: true,
});

/** Splits `text` into tokens; reports rejected lexical forms (L101–L111) without stopping. */
export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_FORMULA_LENGTH) {
    diagnostics.push(report("FormulaTooLong", { start: MAX_FORMULA_LENGTH, end: text.length }, text.length));
  }
  for (const e of result.errors) {
    const start = e.offset;
    const end = Math.min(text.length, e.offset + Math.max(1, e.length));
    const ch = String.fromCodePoint(text.codePointAt(start) ?? 0xfffd);
    diagnostics.push(report("UnexpectedCharacter", { start, end }, ch));
  }
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (tokenMatcher(t, LexError)) diagnostics.push(errorTokenDiagnostic(t)); // category lookup, no array scan
  }
  const comments: Comment[] = [];
  for (const t of result.groups["comments"] ?? []) {
    if (t.tokenType === LineComment) comments.push({ text: t.image, span: spanOf(t) });
    else if (t.tokenType === BlockComment) diagnostics.push(errorTokenDiagnostic(t));
  }
  return { tokens, comments, diagnostics };
}

/** Half-open span of a token. */
export function spanOf(t: IToken): { start: number; end: number } {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function errorTokenDiagnostic(t: IToken): Diagnostic {
  const id: MessageId = ERROR_TOKEN_MESSAGES.get(t.tokenType) ?? "UnexpectedCharacter";
  const span = spanOf(t);
  if (t.tokenType === TrailingDotNumber) return report(id, span, t.image, t.image.slice(0, -1));
  if (t.tokenType === SingleQuotedString) return report(id, span, t.image.replace(/^'|'$/g, ""));
  return report(id, span, t.image);
}
