// Tokens: every lexeme of spec §1 plus "error tokens" for the rejected forms of §11.1.
// Error tokens stand in for the token the writer meant (a category), so the parser carries on and
// each mistake gets exactly one diagnostic from the lexer. No parsing or name resolution here.

import { createToken, Lexer, type TokenType } from "chevrotain";
import type { MessageId } from "../base/diagnostics.ts";

// ---- abstract categories (never matched directly) -------------------------------------------

/** Anything the parser accepts as a name: identifiers, `TimeInterval_*`, deallocation keywords. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
/** The ten `TimeInterval_*` constants (spec §1.6). */
export const TimeIntervalConstant = createToken({ name: "TimeIntervalConstant", pattern: Lexer.NA, categories: [Name] });
/** `requeue`, `terminate`, `taskcompletion`, `retaineddata` (spec §7). */
export const DeallocKeyword = createToken({ name: "DeallocKeyword", pattern: Lexer.NA, categories: [Name] });
/**
 * Every binary operator. The parser reads operator chains flat and cst-to-ast.ts applies the §3.2
 * levels (its PRECEDENCE, the one precedence table), so there are no per-level categories.
 */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA, label: "an operator" });
/** Level 2 of spec §3.2 (prefix). */
export const UnaryOp = createToken({ name: "UnaryOp", pattern: Lexer.NA, label: "'-' or '!'" });
/** Marks error tokens; the lexer reports them and the parser sees their other category. */
export const LexError = createToken({ name: "LexError", pattern: Lexer.NA });

// ---- trivia ---------------------------------------------------------------------------------

/** Spaces, tabs, CR, LF (spec §1.2). Other Unicode spaces are unexpected characters. */
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `// …` to end of line (spec §1.3); kept in the "comments" group for the formatter. */
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
/** `/* … *\/` — rejected (§11.1, L103); unterminated ones run to the end of the text. */
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*(?:[\s\S]*?\*\/|[\s\S]*)/,
  group: "comments",
  line_breaks: true,
  categories: [LexError],
});

// ---- literals -------------------------------------------------------------------------------

/** `digits` or `digits.digits` (spec §1.6, §11.1): the clean number, for editors. */
const CLEAN_NUMBER = /\d+(?:\.\d+)?/;

/**
 * Every digit-initial lexeme in ONE pattern (one regex run per number instead of four): lexer.ts
 * then gives the token its real type with {@link numberTokenType}. The alternatives are the old per-token
 * patterns in their old priority order: `0x1F` (L107), `1e3` / `2.5E-2` (L106), `5.` not followed
 * by a digit or a name (`5.hour` stays number, dot, name; L105), `digits[.digits]`.
 */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /0[xX][0-9a-fA-F]+|\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+|\.(?![\w$]))?/,
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  label: "a number",
});
/** `0x1F` (L107); assigned after lexing. */
export const HexNumber = createToken({ name: "HexNumber", pattern: Lexer.NA, categories: [NumberLiteral, LexError] });
/** `1e3`, `2.5E-2` (L106); assigned after lexing. */
export const ExponentNumber = createToken({ name: "ExponentNumber", pattern: Lexer.NA, categories: [NumberLiteral, LexError] });
/** `5.` (L105); assigned after lexing. */
export const TrailingDotNumber = createToken({ name: "TrailingDotNumber", pattern: Lexer.NA, categories: [NumberLiteral, LexError] });

/** The type of a NumberLiteral-pattern lexeme: the clean literal or one of its error forms. */
export function numberTokenType(image: string): TokenType {
  const second = image.charCodeAt(1);
  if (second === 120 || second === 88) return HexNumber; // "0x…" / "0X…" (the pattern needs a hex digit after)
  for (let i = 1; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 101 || c === 69) return ExponentNumber; // e / E
  }
  return image.charCodeAt(image.length - 1) === 46 ? TrailingDotNumber : NumberLiteral; // ends with "."
}

/** `.5` (L104). */
export const LeadingDotNumber = createToken({ name: "LeadingDotNumber", pattern: /\.\d+/, categories: [NumberLiteral, LexError] });
/** `"…"` on one line, no escapes (spec §1.6). */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"[^"\\\n\r]*"/, label: "a string" });
/** `"a\"b"` — a backslash inside a string (L109). */
export const EscapedString = createToken({
  name: "EscapedString",
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [StringLiteral, LexError],
});
/** `\"…\"` — the BatchExplorer sample's escaped quotes outside any string (L109, spec §9.4). */
export const BackslashQuoteString = createToken({
  name: "BackslashQuoteString",
  pattern: /\\"[^"\n\r]*"/,
  categories: [StringLiteral, LexError],
});
/**
 * `"…` without its closing quote on the same line (L102). It stops before `)` and `;` (which real
 * strings never contain) so `time("Mon, 06 Oct 2014);` still parses after the one error.
 */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"[^\n\r);]*/, categories: [StringLiteral, LexError] });
