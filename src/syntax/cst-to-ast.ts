// CST → AST: lowers the parser's superset to the AST of ast.ts and reports what the superset let
// through (P201 stray tokens, P202–P206, P209, P210). Applies the §3.2 precedence table to the flat
// operator chains. Never throws on recovered (partial) CSTs: what cannot be lowered is skipped.

import type { IToken } from "chevrotain";
import type { ExpressionCstNode, FormulaCstNode, OperandCstNode, PostfixSuffixCstNode } from "../../grammar/cst.d.ts";
import type { Assignment, BinaryOp, Comment, Expr, Formula, Statement, UnaryOp } from "./ast.ts";
import { report, type Diagnostic, type Span } from "../base/diagnostics.ts";
import { spanOf } from "./lexer.ts";
import { binaryOp, PRECEDENCE } from "./precedence.ts";
import { abbreviate, describeFound, extentOf, firstToken, isReal, numberValue, stringValue, tokenEnd } from "./cst-util.ts";

/** Spec §1.1 / §11.1. */
export const MAX_STATEMENTS = 100;

/** Result of {@link cstToAst}. */
export interface LowerResult {
  readonly ast: Formula;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Extents of the runs of stray tokens (formula-level junk, no `;` inside): one mistake each, so
   * parse.ts keeps one diagnostic per run (an unexpected character in it and the P201 are one).
   */
  readonly junk: readonly Span[];
}


/**
 * Lowers a `formula` CST to the AST. `text` is the source (for P204's message); `lexErrors` are the
 * spans of the lexer's diagnostics, in source order: a statement right after one (`x = 1 @ 2`, or
 * after junk) gets no P202 or P203, which would only be consequences of that one mistake.
 */
export function cstToAst(cst: FormulaCstNode, text: string, comments: readonly Comment[], lexErrors: readonly Span[] = []): LowerResult {
  return new Lowerer(text, lexErrors).formula(cst, comments);
}

/** A formula-level piece, in source order: `;`, a stray token, or a statement (lowered or not). */
interface Item {
  readonly kind: "semi" | "stray" | "statement";
  readonly start: number;
  readonly end: number;
  readonly token: IToken | undefined;
  readonly assignment: Statement | undefined;
  /** P203 for a bare expression, reported unless the statement follows another mistake */
  readonly bare?: Diagnostic;
}

const itemSpan = (i: Item): Span => ({ start: i.start, end: i.end });

// Ids are taken (`this.nextId++`) when a node is built, after its children: dense, creation order.
//
// Performance (issue 2's parse budget): lowering returns the Expr itself and leaves its OUTER
// extent (the span widened by enclosing parentheses) in `start`/`end`, read right after each call,
// instead of allocating a wrapper per node; an operator chain of one operand (most of them) or of
// two (`pair`: most of the rest; measured a third of the lowering time) skips the precedence
// machinery; the chain stacks are plain parallel arrays, no closures.
class Lowerer {
  private nextId = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly text: string;
  /** Outer extent of the expression the last successful lowering call returned. */
  private start = 0;
  private end = 0;

  private readonly lexErrors: readonly Span[];

  constructor(text: string, lexErrors: readonly Span[]) {
    this.text = text;
    this.lexErrors = lexErrors;
  }

