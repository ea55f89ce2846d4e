// Checker: walks statements in order, tracking each user variable's type at each point (spec
// §11.2), and fills the type and resolution side tables by node id. Never evaluates, never
// mutates the AST, never throws on user input; one mistake gives one diagnostic ("error" poisons).

import type { Assignment, BinaryExpr, ExpressionStatement, CallExpr, ConditionalExpr, Expr, Formula, Ident, MemberExpr, MethodCallExpr, UnaryExpr } from "../syntax/ast.ts";
import {
  FUNCTION_NAMES,
  MEMBER_NAMES,
  METHOD_NAMES,
  functionOverloads,
  lookupBuiltinIgnoringCase,
  methodOverloads,
  signatures,
  timestampMember,
} from "./builtins.ts";
import type { CheckOptions, CheckedFormula, Resolution, UserVariable } from "./check.ts";
import { report, sortDiagnostics, type Diagnostic, type MessageId, type Span } from "../base/diagnostics.ts";
import { expectedSignatures, operatorHint, typeList } from "./overloads.ts";
import { closestName, didYouMean } from "./suggest.ts";
import { SYMBOL_NAMES, lookupServiceVariable, lookupSymbolIgnoringCase } from "./symbols.ts";
import { BINARY_TABLES, FUNCTION_TABLES, METHOD_TABLES, NAMES, UNARY_TABLES, reservedKind, table } from "./checker-names.ts";
import { parseTime } from "../base/timeparse.ts";
import { typeName, type Type } from "./types.ts";

/** Runs the checker; see `check` in check.ts for the contract. */
export function runChecker(ast: Formula, options: CheckOptions): CheckedFormula {
  const c = new Checker(options);
  try {
    c.formula(ast);
  } catch (e) {
    // A hand-built AST deeper than the parser's 256-level limit can exhaust the stack; that is
    // bad input, not a bug, so it becomes a diagnostic like the parser's.
    if (!(e instanceof RangeError)) throw e;
    c.diagnostics.push(report("TooDeep", ast.span, 256));
  }
  return { ast, types: c.types, resolutions: c.resolutions, variables: c.variables, diagnostics: sortDiagnostics(c.diagnostics) };
}

/** Stand-in names for operands whose text is unknown or too long to quote in a hint. */
const PLACEHOLDER: Partial<Record<Type, string>> = { double: "x", doubleVec: "v", timestamp: "t", timeinterval: "i", string: "s" };

/** Operand text as written, parenthesised unless it is a primary expression; placeholders when the text is unknown or long. */
function operandText(e: Expr, text: string | undefined, placeholder: string): string {
  if (text === undefined) return placeholder;
  const raw = text.slice(e.span.start, e.span.end).replace(/\s+/g, " ").trim();
  if (raw === "" || raw.length > 60) return placeholder;
  const primary = e.kind !== "BinaryExpr" && e.kind !== "ConditionalExpr" && e.kind !== "UnaryExpr";
  return primary ? raw : `(${raw})`;
}

class Checker {
  readonly types: (Type | undefined)[] = [];
  readonly resolutions: (Resolution | undefined)[] = [];
  readonly variables: UserVariable[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly #options: CheckOptions;
  /** User variables assigned so far (in slot order): the type of their latest assignment and their (shared) resolution. */
  readonly #current = new Map<string, { type: Type; readonly resolution: Resolution }>();
  /** Every user-variable name assigned anywhere in the formula → its first target span (for C302). */
  readonly #assignedAnywhere = new Map<string, Span>();
  /** Spellings of writable service variables assigned so far → first target span (for C316). */
  readonly #targetsAssigned = new Map<string, Span>();

  constructor(options: CheckOptions) {
    this.#options = options;
  }

  formula(f: Formula): void {
    const statements = Array.isArray(f.statements) ? f.statements : [];
    for (const s of statements) {
      const name = s?.target?.name;
      if (name && reservedKind(name) === undefined && !this.#assignedAnywhere.has(name)) this.#assignedAnywhere.set(name, s.target.span);
    }
    for (const s of statements) {
      if (s?.kind === "ExpressionStatement") {
        if (s.expression) this.#bare(s);
      } else if (s?.target && s.value) this.#assignment(s);
    }
    // Alias rule (spec §5.1): the full name wins whatever the order, which surprises readers; say so.
    for (const [alias, span] of this.#targetsAssigned) {
      const row = lookupServiceVariable(alias);
      if (row?.aliasOf !== undefined && this.#targetsAssigned.has(row.aliasOf)) {
        this.#report("AliasBothAssigned", span, row.aliasOf, alias);
      }
    }
  }

  #report(id: MessageId, span: Span, ...args: readonly (string | number)[]): void {
    this.diagnostics.push(report(id, span, ...args));
  }

  #set(e: { readonly id: number }, t: Type): Type {
    this.types[e.id] = t;
    return t;
  }

