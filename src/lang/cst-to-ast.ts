// CST → AST: lowers the parser's superset to the AST of ast.ts and reports what the superset let
// through (P201 stray tokens, P202–P206, P209, P210). Applies the §3.2 precedence table to the flat
// operator chains. Never throws on recovered (partial) CSTs: what cannot be lowered is skipped.

import type { IToken } from "chevrotain";
import type {
  CallArgumentsCstNode,
  ExpressionCstNode,
  FormulaCstNode,
  OperandCstNode,
  PostfixSuffixCstNode,
  StatementCstNode,
  StrayCstNode,
} from "../../grammar/cst.d.ts";
import type { Assignment, BinaryOp, Comment, Expr, Formula, Ident, UnaryOp } from "./ast.ts";
import { report, type Diagnostic, type Span } from "./diagnostics.ts";

/** Spec §1.1 / §11.1. */
export const MAX_STATEMENTS = 100;

/**
 * Binding power of each binary operator, spec §3.2 levels 3–8 (higher binds tighter). All are
 * left-associative. `%`, `^`, `&`, `|` are already L101 errors (tokens.ts BadOperator).
 */
// prettier-ignore
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3, "!=": 3,
  "<": 4, "<=": 4, ">": 4, ">=": 4,
  "+": 5, "-": 5,
  "*": 6, "/": 6,
};

/** An expression with its outer extent (including any parentheses around it). */
interface Lowered {
  readonly expr: Expr;
  readonly start: number;
  readonly end: number;
}

/** Result of {@link cstToAst}. */
export interface LowerResult {
  readonly ast: Formula;
  readonly diagnostics: readonly Diagnostic[];
}

const isReal = (t: IToken | undefined): t is IToken =>
  t !== undefined && t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset);
const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;
const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

/** Lowers a `formula` CST to the AST. `text` is the source (for P204's message). */
export function cstToAst(cst: FormulaCstNode, text: string, comments: readonly Comment[]): LowerResult {
  return new Lowerer(text).formula(cst, comments);
}

/** A formula-level piece, in source order: `;`, a stray token, or a statement (lowered or not). */
interface Item {
  readonly kind: "semi" | "stray" | "statement";
  readonly start: number;
  readonly end: number;
  readonly token: IToken | undefined;
  readonly assignment?: Assignment | undefined;
}

const spanOf = (i: Item): Span => ({ start: i.start, end: i.end });

