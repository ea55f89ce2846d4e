// Compiler: a checked formula becomes a tree of named closures (style §2.7). Names, slots,
// overloads and spans are resolved here, once; evaluation does no string lookups and never
// uses eval/new Function. Refuses formulas with errors. Runs nothing.

import type { Assignment, Expr, Ident } from "./ast.ts";
import { assertNever } from "./ast.ts";
import type { OverloadId } from "./builtins.ts";
import type { CheckedFormula, UserVariable } from "./check.ts";
import type { Span } from "./diagnostics.ts";
import { hasErrors } from "./diagnostics.ts";
import { arith, compare, type CompareOp, type Leaf } from "./compile-arith.ts";
import { listOfPushers, listOfTwoDoubles, pushDouble, pushSamples, pushValue, type Pusher } from "./compile-list.ts";
import { foldConstants } from "./fold.ts";
import { implOf, type ListImpl, type RangeFn, SAMPLE_RANGES } from "./impls.ts";
import { type Frame, TARGET_INDEX } from "./frame.ts";
import { Dealloc, dealloc, EvalError, Interval, type Value } from "./runtime.ts";

type Thunk = (f: Frame) => Value;
/** One compiled statement. */
export type Exec = (f: Frame) => void;

/** A compiled formula: one closure per statement plus what a frame needs. */
export interface CompiledFormula {
  readonly checked: CheckedFormula;
  readonly statements: readonly Exec[];
  readonly slotCount: number;
  /** canonical names of the metrics read, by metric index */
  readonly metrics: readonly string[];
  /** user variables in results order (ordinal by name), sorted once here */
  readonly sortedVariables: readonly UserVariable[];
}

/**
 * Compiles a checked formula. Returns undefined when the checked formula has errors: compile
 * never guesses.
 */
export function compileChecked(checked: CheckedFormula): CompiledFormula | undefined {
  if (hasErrors(checked.diagnostics)) return undefined;
  return compilePrefix(checked, checked.ast.statements.length);
}

/**
 * Compiles the first `count` statements without looking at diagnostics: the caller guarantees
 * those statements are error-free (used to run the statements before an undefined name).
 */
