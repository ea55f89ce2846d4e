// Clean-formula fast path: tokens → AST in one recursive-descent pass, statement by statement,
// for statements that parse with no syntax diagnostic. At the first token it does not expect, it
// stops at the start of that statement and parse.ts runs the Chevrotain parser on the rest; the
// Chevrotain parser stays the grammar of record: its GAST is grammar/ (EBNF, diagrams, CST
// typings), and it does the error recovery and every syntax diagnostic. This file therefore needs
// no recovery and no messages, only soundness: whatever it returns is exactly what the Chevrotain
// path (parser.ts + cst-to-ast.ts) builds for the same tokens — same nodes, ids, spans — with no
// syntax diagnostic. Giving up too often only costs time.
//
// Why (measured, issue 2): on the 8 KB dense benchmark formula, recognising with Chevrotain and
// building its CST took ≈ 210–270 µs and lowering the CST ≈ 60–70 µs, of a ≈ 400 µs parse: the
// ≥ 20 MB/s target was met only on fast moments of this host. This pass replaces both for clean
// input (see bench/RESULTS.md for the numbers after). Correctness is tested, not argued:
// test/property/clean-parse.property.test.ts compares it with the Chevrotain path (`parseReference`)
// on random well-formed formulas, formulas with lexical error forms or a mistake after clean
// statements, and formula-like token soup.
//
// Accepted (a subset of the parser's superset grammar, where every choice is one token of lookahead):
//   formula   = statement { ";" statement } [ ";" ]            at most MAX_STATEMENTS statements
//   statement = Name "=" expr
//   expr      = operand { BinaryOperator operand } [ "?" expr ":" expr ]
//   operand   = { UnaryOp } primary { "." Name [ args ] }
//   primary   = NumberLiteral | StringLiteral | Name [ args ] | "(" expr ")"
//   args      = "(" [ expr { "," expr } ] ")"
// Anything else — an empty formula, `;;`, a missing `;`, a bare expression, `=` inside an
// expression, a stray token — has a diagnostic, so it is left to Chevrotain.

import { tokenMatcher, type IToken, type TokenType } from "chevrotain";
import type { Assignment, BinaryOp, Comment, Expr, Formula, UnaryOp as UnaryOperator } from "./ast.ts";
import { binaryOp, MAX_STATEMENTS, numberValue, PRECEDENCE, stringValue, type LoweredPrefix } from "./cst-to-ast.ts";
import type { Span } from "../base/diagnostics.ts";
import { spanOf } from "./lexer.ts";
import { MAX_NESTING } from "./nesting.ts";
import { parser } from "./parser.ts";
import * as T from "./tokens.ts";

// Token classes by tokenTypeIdx (categories resolved with Chevrotain's own tokenMatcher, as the
// parser matches them). BINARY and UNARY are flags: `-` is both.
const NUMBER = 1;
const STRING = 2;
const NAME = 3;
const LPAREN = 4;
const RPAREN = 5;
const COMMA = 6;
const SEMI = 7;
const QUESTION = 8;
const COLON = 9;
const DOT = 10;
const ASSIGN = 11;
const KIND_MASK = 15;
const BINARY = 16;
const UNARY = 32;

