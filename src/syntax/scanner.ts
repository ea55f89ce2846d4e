// Scanner: the production lexer, one charCodeAt loop. It produces exactly what Chevrotain's Lexer
// built from ALL_TOKENS (tokens.ts) produces — the same token objects `{ image, startOffset,
// tokenTypeIdx, tokenType }` (Chevrotain's "onlyOffset" shape, so the parser sees one hidden
// class), the same comments and the same unexpected-character runs — for EVERY input.
// tokens.ts stays the single definition of the token types and their patterns; this file only
// decides, character by character, which of those TokenType objects a lexeme is.
//
// Why a second lexer (measured, issue 2): on the 8 KB dense benchmark formula Chevrotain's lexer
// took ≈ 115–120 µs of a ≈ 600 µs parse (one sticky-regex run per token plus its bookkeeping);
// this loop takes ≈ 70–85 µs, close to its floor of allocating the ~1,700 tokens and images.
// Correctness is not argued but tested: test/property/scanner.property.test.ts compares scanner
// and Chevrotain lexer (lexer.ts `lexReference`) token for token on thousands of
// arbitrary and formula-like strings, including every §11.1 error form. There is NO fallback to
// the Chevrotain lexer in production (not even for error tokens): the property test covers the
// error paths as densely as the clean ones, and a fallback would hide a disagreement instead of
// failing the test that exists to find it.
//
// Reading guide: each `case` names the ALL_TOKENS entries that can start with that character, in
// Chevrotain's priority order (first pattern that matches wins, not the longest).

import type { IToken, TokenType } from "chevrotain";
import * as T from "./tokens.ts";

/**
 * A token type with its index read once: TokenType objects come in many hidden classes, so reading
 * `tokenTypeIdx` from them per token is a megamorphic load (measured: a fifth of the scan time).
 */
interface Kind {
  readonly type: TokenType;
  readonly idx: number;
  /** The image when it is always the same (a string pattern: operators, punctuation): shared, not sliced per token. */
  readonly fixed: string | undefined;
}
const kind = (type: TokenType): Kind => ({ type, idx: type.tokenTypeIdx!, fixed: typeof type.PATTERN === "string" ? type.PATTERN : undefined });

const [AndAnd, Assign, BackslashQuoteString, BadOperator, Bang, BlockComment, Colon, Comma, Dot, EqualEqual] = [
  T.AndAnd, T.Assign, T.BackslashQuoteString, T.BadOperator, T.Bang, T.BlockComment, T.Colon, T.Comma, T.Dot, T.EqualEqual,
].map(kind) as [Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind];
const [EscapedString, ExponentNumber, Greater, GreaterEqual, HexNumber, Identifier, LeadingDotNumber, Less, LessEqual] = [
  T.EscapedString, T.ExponentNumber, T.Greater, T.GreaterEqual, T.HexNumber, T.Identifier, T.LeadingDotNumber, T.Less, T.LessEqual,
].map(kind) as [Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind];
const [LineComment, LParen, Minus, NotEqual, NumberLiteral, OrOr, Plus, Question, RParen, Semicolon] = [
  T.LineComment, T.LParen, T.Minus, T.NotEqual, T.NumberLiteral, T.OrOr, T.Plus, T.Question, T.RParen, T.Semicolon,
].map(kind) as [Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind, Kind];
const [SingleQuotedString, Slash, Star, StringLiteral, TrailingDotNumber, UnterminatedString, VectorLiteral] = [
  T.SingleQuotedString, T.Slash, T.Star, T.StringLiteral, T.TrailingDotNumber, T.UnterminatedString, T.VectorLiteral,
].map(kind) as [Kind, Kind, Kind, Kind, Kind, Kind, Kind];
/** Identifier image → keyword kind (tokens.ts KEYWORD_TOKENS). */
const KEYWORDS: ReadonlyMap<string, Kind> = new Map([...T.KEYWORD_TOKENS].map(([name, type]) => [name, kind(type)]));
/**
 * By initial char code: bit `n` set when some keyword of length `n` starts with it. Only identifiers
 * of such a shape need the map lookup (most names starting with `t` or `r` are not 7–14 long).
 */
