// Nesting guard (spec §11.1): measures how deep each statement would nest BEFORE the recursive
// parser sees it, so 10,000 parentheses or unary minuses give P207 instead of a stack overflow.
// Works on the token stream only; never parses.

import type { IToken, TokenType } from "chevrotain";
import { report, type Diagnostic } from "../base/diagnostics.ts";
import { ALL_TOKENS, BinaryOperator, Assign, Comma, Dot, LParen, Question, RParen, Semicolon, UnaryOp } from "./tokens.ts";

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

/** Result of {@link limitNesting}: the tokens to parse and one P207 per dropped statement. */
export interface NestingResult {
  readonly tokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * An upper bound of the AST depth at each token: one level per enclosing parenthesis, plus one per
 * operator (binary, unary, `?`, `=`, `.`) seen so far at each enclosing level (a chain of n
 * left-associative operators nests n deep). Statements (split at `;`) whose bound exceeds
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
  const endStatement = (end: number): void => {
    if (tooDeep) kept ??= tokens.slice(0, statementStart);
    else if (kept !== undefined) for (let j = statementStart; j < end; j++) kept.push(tokens[j]!);
    statementStart = end;
    tooDeep = false;
    outer.length = 0;
    base = 0;
    count = 0;
    statementAssign = false;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const action = ACTION[t.tokenTypeIdx] ?? OTHER;
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