export function compilePrefix(checked: CheckedFormula, count: number): CompiledFormula {
  const c = new Compiler(checked);
  const statements = c.mergeConstantRuns(checked.ast.statements.slice(0, count).map((s) => c.statement(s)));
  const sortedVariables = [...checked.variables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { checked, statements, slotCount: checked.variables.length, metrics: c.metrics, sortedVariables };
}


/** Ordering comparisons handled by compile-arith.ts. */
const COMPARE: Partial<Record<OverloadId, CompareOp>> = {
  lt_double_double: "<",
  le_double_double: "<=",
  gt_double_double: ">",
  ge_double_double: ">=",
};

/** Overloads handled by compile-arith.ts. */
const ARITH: Partial<Record<OverloadId, "+" | "-" | "*" | "/">> = {
  add_double_double: "+",
  sub_double_double: "-",
  mul_double_double: "*",
  div_double_double: "/",
};

class Compiler {
  readonly metrics: string[] = [];
  readonly #checked: CheckedFormula;
  /** values of constant subtrees (fold.ts), computed once here instead of per evaluation */
  readonly #constants: ReadonlyMap<number, Value>;
  /** closures known to be a constant double or a user-variable read (for compile-arith.ts) */
  readonly #leaves = new Map<Thunk, Leaf>();
  /** statements of the form `doubleSlot = <constant double>` */
  readonly #constAssigns = new Map<Exec, { readonly slot: number; readonly value: number }>();
  /** slots every assignment of which is a double: they live in `Frame.nums` */
  readonly #numeric: readonly boolean[];

  /**
   * Consecutive `x = <constant>` statements (formulas often open with several) become one
   * closure: they cannot fail or stop, so running them together changes nothing observable.
   */
  mergeConstantRuns(statements: readonly Exec[]): Exec[] {
    const out: Exec[] = [];
    for (let i = 0; i < statements.length; ) {
      const run: { slot: number; value: number }[] = [];
      while (i + run.length < statements.length && this.#constAssigns.has(statements[i + run.length]!)) run.push(this.#constAssigns.get(statements[i + run.length]!)!);
      if (run.length < 2) {
        out.push(statements[i]!);
        i++;
        continue;
      }
      const slots = run.map((r) => r.slot);
      const values = run.map((r) => r.value);
      out.push(function execAssignConsts(f) {
        const nums = f.nums;
        const cells = f.cells;
        for (let k = 0; k < slots.length; k++) {
          const slot = slots[k]!;
          nums[slot] = values[k]!;
          cells[slot] = null;
        }
      });
      i += run.length;
    }
    return out;
  }

  constructor(checked: CheckedFormula) {
    this.#checked = checked;
    this.#constants = foldConstants(checked);
    const numeric = checked.variables.map(() => true);
    for (const s of checked.ast.statements) {
      const res = checked.resolutions[s.target.id];
      if (res?.kind === "user" && checked.types[s.value.id] !== "double") numeric[res.slot] = false;
    }
    this.#numeric = numeric;
  }

  statement(s: Assignment): Exec {
    const value = this.expr(s.value);
    const res = this.#checked.resolutions[s.target.id];
    const span = s.span;
    const leaf = this.#leaves.get(value);
    if (res?.kind === "user" && this.#numeric[res.slot]) {
      const slot = res.slot;
      if (leaf?.kind === "const") {
        const v = leaf.value;
        const exec = function execAssignConst(f: Frame): void {
          f.nums[slot] = v;
          f.cells[slot] = null;
        };
        this.#constAssigns.set(exec, { slot, value: v });
        return exec;
      }
      return function execAssignNum(f) {
        // The value first: a failing expression leaves the slot as it was.
        f.nums[slot] = value(f) as number;
        f.cells[slot] = null;
      };
    }
    if (res?.kind === "user") {
      const slot = res.slot;
      return function execAssignUser(f) {
        f.cells[slot] = value(f);
      };
    }
    if (res?.kind === "service") {
      const name = s.target.name;
      if (res.variable.name === "$NodeDeallocationOption") {
        return function execAssignDealloc(f) {
          f.deallocOption = value(f) as Dealloc;
        };
      }
      const index = TARGET_INDEX[name];
      if (index !== undefined) {
        return function execAssignTarget(f) {
          f.targets[index] = value(f) as number;
          f.targetSpans[index] = span;
        };
      }
    }
    throw new Error(`compile: cannot assign to ${s.target.name}`);
  }

  expr(e: Expr): Thunk {
    const constant = this.#constants.get(e.id);
    if (constant !== undefined) return this.#constant(constant);
    switch (e.kind) {
      case "NumberLit":
        return this.#constant(e.value);
      case "StringLit": {
        const v = e.value;
        return function evalString() {
          return v;
        };
      }
      case "Ident":
        return this.ident(e);
      case "UnaryExpr": {
        const operand = this.expr(e.operand);
        const id = this.#overload(e);
        if (id === "neg_double") return (f) => -(operand(f) as number);
        if (id === "not_double") return (f) => ((operand(f) as number) === 0 ? 1 : 0);
        return this.#fixed(id, e.span, [operand]);
      }
      case "BinaryExpr": {
        const id = this.#overload(e);
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const op = ARITH[id];
        if (op) return arith(op, l, r, this.#leaves.get(l), this.#leaves.get(r));
        const cmp = COMPARE[id];
        if (cmp) return compare(cmp, l, r, this.#leaves.get(l), this.#leaves.get(r));
        return this.binary(id, l, r, e.span);
      }
      case "ConditionalExpr": {
        const test = this.expr(e.test);
        const yes = this.expr(e.consequent);
        const no = this.expr(e.alternate);
        return function evalConditional(f) {
          return (test(f) as number) !== 0 ? yes(f) : no(f);
        };
      }
      case "CallExpr":
        return this.#call(this.#overload(e), e.argsSpan, e.args);
      case "MethodCallExpr": {
        const metric = this.#metricOf(e);
        const index = this.#metricIndex(metric);
        const impl = implOf(this.#overload(e));
        if (impl.shape !== "method") throw new Error("compile: method overload without a method implementation");
        const [a, b, c] = e.args.map((x) => this.expr(x));
        const site = e.argsSpan;
        const fn = impl.fn;
        const m = index;
        if (a === undefined) return function evalMethod0(f) { return fn(f.env, f.series[m]!, metric, site, 0, 0, 0); };
        if (b === undefined) return function evalMethod1(f) { return fn(f.env, f.series[m]!, metric, site, a(f), 0, 0); };
        if (c === undefined) return function evalMethod2(f) { return fn(f.env, f.series[m]!, metric, site, a(f), b(f), 0); };
        return function evalMethod3(f) { return fn(f.env, f.series[m]!, metric, site, a(f), b(f), c(f)); };
      }
      case "MemberExpr": {
        const object = this.expr(e.object);
        return this.#fixed(this.#overload(e), e.span, [object]);
      }
      default:
        return assertNever(e);
    }
  }

  ident(e: Ident): Thunk {
    const res = this.#checked.resolutions[e.id];
    switch (res?.kind) {
      case "user": {
        const slot = res.slot;
        const span = e.span;
        const name = e.name;
        if (this.#numeric[slot]) {
          const read = function evalNumVar(f: Frame): Value {
            // Unreachable for checked formulas (C302); kept as the service's error, not a crash.
            if (f.cells[slot] === undefined) throw new EvalError("UndefinedSymbol", span, [name]);
            return f.nums[slot]!;
          };
          this.#leaves.set(read, { kind: "slot", slot });
          return read;
        }
        return function evalUserVar(f: Frame): Value {
          const v = f.cells[slot];
          if (v === undefined || v === null) throw new EvalError("UndefinedSymbol", span, [name]);
          return v;
        };
      }
      case "constant":
        return this.#constant(new Interval(res.value));
      case "keyword":
        return this.#constant(dealloc(res.name));
      case "service":
        return this.#service(e.name, res.variable.name);
      default:
        throw new Error(`compile: unresolved name ${e.name}`);
    }
  }

  binary(id: OverloadId, l: Thunk, r: Thunk, span: Span): Thunk {
    // The common double overloads get their own closures: no call through the impl table.
    // (Ordering comparisons are in compile-arith.ts.)
    switch (id) {
      case "eq_double_double":
        return function evalEq(f) { return (l(f) as number) === (r(f) as number) ? 1 : 0; };
      case "ne_double_double":
        return function evalNe(f) { return (l(f) as number) !== (r(f) as number) ? 1 : 0; };
      case "and_double_double":
        // Nonzero (NaN included) is true, as in .NET; the right side runs only when needed.
        return function evalAnd(f) { return (l(f) as number) !== 0 && (r(f) as number) !== 0 ? 1 : 0; };
      case "or_double_double":
        return function evalOr(f) { return (l(f) as number) !== 0 || (r(f) as number) !== 0 ? 1 : 0; };
      default:
        return this.#fixed(id, span, [l, r]);
    }
  }

  /** A closure returning a fixed value; doubles are remembered as constant leaves. */
  #constant(v: Value): Thunk {
    const thunk = function evalConstant(): Value {
      return v;
    };
    if (typeof v === "number") this.#leaves.set(thunk, { kind: "const", value: v });
    return thunk;
  }

  #service(written: string, canonical: string): Thunk {
    const target = TARGET_INDEX[written];
    if (target !== undefined) {
      return function evalTarget(f) {
        return f.targets[target]!;
      };
    }
    switch (canonical) {
      case "$NodeDeallocationOption":
        return function evalDeallocOption(f) { return f.deallocOption; };
      case "$CurrentDedicatedNodes":
        return function evalCurrentDedicated(f) { return f.currentDedicated; };
      case "$CurrentLowPriorityNodes":
        return function evalCurrentLowPriority(f) { return f.currentLowPriority; };
      case "$TaskSlotsPerNode":
        return function evalTaskSlots(f) { return f.taskSlotsPerNode; };
      default:
        throw new Error(`compile: ${written} is not readable as a value`);
    }
  }

  #overload(e: Expr): OverloadId {
    const res = this.#checked.resolutions[e.id];
    if (res?.kind !== "overload") throw new Error(`compile: no overload resolved for ${e.kind} at ${e.span.start}`);
    return res.id;
  }

  /**
   * A `doubleVecList` call. GetSample arguments are read in place from the metric's buffer
   * (`avg($M.GetSample(…))` copies nothing; `max(0, $M.GetSample(1))` copies into a reused
   * buffer only) — the method's checks and errors are unchanged. The buffer belongs to this call
   * site: list implementations never keep or return their input, and a site cannot re-enter
   * itself (its arguments are other sites).
   */
  #listCall(id: OverloadId, fn: ListImpl["fn"], site: Span, argExprs: readonly Expr[]): Thunk {
    const only = argExprs.length === 1 ? argExprs[0]! : undefined;
    const fused = only ? this.#sampleRange(only) : undefined;
    if (fused) {
      const { range, metric, m, site: methodSite, a, b, c } = fused;
      return function evalListOverSamples(f) {
        const series = f.series[m]!;
        const r = range(f.env, series, metric, methodSite, a(f), b(f), c(f));
        return fn(site, series.rawValues, r.begin, r.end);
      };
    }
    const types = argExprs.map((e) => this.#checked.types[e.id]);
    if (only && types[0] === "doubleVec") {
      const a = this.expr(only);
      return function evalListCallVec(f) {
        const v = a(f) as readonly number[];
        return fn(site, v, 0, v.length);
      };
    }
    if (argExprs.length === 2 && types[0] === "double" && types[1] === "double") {
      return listOfTwoDoubles(id, fn, site, this.expr(argExprs[0]!), this.expr(argExprs[1]!));
    }
    return listOfPushers(fn, site, argExprs.map((e) => this.#pusher(e)));
  }

  /** Writes one list argument's values into the call's buffer. */
  #pusher(e: Expr): Pusher {
    const fused = this.#sampleRange(e);
    if (fused) return pushSamples(fused.range, fused.metric, fused.m, fused.site, fused.a, fused.b, fused.c);
    const t = this.expr(e);
    return this.#checked.types[e.id] === "double" ? pushDouble(t) : pushValue(t);
  }

  #isSampleCall(e: Expr): boolean {
    const res = this.#checked.resolutions[e.id];
    return e.kind === "MethodCallExpr" && res?.kind === "overload" && res.id in SAMPLE_RANGES && !this.#constants.has(e.id);
  }

  /** The pieces of a GetSample call for fusion, or undefined when `e` is not one. */
  #sampleRange(e: Expr) {
    if (e.kind !== "MethodCallExpr" || !this.#isSampleCall(e)) return undefined;
    const res = this.#checked.resolutions[e.id] as { readonly kind: "overload"; readonly id: keyof typeof SAMPLE_RANGES };
    const range: RangeFn = SAMPLE_RANGES[res.id];
    const metric = this.#metricOf(e);
    const m = this.#metricIndex(metric);
    const zero = (): Value => 0;
    const [a = zero, b = zero, c = zero] = e.args.map((x) => this.expr(x));
    return { range, metric, m, site: e.argsSpan, a, b, c };
  }

  #metricOf(e: { readonly receiver: Expr }): string {
    const receiver = e.receiver.kind === "Ident" ? this.#checked.resolutions[e.receiver.id] : undefined;
    if (receiver?.kind !== "service") throw new Error("compile: method receiver is not a service variable");
    return receiver.variable.name;
  }

  #metricIndex(metric: string): number {
    const index = this.metrics.indexOf(metric);
    return index >= 0 ? index : this.metrics.push(metric) - 1;
  }

  /** A fixed-arity overload called with already compiled argument thunks. */
  #fixed(id: OverloadId, site: Span, args: readonly Thunk[]): Thunk {
    const impl = implOf(id);
    if (impl.shape !== "fixed") throw new Error(`compile: ${id} is not a fixed implementation`);
    const fn = impl.fn;
    const [a, b, c] = args;
    switch (args.length) {
      case 0:
        return function evalCall0() { return fn(site, 0, 0, 0); };
      case 1:
        return function evalCall1(f) { return fn(site, a!(f), 0, 0); };
      case 2:
        return function evalCall2(f) { return fn(site, a!(f), b!(f), 0); };
      default:
        return function evalCall3(f) { return fn(site, a!(f), b!(f), c!(f)); };
    }
  }

  #call(id: OverloadId, site: Span, argExprs: readonly Expr[]): Thunk {
    const impl = implOf(id);
    // List calls compile their arguments themselves (#listCall).
    const args = impl.shape === "list" ? [] : argExprs.map((a) => this.expr(a));
    switch (impl.shape) {
      case "fixed":
        return this.#fixed(id, site, args);
      case "env": {
        const fn = impl.fn;
        const a = args[0];
        return a === undefined
          ? function evalEnvCall0(f) { return fn(f.env, site, 0); }
          : function evalEnvCall1(f) { return fn(f.env, site, a(f)); };
      }
      case "list":
        return this.#listCall(id, impl.fn, site, argExprs);
      default:
        throw new Error(`compile: ${id} cannot be called as a function`);
    }
  }
}