const KEYWORD_LENGTHS = new Uint32Array(128);
for (const name of KEYWORDS.keys()) {
  if (name.length > 31) throw new Error(`scanner: keyword ${name} is longer than KEYWORD_LENGTHS can hold`);
  KEYWORD_LENGTHS[name.charCodeAt(0)]! |= 1 << name.length;
}

/** What {@link scan} found: parser tokens, comment tokens (`//` and `/*`), unmatched runs. */
export interface ScanResult {
  readonly tokens: IToken[];
  /** LineComment and BlockComment tokens in source order (Chevrotain's "comments" group). */
  readonly comments: IToken[];
  /** Runs of characters no token pattern matches, as Chevrotain's recovery drops them. */
  readonly errors: { offset: number; length: number }[];
}

// Character classes, indexed by char code (< 128): bit flags.
const DIGIT = 1;
const IDENT_START = 2; // [A-Za-z_]
const IDENT_PART = 4; // [A-Za-z0-9_]
const HEX = 8;
const WORD_OR_DOLLAR = 16; // [\w$], the lookahead after a trailing-dot number
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let flags = 0;
  if (/\d/.test(ch)) flags |= DIGIT | IDENT_PART | WORD_OR_DOLLAR;
  if (/[A-Za-z_]/.test(ch)) flags |= IDENT_START | IDENT_PART | WORD_OR_DOLLAR;
  if (/[0-9a-fA-F]/.test(ch)) flags |= HEX;
  if (ch === "$") flags |= WORD_OR_DOLLAR;
  CLASS[c] = flags;
}
const is = (code: number, flag: number): boolean => code < 128 && (CLASS[code]! & flag) !== 0;

// Single-character tokens with no longer alternative, by char code.
const SINGLE: (Kind | undefined)[] = new Array<Kind | undefined>(128).fill(undefined);
for (const [ch, type] of [
  ["+", Plus],
  ["-", Minus],
  ["*", Star],
  ["?", Question],
  [":", Colon],
  ["(", LParen],
  [")", RParen],
  [",", Comma],
  [";", Semicolon],
  ["%", BadOperator],
  ["^", BadOperator],
] as const) {
  SINGLE[ch.charCodeAt(0)] = type;
}

const token = (image: string, startOffset: number, k: Kind): IToken =>
  // Same property order as Chevrotain's createOffsetOnlyToken: one hidden class for all tokens.
  ({ image, startOffset, tokenTypeIdx: k.idx, tokenType: k.type }) as IToken;