  // Spec §11.1: a bare expression is evaluated and its value discarded (the parser's P203 warning
  // says so). Its value is still consumed: a metric or a function name alone is an error.
  #bare(s: ExpressionStatement): void {
    this.#value(s.expression, this.#expr(s.expression));
  }

  #assignment(s: Assignment): void {
    const valueType = this.#expr(s.value);
    const t = s.target;
    const name = t.name;
    const info = NAMES.get(name);
    const row = info?.row;
    if (row) {
      const canonical = info.target!;
      this.resolutions[t.id] = { kind: "service", variable: canonical };
      this.#set(t, canonical.type);
      if (canonical.access === "readonly") return this.#report("ReadOnlyVariable", t.span, name);
      if (!this.#targetsAssigned.has(name)) this.#targetsAssigned.set(name, t.span);
      const wanted: Type = canonical.shape === "option" ? "dealloc" : "double";
      if (valueType === wanted || valueType === "never" || valueType === "error") return;
      if (valueType === "metric") return this.#metricAsValue(s.value);
      if (valueType === "dealloc") return this.#keywordOutsideDealloc(s.value);
      const need = wanted === "dealloc" ? "deallocation option (requeue, terminate, taskcompletion or retaineddata)" : "double";
      return this.#report("AssignType", s.value.span, typeName(valueType), name, need);
    }
    const reserved = reservedKind(name, info);
    if (reserved !== undefined) {
      this.#set(t, "error");
      const ci = lookupSymbolIgnoringCase(name);
      if (reserved === "case") return this.#report("CaseMismatch", t.span, ci!.kind, name, ci!.name);
      return this.#report("ReservedTarget", t.span, name, reserved);
    }
    // A user variable: dynamically typed, so its type is the type of this assignment from here on.
    const stored = this.#value(s.value, valueType);
    const user = this.#current.get(name);
    if (user !== undefined) {
      user.type = stored;
      this.resolutions[t.id] = user.resolution;
    } else {
      // `TargetDedicatedNodes = 5` is legal but almost certainly meant the service variable.
      // Exact case only: `pendingTasks = max($PendingTasks.GetSample(1))` is a common, deliberate idiom.
      const service = name.startsWith("$") ? undefined : lookupServiceVariable(`$${name}`);
      if (service) this.#report("UserShadowsService", t.span, name, service.name);
      const slot = this.variables.length;
      const resolution: Resolution = { kind: "user", slot };
      this.variables.push({ name, slot });
      this.#current.set(name, { type: stored, resolution });
      this.resolutions[t.id] = resolution;
    }
    this.#set(t, stored);
  }

  /** Rejects the two non-value types where a value is consumed; returns the poison type instead. */
  #value(e: Expr, t: Type): Type {
    if (t === "metric") {
      this.#metricAsValue(e);
      return "error";
    }
    if (t === "dealloc") {
      this.#keywordOutsideDealloc(e);
      return "error";
    }
    return t;
  }

  #metricAsValue(e: Expr): void {
    this.#report("MetricAsValue", e.span, e.kind === "Ident" ? e.name : "this metric");
  }

  #keywordOutsideDealloc(e: Expr): void {
    // The keyword may sit inside a conditional; name the first one found.
    const find = (x: Expr): string | undefined =>
      x.kind === "Ident" ? x.name : x.kind === "ConditionalExpr" ? (find(x.consequent) ?? find(x.alternate)) : undefined;
    this.#report("KeywordOutsideDealloc", e.span, find(e) ?? "this value");
  }

  #expr(e: Expr): Type {
    switch (e?.kind) {
      case "NumberLit":
        return this.#set(e, "double");
      case "StringLit":
        return this.#set(e, "string");
      case "Ident":
        return this.#set(e, this.#ident(e));
      case "UnaryExpr":
        return this.#set(e, this.#unary(e));
      case "BinaryExpr":
        return this.#set(e, this.#binary(e));
      case "ConditionalExpr":
        return this.#set(e, this.#conditional(e));
      case "CallExpr":
        return this.#set(e, this.#call(e));
      case "MethodCallExpr":
        return this.#set(e, this.#methodCall(e));
      case "MemberExpr":
        return this.#set(e, this.#member(e));
      default:
        // Recovered trees may hold placeholders; the parser has already reported them.
        return "error";
    }
  }

  #ident(e: Ident): Type {
    const name = e.name;
    if (!name) return "error";
    const user = this.#current.get(name);
    if (user !== undefined) {
      this.resolutions[e.id] = user.resolution;
      return user.type;
    }
    const info = NAMES.get(name);
    if (info !== undefined) {
      if (info.read !== undefined) {
        this.resolutions[e.id] = info.read;
        if (info.retired && this.#options.retiredMetricWarnings) this.#report("RetiredMetric", e.span, name);
        return info.readType;
      }
      if (info.isFunction) {
        this.#report("FunctionAsValue", e.span, name);
        return "error";
      }
    }
    const assignedAt = this.#assignedAnywhere.get(name);
    if (assignedAt) {
      this.diagnostics.push({
        ...report("UseBeforeAssignment", e.span, name),
        related: [{ message: `'${name}' is first assigned here.`, span: assignedAt }],
      });
      return "error";
    }
    const ci = lookupSymbolIgnoringCase(name);
    if (ci) {
      this.#report("CaseMismatch", e.span, ci.kind, name, ci.name);
      return "error";
    }
    // User variables assigned so far come first, so `$task` suggests the formula's own `$tasks`.
    this.#report("UnknownName", e.span, name, didYouMean(name, [...this.#current.keys(), ...SYMBOL_NAMES]));
    return "error";
  }

  #operatorError(op: string, span: Span, types: readonly Type[], operands: readonly Expr[]): Type {
    const texts = operands.map((x, i) => operandText(x, this.#options.text, PLACEHOLDER[types[i]!] ?? "x"));
    this.#report("OperatorTypes", span, op, typeList(types), operatorHint(op, types, texts));
    return "error";
  }

  #unary(e: UnaryExpr): Type {
    const t = this.#value(e.operand, this.#expr(e.operand));
    if (t === "error" || t === "never") return t;
    const ops = table(UNARY_TABLES, e.op);
    const i = ops === undefined ? -1 : ops.match([t]);
    if (i < 0) return this.#operatorError(e.op, e.span, [t], [e.operand]);
    this.resolutions[e.id] = ops!.resolutions[i];
    return ops!.overloads[i]!.result;
  }

  #binary(e: BinaryExpr): Type {
    const l = this.#value(e.left, this.#expr(e.left));
    const r = this.#value(e.right, this.#expr(e.right));
    if (l === "error" || r === "error") return "error";
    // stop() never returns, so neither does an expression containing it.
    if (l === "never" || r === "never") return "never";
    const ops = table(BINARY_TABLES, e.op);
    const i = ops === undefined ? -1 : ops.match2(l, r);
    if (i < 0) return this.#operatorError(e.op, e.opSpan ?? e.span, [l, r], [e.left, e.right]);
    this.resolutions[e.id] = ops!.resolutions[i];
    return ops!.overloads[i]!.result;
  }

  /**
   * Branch typing (our choice; the service is dynamically typed and documents "type of the
   * chosen branch"): equal branch types give that type; a `never` branch (stop()) takes the
   * other's type; different types are C318, so every expression has one static type and a
   * target is never assigned a value whose type depends on data. Deallocation keywords may flow
   * through branches (`c ? taskcompletion : requeue`); metrics may not.
   */
  #conditional(e: ConditionalExpr): Type {
    const test = this.#expr(e.test);
    if (test === "metric") this.#metricAsValue(e.test);
    else if (test === "dealloc") this.#keywordOutsideDealloc(e.test);
    else if (test !== "double" && test !== "never" && test !== "error") this.#report("ConditionType", e.test.span, typeName(test));
    const branch = (x: Expr): Type => {
      const t = this.#expr(x);
      if (t !== "metric") return t;
      this.#metricAsValue(x);
      return "error";
    };
    const a = branch(e.consequent);
    const b = branch(e.alternate);
    if (test === "never") return "never";
    if (a === "error" || b === "error") return "error";
    if (a === "never") return b;
    if (b === "never" || a === b) return a;
    this.#report("BranchTypes", e.span, typeName(a), typeName(b));
    return "error";
  }

  #args(args: readonly Expr[]): Type[] {
    if (!Array.isArray(args)) return [];
    const types: Type[] = [];
    for (let i = 0; i < args.length; i++) types.push(this.#value(args[i]!, this.#expr(args[i]!)));
    return types;
  }

  #call(e: CallExpr): Type {
    const args = this.#args(e.args);
    const overloads = table(FUNCTION_TABLES, e.callee);
    if (overloads === undefined) {
      const ci = lookupBuiltinIgnoringCase("function", e.callee);
      if (ci) this.#report("CaseMismatch", e.calleeSpan ?? e.span, "function", e.callee, ci);
      else {
        const hint = methodOverloads(e.callee).length > 0 ? ` '${e.callee}' is a method: call it on a sampled metric, e.g. $PendingTasks.${e.callee}(...).` : didYouMean(e.callee, FUNCTION_NAMES);
        this.#report("UnknownFunction", e.calleeSpan ?? e.span, e.callee, hint);
      }
      return "error";
    }
    if (args.includes("error")) return overloads.common;
    const i = overloads.match(args);
    if (i < 0) {
      this.#report("NoOverload", e.span, e.callee, typeList(args), expectedSignatures(signatures("function", e.callee)));
      return "error";
    }
    const o = overloads.overloads[i]!;
    this.resolutions[e.id] = overloads.resolutions[i];
    const lit = e.args[0];
    if (o.id === "time_string" && lit?.kind === "StringLit" && parseTime(lit.value) === undefined) this.#report("BadTimeLiteral", lit.span, lit.value);
    return args.includes("never") ? "never" : o.result;
  }

  #methodCall(e: MethodCallExpr): Type {
    const receiver = this.#expr(e.receiver);
    const args = this.#args(e.args);
    const overloads = table(METHOD_TABLES, e.method);
    const receiverText = e.receiver?.kind === "Ident" ? e.receiver.name : undefined;
    if (overloads === undefined) {
      const ci = lookupBuiltinIgnoringCase("method", e.method);
      if (ci) this.#report("CaseMismatch", e.methodSpan ?? e.span, "method", e.method, ci);
      else {
        const on = receiverText ?? `a ${typeName(receiver)}`;
        const hint = functionOverloads(e.method).length > 0 ? ` '${e.method}' is a function: write ${e.method}(${receiverText ?? "x"}.GetSample(...)).` : didYouMean(e.method, METHOD_NAMES);
        this.#report("UnknownMethod", e.methodSpan ?? e.span, e.method, on, hint);
      }
      return "error";
    }
    if (receiver === "error" || receiver === "never") return receiver;
    if (receiver !== "metric") {
      this.#report("MethodOnNonMetric", e.receiver.span, e.method, typeName(receiver));
      return "error";
    }
    if (args.includes("error")) return overloads.common;
    const i = overloads.match(args);
    if (i < 0) {
      const span = { start: (e.methodSpan ?? e.span).start, end: e.span.end };
      const name = `${receiverText ?? "metric"}.${e.method}`;
      this.#report("NoOverload", span, name, typeList(args), expectedSignatures(signatures("method", e.method)));
      return "error";
    }
    this.resolutions[e.id] = overloads.resolutions[i];
    return args.includes("never") ? "never" : overloads.overloads[i]!.result;
  }

  #member(e: MemberExpr): Type {
    const object = this.#expr(e.object);
    const span = e.memberSpan ?? e.span;
    if (object === "error" || object === "never") return object;
    if (object === "timestamp") {
      const m = timestampMember(e.member);
      if (m) {
        this.resolutions[e.id] = { kind: "overload", id: m.id };
        return m.result;
      }
      const ci = lookupBuiltinIgnoringCase("member", e.member);
      if (ci) this.#report("CaseMismatch", span, "timestamp member", e.member, ci);
      else {
        const hint = closestName(e.member, MEMBER_NAMES);
        const more = hint ? ` Did you mean '${hint}'?` : ` Members: ${MEMBER_NAMES.join(", ")}.`;
        this.#report("UnknownMember", span, "timestamp", e.member, more);
      }
      return "error";
    }
    const hint =
      object === "metric"
        ? methodOverloads(e.member).length > 0
          ? ` Call it as ${e.member}(${methodOverloads(e.member).some((o) => o.params.length === 0) ? "" : "..."}).`
          : " Read a metric with GetSample(...)."
        : "";
    this.#report("UnknownMember", span, typeName(object), e.member, hint);
    return "error";
  }
}