const CLASS: Uint8Array = (() => {
  void parser; // the parser's construction completes the category maps tokenMatcher reads
  const kinds: [TokenType, number][] = [
    [T.NumberLiteral, NUMBER],
    [T.StringLiteral, STRING],
    [T.Name, NAME],
    [T.LParen, LPAREN],
    [T.RParen, RPAREN],
    [T.Comma, COMMA],
    [T.Semicolon, SEMI],
    [T.Question, QUESTION],
    [T.Colon, COLON],
    [T.Dot, DOT],
    [T.Assign, ASSIGN],
    [T.BinaryOperator, BINARY],
    [T.UnaryOp, UNARY],
  ];
  const types = T.ALL_TOKENS as TokenType[];
  const table = new Uint8Array(Math.max(...types.map((t) => t.tokenTypeIdx ?? 0)) + 1);
  for (const type of types) {
    const probe = { tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
    let flags = 0;
    for (const [category, flag] of kinds) if (tokenMatcher(probe, category)) flags |= flag;
    table[type.tokenTypeIdx!] = flags;
  }
  return table;
})();

/** By tokenTypeIdx, for binary operator tokens: the operator and its binding power (PRECEDENCE). */
const OPERATOR: (BinaryOp | undefined)[] = [];
const BINDING = new Uint8Array(CLASS.length);
for (const type of T.ALL_TOKENS as TokenType[]) {
  const idx = type.tokenTypeIdx!;
  if ((CLASS[idx]! & BINARY) === 0 || typeof type.PATTERN !== "string") continue;
  OPERATOR[idx] = binaryOp(type.PATTERN);
  BINDING[idx] = PRECEDENCE[binaryOp(type.PATTERN)];
}

/** Gave up: the input is not clean (or not in the accepted subset); Chevrotain takes over. */
const GIVE_UP: unique symbol = Symbol("give up");

/**
 * The AST of a token stream (the nesting guard need not have run) exactly as the Chevrotain path
 * would build it; undefined when that path would report a syntax error, or when in doubt. Lexical
 * error tokens are parsed as the token they stand for, as Chevrotain does (their L1xx
 * diagnostics are the lexer's business).
 */
export function parseClean(tokens: readonly IToken[], text: string, comments: readonly Comment[]): Formula | undefined {
  return wholeFormula(parseCleanPrefix(tokens), tokens, text, comments);
}

/** The formula a prefix is when it covers every token (and at least one statement); else undefined. */
export function wholeFormula(prefix: CleanPrefix, tokens: readonly IToken[], text: string, comments: readonly Comment[]): Formula | undefined {
  if (prefix.resume < tokens.length || prefix.statements.length === 0) return undefined;
  return { kind: "Formula", id: prefix.nextId, span: span(0, text.length), statements: prefix.statements, comments };
}

/**
 * The clean statements a formula opens with (each followed by `;`, the last one may end the
 * formula instead), and where the rest of its tokens begins.
 */
export interface CleanPrefix extends LoweredPrefix {
  /** index of the first token not parsed: tokens.length when the whole formula was */
  readonly resume: number;
}

/**
 * Parses statements from the start for as long as they are clean. A formula with a mistake in
 * it is then parsed by Chevrotain from `resume` only (parse.ts): statements before a mistake
 * parse the same either way (the grammar looks only ahead, and the parser's recovery starts at
 * the mistake), so an edit late in a long formula does not pay for the whole formula.
 */
export function parseCleanPrefix(tokens: readonly IToken[]): CleanPrefix {
  return new CleanParser(tokens).prefix();
}

const span = (start: number, end: number): Span => ({ start, end });

// Node ids are taken after a node's children, as cst-to-ast does (dense, creation order). Like
// cst-to-ast, each parse method returns the Expr and leaves its OUTER extent (parentheses
// included) in `start`/`end`.
class CleanParser {
  private readonly tokens: readonly IToken[];
  private pos = 0;
  private nextId = 0;
  private start = 0;
  private end = 0;
  /**
   * Tokens of the current statement that can deepen the tree (operators, `?`, `.`, `(`): never
   * less than nesting.ts's depth bound, so at most MAX_NESTING of them means no P207 there, and
   * the nesting guard need not run on a formula this pass accepts. Counting also bounds this
   * parser's own recursion, so 10,000 parentheses give up early instead of overflowing the stack.
   */
  private nesting = 0;

  constructor(tokens: readonly IToken[]) {
    this.tokens = tokens;
  }

  /** The class of the token at `pos` (0 at the end). */
  private peek(): number {
    const t = this.tokens[this.pos];
    return t === undefined ? 0 : CLASS[t.tokenTypeIdx]!;
  }

  private nest(): void {
    if (++this.nesting > MAX_NESTING) throw GIVE_UP;
  }

  private expect(kind: number): IToken {
    const t = this.tokens[this.pos];
    if (t === undefined || (CLASS[t.tokenTypeIdx]! & KIND_MASK) !== kind) throw GIVE_UP;
    this.pos++;
    return t;
  }

  prefix(): CleanPrefix {
    const statements: Assignment[] = [];
    const n = this.tokens.length;
    // Each statement is kept only with the `;` after it (or the end): a statement cut short by a
    // mistake is left whole to Chevrotain, its ids given back.
    let kept = { pos: 0, nextId: 0 };
    while (kept.pos < n && statements.length < MAX_STATEMENTS) {
      try {
        const statement = this.statement();
        if (this.pos < n) this.expect(SEMI);
        statements.push(statement);
        kept = { pos: this.pos, nextId: this.nextId };
      } catch (e) {
        if (e !== GIVE_UP) throw e;
        break;
      }
    }
    return { statements, nextId: kept.nextId, resume: kept.pos };
  }

  private statement(): Assignment {
    this.nesting = 0;
    const name = this.expect(NAME);
    this.expect(ASSIGN);
    const target = { kind: "Ident", id: this.nextId++, span: spanOf(name), name: name.image } as const;
    const value = this.expr();
    return { kind: "Assignment", id: this.nextId++, span: span(name.startOffset, this.end), target, value };
  }

  private expr(): Expr {
    const test = this.chain();
    if ((this.peek() & KIND_MASK) !== QUESTION) return test;
    this.pos++;
    this.nest();
    const start = this.start;
    const consequent = this.expr();
    this.expect(COLON);
    const alternate = this.expr();
    this.start = start;
    return { kind: "ConditionalExpr", id: this.nextId++, span: span(start, this.end), test, consequent, alternate };
  }

  // `operand { op operand }` with the precedence table, reduced exactly as cst-to-ast's `binary`
  // does (shunting-yard: same tree, same id order).
  private chain(): Expr {
    const first = this.operand();
    if ((this.peek() & BINARY) === 0) return first;
    const values: Expr[] = [first];
    const starts: number[] = [this.start];
    const opTokens: IToken[] = [];
    while ((this.peek() & BINARY) !== 0) {
      const token = this.tokens[this.pos++]!;
      this.nest();
      const binding = BINDING[token.tokenTypeIdx]!;
      if (binding === 0) throw GIVE_UP; // not a fixed-spelling operator (cannot happen without lexical errors)
      while (opTokens.length > 0 && BINDING[opTokens[opTokens.length - 1]!.tokenTypeIdx]! >= binding) this.reduce(values, starts, opTokens);
      opTokens.push(token);
      values.push(this.operand());
      starts.push(this.start);
    }
    while (opTokens.length > 0) this.reduce(values, starts, opTokens);
    this.start = starts[0]!;
    return values[0]!;
  }

  private reduce(values: Expr[], starts: number[], opTokens: IToken[]): void {
    const right = values.pop()!;
    starts.pop();
    const left = values[values.length - 1]!;
    const start = starts[starts.length - 1]!;
    const token = opTokens.pop()!;
    values[values.length - 1] = { kind: "BinaryExpr", id: this.nextId++, span: span(start, this.end), op: OPERATOR[token.tokenTypeIdx]!, opSpan: spanOf(token), left, right };
  }

  // `{ unary } primary { suffix }`: suffixes bind tighter than prefix operators (§3.2).
  private operand(): Expr {
    const firstPrefix = this.pos;
    while ((this.peek() & UNARY) !== 0) {
      this.pos++;
      this.nest();
    }
    const lastPrefix = this.pos - 1;
    let result = this.primary();
    while ((this.peek() & KIND_MASK) === DOT) result = this.suffix(result);
    for (let i = lastPrefix; i >= firstPrefix; i--) {
      const t = this.tokens[i]!;
      this.start = t.startOffset;
      result = { kind: "UnaryExpr", id: this.nextId++, span: span(t.startOffset, this.end), op: t.image as UnaryOperator, operand: result };
    }
    return result;
  }

  private primary(): Expr {
    const t = this.tokens[this.pos];
    if (t === undefined) throw GIVE_UP;
    this.pos++;
    const kind = CLASS[t.tokenTypeIdx]! & KIND_MASK;
    if (kind === NUMBER || kind === STRING || kind === NAME) {
      this.start = t.startOffset;
      this.end = t.startOffset + t.image.length;
      if (kind === NUMBER) return { kind: "NumberLit", id: this.nextId++, span: span(this.start, this.end), value: numberValue(t.image), raw: t.image };
      if (kind === STRING) return { kind: "StringLit", id: this.nextId++, span: span(this.start, this.end), value: stringValue(t.image) };
      if ((this.peek() & KIND_MASK) !== LPAREN) return { kind: "Ident", id: this.nextId++, span: span(this.start, this.end), name: t.image };
      const args = this.args();
      this.start = t.startOffset;
      return { kind: "CallExpr", id: this.nextId++, span: span(t.startOffset, this.end), callee: t.image, calleeSpan: spanOf(t), argsSpan: this.argsSpan, args };
    }
    if (kind !== LPAREN) throw GIVE_UP;
    this.nest();
    const inner = this.expr();
    const close = this.expect(RPAREN);
    // Parentheses are not nodes; only the outer extent grows, so enclosing spans include them.
    this.start = t.startOffset;
    this.end = close.startOffset + 1;
    return inner;
  }

  private suffix(receiver: Expr): Expr {
    this.pos++; // the `.`
    this.nest();
    const name = this.expect(NAME);
    const start = this.start;
    if ((this.peek() & KIND_MASK) !== LPAREN) {
      this.end = name.startOffset + name.image.length;
      return { kind: "MemberExpr", id: this.nextId++, span: span(start, this.end), object: receiver, member: name.image, memberSpan: spanOf(name) };
    }
    const args = this.args();
    this.start = start;
    return { kind: "MethodCallExpr", id: this.nextId++, span: span(start, this.end), receiver, method: name.image, methodSpan: spanOf(name), argsSpan: this.argsSpan, args };
  }

  /** Span of the last {@link args} list, parentheses included. */
  private argsSpan: Span = span(0, 0);

  /** `( [ expr { , expr } ] )`; sets `argsSpan`, and `end` to the closing parenthesis. */
  private args(): Expr[] {
    const open = this.tokens[this.pos++]!;
    this.nest();
    const args: Expr[] = [];
    if ((this.peek() & KIND_MASK) !== RPAREN) {
      args.push(this.expr());
      while ((this.peek() & KIND_MASK) === COMMA) {
        this.pos++;
        args.push(this.expr());
      }
    }
    const close = this.expect(RPAREN);
    this.end = close.startOffset + 1;
    this.argsSpan = span(open.startOffset, this.end);
    return args;
  }
}