/** `'…'` (L108). */
export const SingleQuotedString = createToken({ name: "SingleQuotedString", pattern: /'[^'\n\r]*'?/, categories: [StringLiteral, LexError] });
/** `[1, 2, 3]` (L111); stands in for a number so the statement still parses. */
export const VectorLiteral = createToken({
  name: "VectorLiteral",
  pattern: /\[[^\[\]]*\]?/,
  line_breaks: true,
  categories: [NumberLiteral, LexError],
});

// ---- names ----------------------------------------------------------------------------------

/** Optional `$`, a letter or `_`, then letters, digits, `_` (spec §1.5). */
export const Identifier = createToken({ name: "Identifier", pattern: /\$?[A-Za-z_][A-Za-z0-9_]*/, categories: [Name], label: "a name" });

// Spec §1.6 / §7: the spellings of the constants and deallocation keywords are listed once, here
// (syntax imports nothing of check); check/symbols.ts attaches their values and docs, keyed by
// these names (its tables are typed by them, so a missing or extra row does not compile).
// Case-only variants lex as identifiers (checker: C303).

/** Spec §1.6: the complete list of time-interval constants, canonical casing. */
export const TIME_INTERVAL_NAMES = [
  "TimeInterval_Zero",
  "TimeInterval_100ns",
  "TimeInterval_Microsecond",
  "TimeInterval_Millisecond",
  "TimeInterval_Second",
  "TimeInterval_Minute",
  "TimeInterval_Hour",
  "TimeInterval_Day",
  "TimeInterval_Week",
  "TimeInterval_Year",
] as const;
export type TimeIntervalName = (typeof TIME_INTERVAL_NAMES)[number];

/** Spec §7: values of `$NodeDeallocationOption`, `requeue` (the default) first. */
export const DEALLOC_KEYWORDS = ["requeue", "terminate", "taskcompletion", "retaineddata"] as const;
export type DeallocKeywordName = (typeof DEALLOC_KEYWORDS)[number];

// Keywords are lexed as Identifier and typed by their image (KEYWORD_TOKENS, lexer.ts) instead of
// one pattern each: `TimeInterval_MinuteX` / `requeued` stay identifiers by construction.
const keyword = (name: string, category: TokenType): TokenType =>
  createToken({ name, pattern: Lexer.NA, categories: [category, Name] });

/** One token type per `TimeInterval_*` constant. */
export const TIME_INTERVAL_TOKENS: readonly TokenType[] = TIME_INTERVAL_NAMES.map((n) => keyword(n, TimeIntervalConstant));
/** One token type per deallocation keyword. */
export const DEALLOC_TOKENS: readonly TokenType[] = DEALLOC_KEYWORDS.map((n) => keyword(n, DeallocKeyword));
/** Identifier image → keyword token type (exact, case-sensitive spelling). */
export const KEYWORD_TOKENS: ReadonlyMap<string, TokenType> = new Map(
  [...TIME_INTERVAL_TOKENS, ...DEALLOC_TOKENS].map((t) => [t.name, t] as const),
);

// ---- operators and punctuation (spec §1.7) ------------------------------------------------------

const punct = (name: string, text: string, categories: TokenType[] = []): TokenType =>
  createToken({ name, pattern: text, label: `'${text}'`, categories });

const B = BinaryOperator;
export const LessEqual = punct("LessEqual", "<=", [B]);
export const Less = punct("Less", "<", [B]);
export const GreaterEqual = punct("GreaterEqual", ">=", [B]);
export const Greater = punct("Greater", ">", [B]);
export const EqualEqual = punct("EqualEqual", "==", [B]);
export const NotEqual = punct("NotEqual", "!=", [B]);
export const AndAnd = punct("AndAnd", "&&", [B]);
export const OrOr = punct("OrOr", "||", [B]);
export const Plus = punct("Plus", "+", [B]);
export const Minus = punct("Minus", "-", [UnaryOp, B]);
export const Star = punct("Star", "*", [B]);
export const Slash = punct("Slash", "/", [B]);
export const Bang = punct("Bang", "!", [UnaryOp]);
export const Assign = punct("Assign", "=");
export const Question = punct("Question", "?");
export const Colon = punct("Colon", ":");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const Comma = punct("Comma", ",");
export const Dot = punct("Dot", ".");
export const Semicolon = punct("Semicolon", ";");
/**
 * `%`, `^`, `&`, `|` (not autoscale operators, spec §1.7): L101, parsed as a binary operator (cst-to-ast's
 * binaryOp reads `&` as `&&`, `|` as `||`, the others as `*`) so the rest of the statement is still checked.
 */
export const BadOperator = createToken({ name: "BadOperator", pattern: /[%^&|]/, categories: [BinaryOperator, LexError] });

/**
 * The parser's vocabulary, and the lexer's patterns in priority order (lexer.ts). Chevrotain takes
 * the FIRST pattern that matches, so:
 * - comments before `/`; the block-comment error before the line comment is irrelevant (`/*` vs `//`);
 * - the number error forms are alternatives inside NumberLiteral's pattern (see there); `.5` before `.`;
 * - clean strings before the escaped / unterminated error forms, which are supersets;
 * - TimeInterval_* and deallocation keywords are Identifier lexemes, typed by their image (KEYWORD_TOKENS);
 * - two-character operators before their one-character prefixes (`<=` before `<`, `==` before
 *   `=`, `!=` before `!`).
 * Characters nothing matches (`@`, `#`, `~`, a lone `$`, …) become L101 via the lexer's error list
 * (`%`, `^`, `&`, `|` are BadOperator tokens, also L101).
 */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  BlockComment,
  LineComment,
  NumberLiteral,
  LeadingDotNumber,
  StringLiteral,
  EscapedString,
  UnterminatedString,
  BackslashQuoteString,
  SingleQuotedString,
  VectorLiteral,
  Identifier,
  LessEqual,
  Less,
  GreaterEqual,
  Greater,
  EqualEqual,
  NotEqual,
  Assign,
  AndAnd,
  OrOr,
  Plus,
  Minus,
  Star,
  Slash,
  Bang,
  Question,
  Colon,
  LParen,
  RParen,
  Comma,
  Dot,
  Semicolon,
  BadOperator,
  // no pattern (assigned after lexing) but the parser must know them
  HexNumber,
  ExponentNumber,
  TrailingDotNumber,
  ...TIME_INTERVAL_TOKENS,
  ...DEALLOC_TOKENS,
  // categories last: they have no pattern but the parser must know them
  Name,
  TimeIntervalConstant,
  DeallocKeyword,
  UnaryOp,
  BinaryOperator,
  LexError,
];