// Ids are taken (`this.nextId++`) when a node is built, after its children: dense, creation order.
class Lowerer {
  private nextId = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  formula(cst: FormulaCstNode, comments: readonly Comment[]): LowerResult {
    const items: Item[] = [];
    for (const t of cst.children.Semicolon ?? []) if (isReal(t)) items.push({ kind: "semi", start: t.startOffset, end: tokenEnd(t), token: t });
    for (const s of cst.children.stray ?? []) {
      const t = firstToken(s);
      if (t !== undefined) items.push({ kind: "stray", start: t.startOffset, end: tokenEnd(t), token: t });
    }
    // Statements are lowered in source order (ids follow creation order); a statement that cannot
    // be lowered gives its ids back so they stay dense.
    for (const node of cst.children.statement ?? []) {
      const saved = this.nextId;
      const lowered = this.statement(node);
      if (lowered.assignment === undefined) this.nextId = saved;
      if (lowered.extent !== undefined) items.push({ kind: "statement", ...lowered.extent, token: undefined, assignment: lowered.assignment });
    }
    items.sort((a, b) => a.start - b.start);

    const statements: Assignment[] = [];
    let previous: Item | undefined;
    let statementCount = 0;
    for (const item of items) {
      if (item.kind === "semi") {
        if (previous === undefined || previous.kind === "semi") this.diagnostics.push(report("EmptyStatement", spanOf(item)));
      } else if (item.kind === "stray") {
        if (previous?.kind !== "stray") {
          const expected = previous?.kind === "statement" ? "';'" : "a statement";
          this.diagnostics.push(report("UnexpectedToken", spanOf(item), expected, describeFound(item.token!)));
        }
      } else {
        statementCount++;
        if (statementCount === MAX_STATEMENTS + 1) this.diagnostics.push(report("TooManyStatements", spanOf(item), countStatements(items)));
        // The `;` is missing right after the previous statement: point there (its own line).
        if (previous?.kind === "statement") this.diagnostics.push(report("MissingSemicolon", { start: previous.end, end: previous.end }));
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
    return { ast, diagnostics: this.diagnostics };
  }

  // The extent comes from the lowered pieces; only a broken statement needs the CST walk.
  private statement(node: StatementCstNode): { assignment?: Assignment; extent?: Span } {
    const e = node.children.expression?.[0];
    if (e === undefined) return { extent: extentOf(node) };
    const assign = e.children.Assign?.[0];
    if (assign === undefined || e.children.Question !== undefined) {
      // Only a complete expression is "bare"; a broken one already has its syntax error.
      const whole = this.expression(e);
      if (whole === undefined) return { extent: extentOf(node) };
      const extent = { start: whole.start, end: whole.end };
      this.diagnostics.push(report("BareExpression", extent));
      return { extent };
    }
    const target = this.binary(e);
    const valueCst = e.children.value?.[0];
    const value = valueCst === undefined ? undefined : this.expression(valueCst);
    if (target === undefined || value === undefined) return { extent: extentOf(node) };
    const extent = { start: target.start, end: value.end };
    if (target.expr.kind !== "Ident" || target.start !== target.expr.span.start) {
      const targetText = this.text.slice(target.start, target.end);
      this.diagnostics.push(report("InvalidTarget", { start: target.start, end: target.end }, abbreviate(targetText)));
      return { extent };
    }
    const ident: Ident = target.expr;
    return { extent, assignment: { kind: "Assignment", id: this.nextId++, span: extent, target: ident, value: value.expr } };
  }

  // expression: `chain [ "?" expression ":" expression ] [ "=" expression ]` — here never a
  // statement, so a `=` is P210 and only its right-hand side is kept.
  private expression(node: ExpressionCstNode): Lowered | undefined {
    const c = node.children;
    const assign = c.Assign?.[0];
    if (assign !== undefined) {
      if (isReal(assign)) this.diagnostics.push(report("ChainedAssignment", tokenSpan(assign)));
      const v = c.value?.[0];
      return v === undefined ? undefined : this.expression(v);
    }
    const test = this.binary(node);
    if (test === undefined || c.Question === undefined) return test;
    const consequentCst = c.consequent?.[0];
    const alternateCst = c.alternate?.[0];
    const consequent = consequentCst === undefined ? undefined : this.expression(consequentCst);
    const alternate = alternateCst === undefined ? undefined : this.expression(alternateCst);
    if (consequent === undefined || alternate === undefined) return undefined;
    const span = { start: test.start, end: alternate.end };
    const expr: Expr = { kind: "ConditionalExpr", id: this.nextId++, span, test: test.expr, consequent: consequent.expr, alternate: alternate.expr };
    return { expr, start: span.start, end: span.end };
  }

  // Operator-precedence reduction of the expression's `operand { op operand }` chain (iterative:
  // chains can be long).
  private binary(node: ExpressionCstNode): Lowered | undefined {
    const operands = node.children.operand ?? [];
    const ops = node.children.BinaryOperator ?? [];
    if (operands.length !== ops.length + 1) return undefined;
    const values: Lowered[] = [];
    const pending: { op: BinaryOp; token: IToken }[] = [];
    const reduce = (): void => {
      const right = values.pop()!;
      const left = values.pop()!;
      const { op, token } = pending.pop()!;
      const span = { start: left.start, end: right.end };
      const expr: Expr = { kind: "BinaryExpr", id: this.nextId++, span, op, opSpan: tokenSpan(token), left: left.expr, right: right.expr };
      values.push({ expr, start: span.start, end: span.end });
    };
    for (let i = 0; i < operands.length; i++) {
      const operand = this.operand(operands[i]!);
      if (operand === undefined) return undefined;
      values.push(operand);
      const token = ops[i];
      if (token === undefined) continue;
      if (!isReal(token)) return undefined;
      const op = binaryOp(token.image);
      while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!.op] >= PRECEDENCE[op]) reduce();
      pending.push({ op, token });
    }
    while (pending.length > 0) reduce();
    return values[0];
  }

  // `{ unary } primary { suffix }`: suffixes bind tighter than prefix operators (§3.2).
  private operand(node: OperandCstNode): Lowered | undefined {
    let result: Lowered | undefined = this.primary(node);
    for (const suffix of node.children.postfixSuffix ?? []) {
      if (result === undefined) return undefined;
      result = this.suffix(result, suffix);
    }
    if (result === undefined) return undefined;
    const prefix = node.children.UnaryOp ?? [];
    for (let i = prefix.length - 1; i >= 0; i--) {
      const t = prefix[i]!;
      if (!isReal(t)) return undefined;
      const span: Span = { start: t.startOffset, end: result.end };
      const expr: Expr = { kind: "UnaryExpr", id: this.nextId++, span, op: t.image as UnaryOp, operand: result.expr };
      result = { expr, start: span.start, end: span.end };
    }
    return result;
  }