/** Splits `text` exactly as the Chevrotain lexer over ALL_TOKENS (with keywords and number forms retyped). */
export function scan(text: string): ScanResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: { offset: number; length: number }[] = [];
  const n = text.length;
  let nextCR = -1; // offset of the next `\r` at or after the last line comment's start (n: none)
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    let type: Kind | undefined;
    if (is(c, IDENT_START)) {
      // Names first: the most frequent lexeme.
      i++;
      while (is(text.charCodeAt(i), IDENT_PART)) i++;
      const image = text.slice(start, i);
      const length = i - start;
      const keyword = length < 32 && ((KEYWORD_LENGTHS[c]! >>> length) & 1) === 1 ? KEYWORDS.get(image) : undefined;
      tokens.push(token(image, start, keyword ?? Identifier));
      continue;
    }
    const single = c < 128 ? SINGLE[c] : undefined;
    if (single !== undefined) {
      tokens.push(token(text[i]!, i, single));
      i++;
      continue;
    }
    switch (c) {
      case 32: // WhiteSpace: [ \t\r\n]+
      case 9:
      case 10:
      case 13: {
        i++;
        for (let w = text.charCodeAt(i); w === 32 || w === 9 || w === 10 || w === 13; w = text.charCodeAt(++i));
        continue;
      }
      case 47: {
        // BlockComment, LineComment, Slash
        const next = text.charCodeAt(i + 1);
        if (next === 42) {
          const close = text.indexOf("*/", i + 2);
          i = close < 0 ? n : close + 2;
          comments.push(token(text.slice(start, i), start, BlockComment));
          continue;
        }
        if (next === 47) {
          // Up to the next `\n` or `\r`: two indexOf scans (native) instead of a charCodeAt loop.
          // The next `\r` is remembered: most texts have none, and looking again per comment would
          // rescan the rest of the text each time.
          if (nextCR < i) {
            nextCR = text.indexOf("\r", i + 2);
            if (nextCR < 0) nextCR = n;
          }
          let lf = text.indexOf("\n", i + 2);
          if (lf < 0) lf = n;
          i = lf < nextCR ? lf : nextCR;
          comments.push(token(text.slice(start, i), start, LineComment));
          continue;
        }
        type = Slash;
        i++;
        break;
      }
      case 46: // LeadingDotNumber, Dot
        if (is(text.charCodeAt(i + 1), DIGIT)) {
          i += 2;
          while (is(text.charCodeAt(i), DIGIT)) i++;
          type = LeadingDotNumber;
        } else {
          type = Dot;
          i++;
        }
        break;
      case 34: // StringLiteral, EscapedString, UnterminatedString
        type = scanDoubleQuoted(text, i);
        i = end;
        break;
      case 39: {
        // SingleQuotedString: '[^'\n\r]*'?
        i++;
        let w = text.charCodeAt(i);
        while (i < n && w !== 39 && w !== 10 && w !== 13) w = text.charCodeAt(++i);
        if (w === 39) i++;
        type = SingleQuotedString;
        break;
      }
      case 91: {
        // VectorLiteral: \[[^\[\]]*\]?
        i++;
        let w = text.charCodeAt(i);
        while (i < n && w !== 91 && w !== 93) w = text.charCodeAt(++i);
        if (w === 93) i++;
        type = VectorLiteral;
        break;
      }
      case 92: {
        // BackslashQuoteString: \\"[^"\n\r]*"
        const close = backslashQuoteEnd(text, i);
        if (close < 0) break; // unexpected character
        type = BackslashQuoteString;
        i = close;
        break;
      }
      case 60: // LessEqual, Less
        type = text.charCodeAt(i + 1) === 61 ? LessEqual : Less;
        i += type === LessEqual ? 2 : 1;
        break;
      case 62: // GreaterEqual, Greater
        type = text.charCodeAt(i + 1) === 61 ? GreaterEqual : Greater;
        i += type === GreaterEqual ? 2 : 1;
        break;
      case 61: // EqualEqual, Assign
        type = text.charCodeAt(i + 1) === 61 ? EqualEqual : Assign;
        i += type === EqualEqual ? 2 : 1;
        break;
      case 33: // NotEqual, Bang
        type = text.charCodeAt(i + 1) === 61 ? NotEqual : Bang;
        i += type === NotEqual ? 2 : 1;
        break;
      case 38: // AndAnd, BadOperator
        type = text.charCodeAt(i + 1) === 38 ? AndAnd : BadOperator;
        i += type === AndAnd ? 2 : 1;
        break;
      case 124: // OrOr, BadOperator
        type = text.charCodeAt(i + 1) === 124 ? OrOr : BadOperator;
        i += type === OrOr ? 2 : 1;
        break;
      case 36: // Identifier with `$`
        if (!is(text.charCodeAt(i + 1), IDENT_START)) break; // unexpected character
        i += 2;
        while (is(text.charCodeAt(i), IDENT_PART)) i++;
        type = Identifier;
        break;
      default:
        if (is(c, DIGIT)) {
          type = scanNumber(text, i);
          i = end;
        }
    }
    if (type !== undefined) {
      tokens.push(token(type.fixed ?? text.slice(start, i), start, type));
      continue;
    }
    // Chevrotain's recovery: drop characters until one where some pattern matches.
    i++;
    while (i < n && !canStart(text, i)) i++;
    errors.push({ offset: start, length: i - start });
  }
  return { tokens, comments, errors };
}

