// Reference interpreter: a plain tree walk over the checked AST, written to be obviously right
// rather than fast. It shares only impls.ts and the metric store with the compiler; it is the
// oracle of the differential tests and the baseline of the benchmarks.

import type { CallExpr, Expr, Formula, MethodCallExpr, Statement } from "../syntax/ast.ts";
import type { CheckedFormula } from "../check/check.ts";
import type { Span } from "../base/diagnostics.ts";
import { type EvalEnv, flatten, IMPLS } from "./impls.ts";
import type { FinalState, PoolState } from "./results.ts";
import { Dealloc, dealloc, EvalError, Interval, STOP, type Value } from "./runtime.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { TimeSeries } from "../metrics/series.ts";
import type { OverloadId } from "../check/builtins.ts";

/** What a run starts from: the environment, the pool and the metric histories. */
export interface RunInput {
  readonly env: EvalEnv;
  readonly pool: PoolState;
  readonly store: MetricsStore;
}

/**
 * What explain (explain.ts) observes of a run. The interpreter calls it only when one is given,
 * and the traced closures (traced.ts, what explain runs) make the same calls; the compiled
 * closures never do, so evaluation without explain pays nothing for it.
 */
export interface Tracer {
  /** a statement finished with `value` (for a bare expression, the discarded value) */
  statement(s: Statement, value: Value): void;
  /** `?:`: the condition's truth; `&&`/`||`: the result */
  branch(e: Expr, op: "?:" | "&&" | "||", outcome: boolean): void;
  /** a metric method returned `result`, or failed with it */
  query(e: MethodCallExpr, overload: OverloadId, metric: string, series: TimeSeries, args: readonly Value[], result: Value | EvalError): void;
  /** a function call over a list (min, max, avg, …) returned `result` from `args` */
  call(e: CallExpr, name: string, args: readonly Value[], result: Value): void;
  /** stop() is about to end the run */
  stop(e: CallExpr): void;
}

const TARGET_SPELLINGS = ["$TargetDedicatedNodes", "$TargetDedicated", "$TargetLowPriorityNodes", "$TargetLowPriority"];

/** Runs every statement of a checked, error-free formula by walking its tree. */
export function interpret(checked: CheckedFormula, input: RunInput, tracer?: Tracer): FinalState {
  const state = new Walker(checked, input, tracer);
  let error: EvalError | undefined;
  let stopped = false;
  try {
    state.run(checked.ast);
  } catch (e) {
    if (e === STOP) stopped = true;
    else if (e instanceof EvalError) error = e;
    else throw e;
  }
  return {
    targets: TARGET_SPELLINGS.map((n) => state.readTarget(n)),
    targetSpans: TARGET_SPELLINGS.map((n) => state.targetSpans.get(n)),
    deallocation: state.deallocation,
    variables: [...state.variables].map(([name, value]) => ({ name, value })),
    error,
    stopped,
  };
}

class Walker {
  /** user variables by the name as written */
  readonly variables = new Map<string, Value>();
  /** assigned target spellings */
  readonly targets = new Map<string, number>();
  readonly targetSpans = new Map<string, Span>();
  deallocation: Dealloc["name"] = "requeue";
  readonly #checked: CheckedFormula;
  readonly #input: RunInput;
  readonly #tracer: Tracer | undefined;

  constructor(checked: CheckedFormula, input: RunInput, tracer: Tracer | undefined) {
    this.#checked = checked;
    this.#input = input;
    this.#tracer = tracer;
  }

  run(f: Formula): void {
    for (const s of f.statements) {
      if (s.kind === "ExpressionStatement") {
        const discarded = this.eval(s.expression); // spec §11.1: evaluated, the value discarded
        this.#tracer?.statement(s, discarded);
        continue;
      }
      const value = this.eval(s.value);
      this.#tracer?.statement(s, value);
      const name = s.target.name;
      const res = this.#checked.resolutions[s.target.id];
      if (res?.kind === "user") this.variables.set(name, value);
      else if (name === "$NodeDeallocationOption") this.deallocation = (value as Dealloc).name;
      else {
        this.targets.set(name, value as number);
        this.targetSpans.set(name, s.span);
      }
    }
  }

  readTarget(name: string): number {
    const assigned = this.targets.get(name);
    if (assigned !== undefined) return assigned;
    return name.startsWith("$TargetDedicated") ? this.#input.pool.targetDedicatedNodes : this.#input.pool.targetLowPriorityNodes;
  }

