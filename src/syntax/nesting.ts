// Nesting guard (spec §11.1): measures how deep each statement would nest BEFORE the recursive
// parser sees it, so 10,000 parentheses or unary minuses give P207 instead of a stack overflow.
// Works on the token stream only; never parses.

import type { IToken, TokenType } from "chevrotain";
import { report, type Diagnostic } from "../base/diagnostics.ts";
import { ALL_TOKENS, BinaryOperator, Assign, Bang, Colon, Comma, Dot, LParen, Name, NumberLiteral, Question, RParen, Semicolon, StringLiteral, UnaryOp } from "./tokens.ts";

/** Spec §11.1: deeper nesting is an error. */
export const MAX_NESTING = 256;

const isA = (type: TokenType, category: TokenType): boolean => type === category || (type.CATEGORIES?.includes(category) ?? false);

// By tokenTypeIdx: what a token of this type does to the depth bound. One array read and an
// integer switch per token instead of type comparisons and category lookups (this pass sees every token).
const OTHER = 0;
const END = 1; // `;`
const OPEN = 2; // `(`
const CLOSE = 3; // `)`
const COMMA = 4;
const ASSIGN = 5; // `=`: nesting, except the statement's own
const NESTING = 6; // binary or unary operator, `?`, `.`
const ACTION: Uint8Array = (() => {
  const table = new Uint8Array(Math.max(...ALL_TOKENS.map((t) => t.tokenTypeIdx ?? 0)) + 1);
  for (const type of ALL_TOKENS) {
    const idx = type.tokenTypeIdx;
    if (idx === undefined) continue;
    if (type === Semicolon) table[idx] = END;
    else if (type === LParen) table[idx] = OPEN;
    else if (type === RParen) table[idx] = CLOSE;
    else if (type === Comma) table[idx] = COMMA;
    else if (type === Assign) table[idx] = ASSIGN;
    else if (isA(type, BinaryOperator) || isA(type, UnaryOp) || type === Question || type === Dot) table[idx] = NESTING;
  }
  return table;
})();

// By tokenTypeIdx: can a token of this type end an operand, or start one? At the top level of a
// statement an operand followed by the start of another (`a = 1 b = 2`, `;` missing) ends the
// expression: the parser starts a new statement there (P202), so the depth bound starts afresh.
const ENDS = 1; // a literal, a name, `)`
const STARTS_NAME = 2; // a literal, a name, `!`: starts an operand after any operand end
const STARTS_PAREN = 4; // `(`: starts an operand unless it follows a name (then it is a call)
const OPERAND: Uint8Array = (() => {
  const table = new Uint8Array(ACTION.length);
  for (const type of ALL_TOKENS) {
    const idx = type.tokenTypeIdx;
    if (idx === undefined) continue;
    const literal = isA(type, NumberLiteral) || isA(type, StringLiteral);
    if (literal || isA(type, Name) || type === RParen) table[idx]! |= ENDS;
    if (literal || isA(type, Name) || type === Bang) table[idx]! |= STARTS_NAME;
    if (type === LParen) table[idx]! |= STARTS_PAREN;
  }
  return table;
})();
const NAME_IDX = new Set(ALL_TOKENS.filter((t) => isA(t, Name)).map((t) => t.tokenTypeIdx!));

/** Result of {@link limitNesting}: the tokens to parse and one P207 per dropped statement. */
export interface NestingResult {
  readonly tokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * An upper bound of the AST depth at each token: one level per enclosing parenthesis, plus one per
 * operator (binary, unary, `?`, `=`, `.`) seen so far at each enclosing level (a chain of n
 * left-associative operators nests n deep). The count starts afresh where the parser starts a new
 * statement without `;` (two operands side by side at the top level, outside an open `?`), so
 * many short statements with their `;` missing are P202, not P207. Statements (split at `;`) whose bound exceeds
 * {@link MAX_NESTING} are removed from the stream and reported once each, at the first token past
 * the limit (with their `;`). Downstream recursive walks (checker, evaluator, printer) rely on this bound.
 */
export function limitNesting(tokens: readonly IToken[]): NestingResult {
  const diagnostics: Diagnostic[] = [];
  let kept: IToken[] | undefined; // copied lazily: almost every formula keeps all its tokens
  let statementStart = 0;
  let tooDeep = false;
  const outer: number[] = []; // operator counts of enclosing levels
  let base = 0; // depth contributed by enclosing levels
  let count = 0; // operators at the current level
  let statementAssign = false; // the statement's own `=` is not nesting
  let openConditionals = 0; // `?` at the top level still awaiting their `:`
  const endStatement = (end: number): void => {
    if (tooDeep) kept ??= tokens.slice(0, statementStart);
    else if (kept !== undefined) for (let j = statementStart; j < end; j++) kept.push(tokens[j]!);
    statementStart = end;
    tooDeep = false;
    outer.length = 0;
    base = 0;
    count = 0;
    statementAssign = false;
    openConditionals = 0;
  };
  let previous = -1; // tokenTypeIdx of the previous token
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const idx = t.tokenTypeIdx;
    const before = previous;
    previous = idx;
    if (outer.length === 0 && t.tokenType === Question) openConditionals++;
    else if (outer.length === 0 && t.tokenType === Colon && openConditionals > 0) openConditionals--;
    // Not inside `a ? b` awaiting its `:`: there the parser's recovery inserts the `:` and the
    // next operand nests in the conditional, so the bound keeps counting.
    if (outer.length === 0 && openConditionals === 0 && before >= 0 && ((OPERAND[before] ?? 0) & ENDS) !== 0) {
      const starts = OPERAND[idx] ?? 0;
      if ((starts & STARTS_NAME) !== 0 || ((starts & STARTS_PAREN) !== 0 && !NAME_IDX.has(before))) {
        // A new statement without `;` (the parser's P202): its own `=`, its own depth.
        count = 0;
        statementAssign = false;
      }
    }
    const action = ACTION[idx] ?? OTHER;
    if (action === OTHER) continue;
    if (action === END) {
      endStatement(i + 1); // a dropped statement takes its `;` with it
      continue;
    }
    if (tooDeep) continue;
    if (action === OPEN) {
      outer.push(count);
      base += count + 1;
      count = 0;
    } else if (action === CLOSE) {
      const c = outer.pop();
      if (c !== undefined) {
        base -= c + 1;
        count = c;
      }
    } else if (action === COMMA) {
      count = 0;
    } else if (action === ASSIGN && outer.length === 0 && !statementAssign) {
      statementAssign = true;
      continue;
    } else {
      count++; // NESTING, or a nested `=`
    }
    if (base + count > MAX_NESTING) {
      tooDeep = true;
      diagnostics.push(report("TooDeep", { start: t.startOffset, end: t.startOffset + t.image.length }, MAX_NESTING));
    }
  }
  endStatement(tokens.length);
  return { tokens: kept ?? tokens, diagnostics };
}