/** Which catalogue message each error token produces (see lexer.ts for the arguments). */
export const ERROR_TOKEN_MESSAGES: ReadonlyMap<TokenType, MessageId> = new Map<TokenType, MessageId>([
  [BlockComment, "BlockComment"],
  [HexNumber, "HexNumber"],
  [ExponentNumber, "ExponentNumber"],
  [TrailingDotNumber, "TrailingDotNumber"],
  [LeadingDotNumber, "LeadingDotNumber"],
  [EscapedString, "StringEscape"],
  [BackslashQuoteString, "StringEscape"],
  [UnterminatedString, "UnterminatedString"],
  [SingleQuotedString, "SingleQuotedString"],
  [VectorLiteral, "VectorLiteral"],
  [BadOperator, "UnexpectedCharacter"],
]);

/**
 * Language facts for editors (the playground's Monarch tokenizer; grammar/monaco-tokens.json is
 * generated from this). Regexes are strings in JavaScript syntax.
 */
export const EDITOR_TOKENS = {
  timeIntervalConstants: [...TIME_INTERVAL_NAMES],
  deallocKeywords: [...DEALLOC_KEYWORDS],
  operators: ["<=", "<", ">=", ">", "==", "!=", "&&", "||", "+", "-", "*", "/", "!", "=", "?", ":"],
  brackets: [{ open: "(", close: ")" }],
  delimiters: [";", ",", "."],
  lineComment: "//",
  regex: {
    number: CLEAN_NUMBER.source, // not NumberLiteral's pattern, which also matches the error forms
    string: StringLiteral.PATTERN instanceof RegExp ? StringLiteral.PATTERN.source : "",
    identifier: Identifier.PATTERN instanceof RegExp ? Identifier.PATTERN.source : "",
    serviceVariable: "\\$[A-Za-z_][A-Za-z0-9_]*",
    lineComment: LineComment.PATTERN instanceof RegExp ? LineComment.PATTERN.source : "",
    whitespace: WhiteSpace.PATTERN instanceof RegExp ? WhiteSpace.PATTERN.source : "",
  },
} as const;