  eval(e: Expr): Value {
    const res = this.#checked.resolutions[e.id];
    switch (e.kind) {
      case "NumberLit":
      case "StringLit":
        return e.value;
      case "Ident": {
        if (res?.kind === "user") {
          const v = this.variables.get(e.name);
          if (v === undefined) throw new EvalError("UndefinedSymbol", e.span, [e.name]);
          return v;
        }
        if (res?.kind === "constant") return new Interval(res.value);
        if (res?.kind === "keyword") return dealloc(res.name);
        if (res?.kind === "service") return this.#readService(e.name, res.variable.name);
        throw new Error(`interpret: unresolved ${e.name}`);
      }
      case "ConditionalExpr": {
        const test = (this.eval(e.test) as number) !== 0;
        this.#tracer?.branch(e, "?:", test);
        return test ? this.eval(e.consequent) : this.eval(e.alternate);
      }
      case "UnaryExpr":
        return this.#apply(e, e.span, [e.operand]);
      case "BinaryExpr":
        return this.#apply(e, e.span, [e.left, e.right]);
      case "MemberExpr":
        return this.#apply(e, e.span, [e.object]);
      case "CallExpr":
        if (this.#tracer && e.callee === "stop") this.#tracer.stop(e);
        return this.#apply(e, e.argsSpan, e.args);
      case "MethodCallExpr": {
        const impl = IMPLS[this.#overload(e)];
        const receiver = e.receiver.kind === "Ident" ? this.#checked.resolutions[e.receiver.id] : undefined;
        if (impl.shape !== "method" || receiver?.kind !== "service") throw new Error("interpret: bad method call");
        const metric = receiver.variable.name;
        const args = e.args.map((a) => this.eval(a));
        const series = this.#input.store.get(metric);
        if (!this.#tracer) return impl.fn(this.#input.env, series, metric, e.argsSpan, args[0]!, args[1]!, args[2]!);
        let result: Value;
        try {
          result = impl.fn(this.#input.env, series, metric, e.argsSpan, args[0]!, args[1]!, args[2]!);
        } catch (err) {
          if (err instanceof EvalError) this.#tracer.query(e, this.#overload(e), metric, series, args, err);
          throw err;
        }
        this.#tracer.query(e, this.#overload(e), metric, series, args, result);
        return result;
      }
    }
  }

  #apply(e: Expr, site: Span, operands: readonly Expr[]): Value {
    const impl = IMPLS[this.#overload(e)];
    switch (impl.shape) {
      case "logical": {
        const left = this.eval(operands[0]!) as number;
        const result =
          impl.op === "&&" ? (left !== 0 && (this.eval(operands[1]!) as number) !== 0 ? 1 : 0) : left !== 0 || (this.eval(operands[1]!) as number) !== 0 ? 1 : 0;
        this.#tracer?.branch(e, impl.op, result === 1);
        return result;
      }
      case "fixed": {
        // Missing operands are 0, as the compiled calls pass them (compile/call.ts fixedCall).
        const n = operands.length;
        const a = n > 0 ? this.eval(operands[0]!) : 0;
        const b = n > 1 ? this.eval(operands[1]!) : 0;
        return impl.fn(site, a, b, n > 2 ? this.eval(operands[2]!) : 0);
      }
      case "list": {
        const args = operands.map((a) => this.eval(a));
        const xs = flatten(args);
        const result = impl.fn(site, xs, 0, xs.length);
        if (this.#tracer && e.kind === "CallExpr") this.#tracer.call(e, e.callee, args, result);
        return result;
      }
      case "env": {
        const args = operands.map((a) => this.eval(a));
        return impl.fn(this.#input.env, site, args[0]!);
      }
      case "method":
        throw new Error("interpret: method implementation used as a function");
    }
  }

  #readService(written: string, canonical: string): Value {
    if (TARGET_SPELLINGS.includes(written)) return this.readTarget(written);
    const pool = this.#input.pool;
    if (canonical === "$NodeDeallocationOption") return dealloc(this.deallocation);
    if (canonical === "$CurrentDedicatedNodes") return pool.currentDedicatedNodes;
    if (canonical === "$CurrentLowPriorityNodes") return pool.currentLowPriorityNodes;
    if (canonical === "$TaskSlotsPerNode") return pool.taskSlotsPerNode;
    throw new Error(`interpret: ${written} is not readable as a value`);
  }

  #overload(e: Expr): keyof typeof IMPLS {
    const res = this.#checked.resolutions[e.id];
    if (res?.kind !== "overload") throw new Error(`interpret: no overload for ${e.kind}`);
    return res.id;
  }
}