/** End offset of the lexeme the last scanDoubleQuoted / scanNumber call found (no tuple allocated). */
let end = 0;

/** `"…`: the three patterns share a prefix; a backslash makes it EscapedString (StringLiteral fails there). */
function scanDoubleQuoted(text: string, start: number): Kind {
  const n = text.length;
  let escaped = false;
  let i = start + 1;
  while (i < n) {
    const w = text.charCodeAt(i);
    if (w === 34) {
      end = i + 1;
      return escaped ? EscapedString : StringLiteral;
    }
    if (w === 10 || w === 13) break;
    if (w === 92) {
      const e = text.charCodeAt(i + 1);
      if (i + 1 >= n || e === 10 || e === 13) break; // `\\[^\n\r]` cannot match: no closing quote
      escaped = true;
      i += 2;
    } else i++;
  }
  // UnterminatedString: "[^\n\r);]*
  i = start + 1;
  for (let w = text.charCodeAt(i); i < n && w !== 10 && w !== 13 && w !== 41 && w !== 59; w = text.charCodeAt(++i));
  end = i;
  return UnterminatedString;
}

/** End of a BackslashQuoteString at `start`, or -1 when the pattern does not match. */
function backslashQuoteEnd(text: string, start: number): number {
  if (text.charCodeAt(start + 1) !== 34) return -1;
  for (let i = start + 2; i < text.length; i++) {
    const w = text.charCodeAt(i);
    if (w === 34) return i + 1;
    if (w === 10 || w === 13) return -1;
  }
  return -1;
}

/**
 * NumberLiteral's pattern `0[xX][0-9a-fA-F]+|\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+|\.(?![\w$]))?`
 * and the type `numberTokenType` (tokens.ts) gives its image.
 */
function scanNumber(text: string, start: number): Kind {
  let i = start;
  if (text.charCodeAt(i) === 48) {
    const x = text.charCodeAt(i + 1);
    if ((x === 120 || x === 88) && is(text.charCodeAt(i + 2), HEX)) {
      i += 3;
      while (is(text.charCodeAt(i), HEX)) i++;
      end = i;
      return HexNumber;
    }
  }
  while (is(text.charCodeAt(i), DIGIT)) i++;
  const next = text.charCodeAt(i);
  if (next === 46) {
    const after = text.charCodeAt(i + 1);
    if (is(after, DIGIT)) {
      i += 2;
      while (is(text.charCodeAt(i), DIGIT)) i++;
      const e = exponentEnd(text, i);
      end = e < 0 ? i : e;
      return e < 0 ? NumberLiteral : ExponentNumber;
    }
    if (is(after, WORD_OR_DOLLAR)) {
      end = i;
      return NumberLiteral;
    }
    end = i + 1;
    return TrailingDotNumber;
  }
  const e = exponentEnd(text, i);
  end = e < 0 ? i : e;
  return e < 0 ? NumberLiteral : ExponentNumber;
}

/** End of `[eE][+-]?\d+` at `i`, or -1. */
function exponentEnd(text: string, i: number): number {
  const e = text.charCodeAt(i);
  if (e !== 101 && e !== 69) return -1;
  let j = i + 1;
  const sign = text.charCodeAt(j);
  if (sign === 43 || sign === 45) j++;
  if (!is(text.charCodeAt(j), DIGIT)) return -1;
  while (is(text.charCodeAt(j), DIGIT)) j++;
  return j;
}

/** Would any pattern of ALL_TOKENS match at `i`? (Where Chevrotain's error recovery resumes.) */
function canStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 36) return is(text.charCodeAt(i + 1), IDENT_START);
  if (c === 92) return backslashQuoteEnd(text, i) >= 0;
  return is(c, DIGIT | IDENT_START) || STARTERS.includes(c);
}
const STARTERS: readonly number[] = [...` \t\r\n/."'[<>=!&|+-*?:(),;%^`].map((ch) => ch.charCodeAt(0));