  private primary(node: OperandCstNode): Lowered | undefined {
    const c = node.children;
    const num = c.NumberLiteral?.[0];
    if (num !== undefined) {
      if (!isReal(num)) return undefined;
      const span = tokenSpan(num);
      return { expr: { kind: "NumberLit", id: this.nextId++, span, value: numberValue(num.image), raw: num.image }, start: span.start, end: span.end };
    }
    const str = c.StringLiteral?.[0];
    if (str !== undefined) {
      if (!isReal(str)) return undefined;
      const span = tokenSpan(str);
      return { expr: { kind: "StringLit", id: this.nextId++, span, value: stringValue(str.image) }, start: span.start, end: span.end };
    }
    const name = c.Name?.[0];
    if (name !== undefined) {
      if (!isReal(name)) return undefined;
      const callCst = c.callArguments?.[0];
      if (callCst === undefined) {
        const span = tokenSpan(name);
        return { expr: { kind: "Ident", id: this.nextId++, span, name: name.image }, start: span.start, end: span.end };
      }
      const call = this.callArguments(callCst);
      if (call === undefined) return undefined;
      const span = { start: name.startOffset, end: call.span.end };
      const expr: Expr = { kind: "CallExpr", id: this.nextId++, span, callee: name.image, calleeSpan: tokenSpan(name), argsSpan: call.span, args: call.args };
      return { expr, start: span.start, end: span.end };
    }
    const inner = c.expression?.[0];
    const open = c.LParen?.[0];
    if (inner === undefined || open === undefined) return undefined;
    const lowered = this.expression(inner);
    if (lowered === undefined) return undefined;
    // Parentheses are not nodes; only the outer extent grows, so enclosing spans include them.
    const close = c.RParen?.[0];
    return { expr: lowered.expr, start: isReal(open) ? open.startOffset : lowered.start, end: isReal(close) ? tokenEnd(close) : lowered.end };
  }

  private suffix(receiver: Lowered, node: PostfixSuffixCstNode): Lowered | undefined {
    const name = node.children.Name?.[0];
    if (!isReal(name)) return undefined;
    const callCst = node.children.callArguments?.[0];
    if (callCst === undefined) {
      const span = { start: receiver.start, end: tokenEnd(name) };
      const expr: Expr = { kind: "MemberExpr", id: this.nextId++, span, object: receiver.expr, member: name.image, memberSpan: tokenSpan(name) };
      return { expr, start: span.start, end: span.end };
    }
    const call = this.callArguments(callCst);
    if (call === undefined) return undefined;
    const span = { start: receiver.start, end: call.span.end };
    const expr: Expr = {
      kind: "MethodCallExpr",
      id: this.nextId++,
      span,
      receiver: receiver.expr,
      method: name.image,
      methodSpan: tokenSpan(name),
      argsSpan: call.span,
      args: call.args,
    };
    return { expr, start: span.start, end: span.end };
  }

  private callArguments(node: CallArgumentsCstNode): { span: Span; args: Expr[] } | undefined {
    const open = node.children.LParen?.[0];
    const close = node.children.RParen?.[0];
    if (!isReal(open) || !isReal(close)) return undefined;
    const args: Expr[] = [];
    for (const e of node.children.expression ?? []) {
      const a = this.expression(e);
      if (a === undefined) return undefined;
      args.push(a.expr);
    }
    return { span: { start: open.startOffset, end: tokenEnd(close) }, args };
  }

}

function binaryOp(image: string): BinaryOp {
  if (image in PRECEDENCE) return image as BinaryOp;
  return image === "&" ? "&&" : image === "|" ? "||" : "*";
}

/** Number value; the L104–L107/L111 stand-ins get their evident value (or NaN). */
function numberValue(image: string): number {
  if (image.startsWith("[")) return Number.NaN;
  return Number(image.endsWith(".") ? image.slice(0, -1) : image);
}

/** String value; for the L102/L108/L109 stand-ins, the text the writer evidently meant. */
function stringValue(image: string): string {
  return image
    .replace(/^\\?["']/, "")
    .replace(/\\?["']$/, "")
    .replace(/\\(.)/g, "$1");
}

function describeFound(t: IToken): string {
  return `'${abbreviate(t.image)}'`;
}

function abbreviate(s: string): string {
  const flat = s.replace(/\s+/g, " ");
  return flat.length > 30 ? `${flat.slice(0, 27)}...` : flat;
}

function countStatements(items: readonly Item[]): number {
  return items.filter((i) => i.kind === "statement").length;
}

function firstToken(node: StrayCstNode): IToken | undefined {
  for (const tokens of Object.values(node.children)) {
    const t = (tokens as IToken[] | undefined)?.[0]; // absent keys hold undefined (parser.ts)
    if (isReal(t)) return t;
  }
  return undefined;
}

/** First and last real token offsets of any CST subtree (iterative; recovered nodes may be empty). */
export function extentOf(root: { children: Record<string, unknown[]> }): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as { children?: Record<string, unknown[]> } & Partial<IToken>;
    if (n.children !== undefined) {
      // Absent keys hold undefined (parser.ts pre-shapes `children`).
      for (const list of Object.values(n.children)) if (list !== undefined) for (const child of list) stack.push(child);
    } else if (isReal(n as IToken)) {
      const t = n as IToken;
      if (t.startOffset < start) start = t.startOffset;
      if (tokenEnd(t) > end) end = tokenEnd(t);
    }
  }
  return start === Infinity ? undefined : { start, end };
}