  /** Does a lexer diagnostic start in [start, end)? (`lexErrors` is in source order: binary search.) */
  private lexErrorIn(start: number, end: number): boolean {
    const errors = this.lexErrors;
    let lo = 0;
    let hi = errors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (errors[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < errors.length && errors[lo]!.start < end;
  }

  formula(cst: FormulaCstNode, comments: readonly Comment[]): LowerResult {
    const c = cst.children;
    const semis: Item[] = [];
    const strays: Item[] = [];
    const lowered: Item[] = [];
    for (const t of c.Semicolon ?? []) if (isReal(t)) semis.push({ kind: "semi", start: t.startOffset, end: tokenEnd(t), token: t, assignment: undefined });
    for (const s of c.stray ?? []) {
      const t = firstToken(s);
      if (t !== undefined) strays.push({ kind: "stray", start: t.startOffset, end: tokenEnd(t), token: t, assignment: undefined });
    }
    // Statements are lowered in source order (ids follow creation order); a statement that cannot
    // be lowered gives its ids back so they stay dense.
    for (const node of c.statement ?? []) {
      const saved = this.nextId;
      const item = this.statement(node);
      if (item === undefined || item.assignment === undefined) this.nextId = saved;
      if (item !== undefined) lowered.push(item);
    }
    const items = sourceOrder(semis, strays, lowered);

    const statements: Statement[] = [];
    const junk: Span[] = [];
    let previous: Item | undefined;
    let statementCount = 0;
    for (const item of items) {
      if (item.kind === "semi") {
        if (previous === undefined || previous.kind === "semi") this.diagnostics.push(report("EmptyStatement", itemSpan(item)));
      } else if (item.kind === "stray") {
        if (previous?.kind !== "stray") {
          const expected = previous?.kind === "statement" ? "';'" : "a statement";
          this.diagnostics.push(report("UnexpectedToken", itemSpan(item), expected, describeFound(item.token!)));
          junk.push(itemSpan(item));
        } else {
          junk[junk.length - 1] = { start: junk[junk.length - 1]!.start, end: item.end };
        }
      } else {
        statementCount++;
        if (statementCount === MAX_STATEMENTS + 1) this.diagnostics.push(report("TooManyStatements", itemSpan(item), countStatements(items)));
        // After junk, or with an unexpected character since the previous statement, a missing `;`
        // or a bare expression is that mistake's consequence, not a second one.
        const afterMistake = previous?.kind === "stray" || this.lexErrorIn(previous?.end ?? 0, item.start);
        // The `;` is missing right after the previous statement: point there (its own line).
        if (previous?.kind === "statement" && !afterMistake) this.diagnostics.push(report("MissingSemicolon", { start: previous.end, end: previous.end }));
        if (item.bare !== undefined && !afterMistake) this.diagnostics.push(item.bare);
        if (item.assignment !== undefined) statements.push(item.assignment);
      }
      previous = item;
    }
    if (statementCount === 0 && !items.some((i) => i.kind === "stray")) {
      // A formula of only `;` is empty, not "extra ;" — one diagnostic, not several.
      for (let i = this.diagnostics.length - 1; i >= 0; i--) if (this.diagnostics[i]!.code === "P205") this.diagnostics.splice(i, 1);
      this.diagnostics.push(report("EmptyFormula", { start: 0, end: 0 }));
    }
    const ast: Formula = { kind: "Formula", id: this.nextId++, span: { start: 0, end: this.text.length }, statements, comments };
    return { ast, diagnostics: this.diagnostics, junk };
  }

  // The statement's item (undefined: nothing real in it). The extent comes from the lowered pieces;
  // only a broken statement needs the CST walk.
  private statement(node: ExpressionCstNode): Item | undefined {
    const c = node.children;
    if (c.Assign === undefined || c.Question !== undefined) {
      // Only a complete expression is "bare"; a broken one already has its syntax error. Spec
      // §11.1: a bare expression is evaluated and its value discarded; a warning says so.
      const expression = this.expression(node);
      if (expression === undefined) return brokenStatement(node);
      const extent = { start: this.start, end: this.end };
      const bare: Statement = { kind: "ExpressionStatement", id: this.nextId++, span: extent, expression };
      return { kind: "statement", start: extent.start, end: extent.end, token: undefined, assignment: bare, bare: report("BareExpression", extent) };
    }
    const target = this.binary(node);
    const targetStart = this.start;
    const targetEnd = this.end;
    const valueCst = c.value?.[0];
    const value = valueCst === undefined ? undefined : this.expression(valueCst); // even after a broken target: its diagnostics count
    if (target === undefined || value === undefined) return brokenStatement(node);
    const extent = { start: targetStart, end: this.end };
    if (target.kind !== "Ident" || targetStart !== target.span.start) {
      const targetText = this.text.slice(targetStart, targetEnd);
      this.diagnostics.push(report("InvalidTarget", { start: targetStart, end: targetEnd }, abbreviate(targetText)));
      return { kind: "statement", start: extent.start, end: extent.end, token: undefined, assignment: undefined };
    }
    const assignment: Assignment = { kind: "Assignment", id: this.nextId++, span: extent, target, value };
    return { kind: "statement", start: extent.start, end: extent.end, token: undefined, assignment };
  }

  // expression: `chain [ "?" expression ":" expression ] [ "=" expression ]` — here never a
  // statement, so a `=` is P210 and only its right-hand side is kept.
  private expression(node: ExpressionCstNode): Expr | undefined {
    const c = node.children;
    const assign = c.Assign?.[0];
    if (assign !== undefined) {
      if (isReal(assign)) this.diagnostics.push(report("ChainedAssignment", spanOf(assign)));
      const v = c.value?.[0];
      return v === undefined ? undefined : this.expression(v);
    }
    const test = this.binary(node);
    if (test === undefined || c.Question === undefined) return test;
    const start = this.start;
    const consequentCst = c.consequent?.[0];
    const alternateCst = c.alternate?.[0];
    const consequent = consequentCst === undefined ? undefined : this.expression(consequentCst);
    const alternate = alternateCst === undefined ? undefined : this.expression(alternateCst); // even after a broken consequent
    if (consequent === undefined || alternate === undefined) return undefined;
    const span = { start, end: this.end };
    this.start = start;
    return { kind: "ConditionalExpr", id: this.nextId++, span, test, consequent, alternate };
  }

  // Operator-precedence reduction of the expression's `operand { op operand }` chain (iterative:
  // chains can be long). Reductions happen as soon as precedence allows, so ids follow the tree.
  // The first operand's pieces are the expression node's own children (parser.ts operandBody).
  private binary(node: ExpressionCstNode): Expr | undefined {
    const rest = node.children.operand;
    const ops = node.children.BinaryOperator;
    if (ops === undefined) return rest === undefined ? this.operand(node) : undefined;
    if (rest === undefined || rest.length !== ops.length) return undefined;
    if (ops.length === 1) return this.pair(node, ops[0]!, rest[0]!);
    const values: Expr[] = [];
    const starts: number[] = [];
    const pending: IToken[] = [];
    const pendingOps: BinaryOp[] = [];
    for (let i = 0; i <= rest.length; i++) {
      const operand = this.operand(i === 0 ? node : rest[i - 1]!);
      if (operand === undefined) return undefined;
      values.push(operand);
      starts.push(this.start);
      const token = ops[i];
      if (token === undefined) continue;
      if (!isReal(token)) return undefined;
      const op = binaryOp(token.image);
      while (pendingOps.length > 0 && PRECEDENCE[pendingOps[pendingOps.length - 1]!] >= PRECEDENCE[op]) this.reduce(values, starts, pending, pendingOps);
      pending.push(token);
      pendingOps.push(op);
    }
    while (pendingOps.length > 0) this.reduce(values, starts, pending, pendingOps);
    // `end` is already the last operand's; the whole chain starts where its first operand does.
    this.start = starts[0]!;
    return values[0];
  }

  // `operand op operand`, the most common chain with an operator: what {@link binary} would build
  // (same checks, same id order: left, right, then the BinaryExpr), without its stacks.
  private pair(node: ExpressionCstNode, token: IToken, rightCst: OperandCstNode): Expr | undefined {
    const left = this.operand(node);
    if (left === undefined) return undefined;
    const start = this.start;
    if (!isReal(token)) return undefined;
    const right = this.operand(rightCst);
    if (right === undefined) return undefined;
    this.start = start;
    return { kind: "BinaryExpr", id: this.nextId++, span: { start, end: this.end }, op: binaryOp(token.image), opSpan: spanOf(token), left, right };
  }

  // Pops two operands and an operator, pushes their BinaryExpr. The right operand is always the
  // chain's most recently lowered part, so its end is `this.end` and ends need no stack.
  private reduce(values: Expr[], starts: number[], pending: IToken[], pendingOps: BinaryOp[]): void {
    const right = values.pop()!;
    starts.pop();
    const left = values[values.length - 1]!;
    const start = starts[starts.length - 1]!;
    const token = pending.pop()!;
    const op = pendingOps.pop()!;
    const span = { start, end: this.end };
    values[values.length - 1] = { kind: "BinaryExpr", id: this.nextId++, span, op, opSpan: spanOf(token), left, right };
  }
  // `{ unary } primary { suffix }`: suffixes bind tighter than prefix operators (§3.2).
  private operand(node: OperandCstNode | ExpressionCstNode): Expr | undefined {
    const c = node.children;
    let result = this.primary(c);
    const suffixes = c.postfixSuffix;
    if (suffixes !== undefined) {
      for (const suffix of suffixes) {
        if (result === undefined) return undefined;
        result = this.suffix(result, suffix);
      }
    }
    if (result === undefined) return undefined;
    const prefix = c.UnaryOp;
    if (prefix === undefined) return result;
    for (let i = prefix.length - 1; i >= 0; i--) {
      const t = prefix[i]!;
      if (!isReal(t)) return undefined;
      this.start = t.startOffset;
      result = { kind: "UnaryExpr", id: this.nextId++, span: { start: t.startOffset, end: this.end }, op: t.image as UnaryOp, operand: result };
    }
    return result;
  }

  private primary(c: OperandCstNode["children"] | ExpressionCstNode["children"]): Expr | undefined {
    const num = c.NumberLiteral?.[0];
    if (num !== undefined) {
      if (!isReal(num)) return undefined;
      const span = this.tokenExtent(num);
      return { kind: "NumberLit", id: this.nextId++, span, value: numberValue(num.image), raw: num.image };
    }
    const str = c.StringLiteral?.[0];
    if (str !== undefined) {
      if (!isReal(str)) return undefined;
      return { kind: "StringLit", id: this.nextId++, span: this.tokenExtent(str), value: stringValue(str.image) };
    }
    const name = c.Name?.[0];
    if (name !== undefined) {
      if (!isReal(name)) return undefined;
      if (c.LParen === undefined) return { kind: "Ident", id: this.nextId++, span: this.tokenExtent(name), name: name.image };
      const args = this.callArguments(c);
      if (args === undefined) return undefined;
      const span = { start: name.startOffset, end: this.end };
      this.start = span.start;
      return { kind: "CallExpr", id: this.nextId++, span, callee: name.image, calleeSpan: spanOf(name), argsSpan: this.argsSpan!, args };
    }
    const inner = c.expression?.[0];
    const open = c.LParen?.[0];
    if (inner === undefined || open === undefined) return undefined;
    const lowered = this.expression(inner);
    if (lowered === undefined) return undefined;
    // Parentheses are not nodes; only the outer extent grows, so enclosing spans include them.
    const close = c.RParen?.[0];
    if (isReal(open)) this.start = open.startOffset;
    if (isReal(close)) this.end = tokenEnd(close);
    return lowered;
  }

  private suffix(receiver: Expr, node: PostfixSuffixCstNode): Expr | undefined {
    const name = node.children.Name?.[0];
    if (!isReal(name)) return undefined;
    const start = this.start; // the receiver's outer start
    if (node.children.LParen === undefined) {
      this.end = tokenEnd(name);
      return { kind: "MemberExpr", id: this.nextId++, span: { start, end: this.end }, object: receiver, member: name.image, memberSpan: spanOf(name) };
    }
    const args = this.callArguments(node.children);
    if (args === undefined) return undefined;
    this.start = start;
    return {
      kind: "MethodCallExpr",
      id: this.nextId++,
      span: { start, end: this.end },
      receiver,
      method: name.image,
      methodSpan: spanOf(name),
      argsSpan: this.argsSpan!,
      args,
    };
  }

  /** Span of the last successful {@link callArguments}, parentheses included. */
  private argsSpan: Span | undefined;

  // The argument list inlined into a call's operand or postfixSuffix node (parser.ts callArguments).
  // Sets `argsSpan`, and `end` to the closing parenthesis.
  private callArguments(c: OperandCstNode["children"] | ExpressionCstNode["children"] | PostfixSuffixCstNode["children"]): Expr[] | undefined {
    const open = c.LParen?.[0];
    const close = c.RParen?.[0];
    if (!isReal(open) || !isReal(close)) return undefined;
    const args: Expr[] = [];
    const list = c.expression;
    if (list !== undefined) {
      for (const e of list) {
        const a = this.expression(e);
        if (a === undefined) return undefined;
        args.push(a);
      }
    }
    this.argsSpan = { start: open.startOffset, end: tokenEnd(close) };
    this.end = this.argsSpan.end;
    return args;
  }

  // A token's span, which is also the outer extent of the node made from it.
  private tokenExtent(t: IToken): Span {
    this.start = t.startOffset;
    this.end = t.startOffset + t.image.length;
    return { start: this.start, end: this.end };
  }
}

// The three kinds in source order: exactly what a stable sort by `start` of semis ++ strays ++
// statements gives (ties to the earlier list). Each list is already in source order (the parser
// consumed them in order), so a merge does it without a comparator call per pair (measured: a
// sixth of the lowering time); the sort stays as the fallback should a list ever not be ordered.
function sourceOrder(semis: Item[], strays: Item[], statements: Item[]): Item[] {
  const lists = [semis, strays, statements];
  if (lists.some((l) => l.some((item, i) => i > 0 && item.start < l[i - 1]!.start))) return lists.flat().sort((a, b) => a.start - b.start);
  const out: Item[] = [];
  const next = [0, 0, 0];
  for (let n = semis.length + strays.length + statements.length; n > 0; n--) {
    let best = -1;
    for (let l = 0; l < 3; l++) {
      const item = lists[l]![next[l]!];
      if (item !== undefined && (best < 0 || item.start < lists[best]![next[best]!]!.start)) best = l;
    }
    out.push(lists[best]![next[best]!++]!);
  }
  return out;
}

function brokenStatement(node: ExpressionCstNode): Item | undefined {
  const extent = extentOf(node);
  return extent === undefined ? undefined : { kind: "statement", start: extent.start, end: extent.end, token: undefined, assignment: undefined };
}

function countStatements(items: readonly Item[]): number {
  return items.filter((i) => i.kind === "statement").length;
}
