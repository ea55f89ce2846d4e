// Lexer: text → tokens, comments and L1xx diagnostics. Never throws; never looks at grammar.
// Chevrotain's Lexer over ALL_TOKENS (tokens.ts) is the one lexer. Error tokens (tokens.ts) stay in
// the stream as the token the writer meant, so one mistake gives one diagnostic; unknown
// characters are dropped with L101.

import { Lexer, type IToken, type TokenType } from "chevrotain";
import type { Comment } from "./ast.ts";
import { describeValue, report, type Diagnostic, type MessageId } from "../base/diagnostics.ts";
import {
  ALL_TOKENS,
  BlockComment,
  ERROR_TOKEN_MESSAGES,
  Identifier,
  KEYWORD_TOKENS,
  LexError,
  LineComment,
  NumberLiteral,
  numberTokenType,
  SingleQuotedString,
  TrailingDotNumber,
} from "./tokens.ts";

/** Spec §1.1 / §11.1: the service rejects longer formulas with AutoScalingFormulaTooLong. */
export const MAX_FORMULA_LENGTH = 8192;

/** Result of {@link lex}: tokens for the parser, comments for the formatter, lexical diagnostics. */
export interface LexResult {
  readonly tokens: readonly IToken[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

// One instance per process: analysing the patterns takes milliseconds. "onlyOffset": nothing
// downstream reads token lines or columns (spans are offsets; lines are computed when rendering).
const lexer = new Lexer(ALL_TOKENS as TokenType[], {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  recoveryEnabled: true,
});

/** Splits `text` into tokens; reports rejected lexical forms (L101–L111) without stopping. */
export function lex(text: string): LexResult {
  if (typeof text !== "string") return { tokens: [], comments: [], diagnostics: [report("NotText", { start: 0, end: 0 }, describeValue(text))] };
  const result = lexer.tokenize(text);
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const idx = t.tokenTypeIdx;
    if (idx === IDENTIFIER) {
      // Most names cannot be keywords by their first character: skip hashing their image.
      if (KEYWORD_INITIAL[t.image.charCodeAt(0)] === 1) retype(t, KEYWORD_TOKENS.get(t.image));
    } else if (idx === NUMBER) {
      retype(t, numberTokenType(t.image));
    }
  }
  return finish(text, tokens, result.groups["comments"] ?? [], result.errors);
}

/** Diagnostics and comments from a token stream, its comment tokens and its unmatched runs. */
function finish(
  text: string,
  tokens: IToken[],
  commentTokens: readonly IToken[],
  errors: readonly { offset: number; length: number }[],
): LexResult {
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_FORMULA_LENGTH) {
    diagnostics.push(report("FormulaTooLong", { start: MAX_FORMULA_LENGTH, end: text.length }, text.length));
  }
  for (const e of errors) {
    const start = e.offset;
    const end = Math.min(text.length, e.offset + Math.max(1, e.length));
    const ch = String.fromCodePoint(text.codePointAt(start) ?? 0xfffd);
    diagnostics.push(report("UnexpectedCharacter", { start, end }, ch));
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (IS_ERROR[t.tokenTypeIdx] === true) diagnostics.push(errorTokenDiagnostic(t));
  }
  const comments: Comment[] = [];
  for (const t of commentTokens) {
    if (t.tokenType === LineComment) comments.push({ text: t.image, span: spanOf(t) });
    else if (t.tokenType === BlockComment) diagnostics.push(errorTokenDiagnostic(t));
  }
  return { tokens, comments, diagnostics };
}

const IDENTIFIER = Identifier.tokenTypeIdx;
/** By char code: 1 when some keyword (KEYWORD_TOKENS) starts with it. */
const KEYWORD_INITIAL = new Uint8Array(128);
for (const name of KEYWORD_TOKENS.keys()) KEYWORD_INITIAL[name.charCodeAt(0)] = 1;
const NUMBER = NumberLiteral.tokenTypeIdx;
/** By tokenTypeIdx: is this an error token (category LexError)? One array read per token. */
const IS_ERROR: readonly boolean[] = (() => {
  const table: boolean[] = [];
  for (const type of ALL_TOKENS) if (type.tokenTypeIdx !== undefined) table[type.tokenTypeIdx] = type.CATEGORIES?.includes(LexError) ?? false;
  return table;
})();

// Keywords and the number error forms share a pattern with Identifier / NumberLiteral (tokens.ts);
// their real type is set here, before anything reads the tokens.
function retype(t: IToken, type: TokenType | undefined): void {
  if (type === undefined || type === t.tokenType) return;
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
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
