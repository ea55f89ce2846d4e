// Traced closures: what explain runs. The reference interpreter's walk (interpret.ts), with its
// Tracer, resolved once per checked formula into closures: overloads, resolutions, spans and
// operand lists are looked up when the closures are built, not at every node of every run.
// Nothing is folded or fused: every node the interpreter visits is visited, in the same order,
// and the tracer gets the same calls with the same arguments (checked against the interpreter
// by test/eval/explain-engine.property.test.ts). The plain compiled closures (compile/) are a
// separate tree without hooks: evaluation without explain pays nothing for this one.

import type { Span } from "../base/diagnostics.ts";
import type { CheckedFormula } from "../check/check.ts";
import type { Expr, MethodCallExpr, Statement } from "../syntax/ast.ts";
import { flatten, IMPLS, type Impl } from "./impls.ts";
import type { RunInput, Tracer } from "./interpret.ts";
import type { FinalState } from "./results.ts";
import { type Dealloc, dealloc, EvalError, Interval, STOP, type Value } from "./runtime.ts";

/** One run's state: what the interpreter's Walker keeps, by slot and target index. */
class State {
  /** user variables by slot; undefined = not assigned yet */
  readonly slots: (Value | undefined)[];
  /** the four target spellings (TARGET_SPELLINGS), starting at the pool's targets */
  readonly targets: number[];
  readonly targetSpans: (Span | undefined)[] = [undefined, undefined, undefined, undefined];
  deallocation: Dealloc["name"] = "requeue";
  readonly input: RunInput;
  readonly tracer: Tracer;

  constructor(slotCount: number, input: RunInput, tracer: Tracer) {
    this.slots = new Array<Value | undefined>(slotCount).fill(undefined);
    const pool = input.pool;
    this.targets = [pool.targetDedicatedNodes, pool.targetDedicatedNodes, pool.targetLowPriorityNodes, pool.targetLowPriorityNodes];
    this.input = input;
    this.tracer = tracer;
  }
}

type Node = (s: State) => Value;
type Step = (s: State) => void;

const TARGET_SPELLINGS = ["$TargetDedicatedNodes", "$TargetDedicated", "$TargetLowPriorityNodes", "$TargetLowPriority"];

/** A checked formula's closures, and its user variables sorted by name (the results string's order). */
interface Built {
  readonly steps: readonly Step[];
  readonly sortedVariables: readonly { readonly name: string; readonly slot: number }[];
}

/** The closures of a checked formula, built on its first explanation. */
const BUILT = new WeakMap<CheckedFormula, Built>();

function build(checked: CheckedFormula): Built {
  const builder = new Builder(checked);
  const steps = checked.ast.statements.map((s) => builder.statement(s));
  const sortedVariables = [...checked.variables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { steps, sortedVariables };
}

/** Runs every statement of a checked, error-free formula with `tracer`: the interpreter's `interpret(checked, input, tracer)`, faster. */
export function interpretTraced(checked: CheckedFormula, input: RunInput, tracer: Tracer): FinalState {
  let built = BUILT.get(checked);
  if (!built) BUILT.set(checked, (built = build(checked)));
  const steps = built.steps;
  const state = new State(checked.variables.length, input, tracer);
  let error: EvalError | undefined;
  let stopped = false;
  try {
    for (let i = 0; i < steps.length; i++) steps[i]!(state);
  } catch (e) {
    if (e === STOP) stopped = true;
    else if (e instanceof EvalError) error = e;
    else throw e;
  }
  // In the results string's order, so buildOutcome need not sort (any order gives the same outcome).
  const variables: { name: string; value: Value }[] = [];
  for (const v of built.sortedVariables) {
    const value = state.slots[v.slot];
    if (value !== undefined) variables.push({ name: v.name, value });
  }
  return { targets: state.targets, targetSpans: state.targetSpans, deallocation: state.deallocation, variables, error, stopped };
}

/** A closure that throws `err` when run: a node the interpreter would refuse only if it reached it. */
function failing(err: unknown): Node {
  return () => {
    throw err;
  };
}

class Builder {
  readonly #checked: CheckedFormula;

  constructor(checked: CheckedFormula) {
    this.#checked = checked;
  }

  statement(s: Statement): Step {
    if (s.kind === "ExpressionStatement") {
      const expr = this.expr(s.expression);
      return (st) => st.tracer.statement(s, expr(st)); // spec §11.1: evaluated, the value discarded
    }
    const value = this.expr(s.value);
    const name = s.target.name;
    const res = this.#checked.resolutions[s.target.id];
    if (res?.kind === "user") {
      const slot = res.slot;
      return (st) => {
        const v = value(st);
        st.tracer.statement(s, v);
        st.slots[slot] = v;
      };
    }
    if (name === "$NodeDeallocationOption") {
      return (st) => {
        const v = value(st);
        st.tracer.statement(s, v);
        st.deallocation = (v as Dealloc).name;
      };
    }
    const index = TARGET_SPELLINGS.indexOf(name);
    if (index < 0) throw new Error(`explain: cannot assign to ${name}`);
    const span = s.span;
    return (st) => {
      const v = value(st);
      st.tracer.statement(s, v);
      st.targets[index] = v as number;
      st.targetSpans[index] = span;
    };
  }

  /** The closure of `e`; a node the interpreter would refuse becomes one that throws the same error when reached. */
  expr(e: Expr): Node {
    try {
      return this.#expr(e);
    } catch (err) {
      return failing(err);
    }
  }

  #expr(e: Expr): Node {
    const res = this.#checked.resolutions[e.id];
    switch (e.kind) {
      case "NumberLit":
      case "StringLit": {
        const v = e.value;
        return () => v;
      }
      case "Ident": {
        if (res?.kind === "user") {
          const slot = res.slot;
          return (st) => {
            const v = st.slots[slot];
            if (v === undefined) throw new EvalError("UndefinedSymbol", e.span, [e.name]);
            return v;
          };
        }
        if (res?.kind === "constant") {
          const v = new Interval(res.value); // immutable: one per node serves every run
          return () => v;
        }
        if (res?.kind === "keyword") {
          const v = dealloc(res.name);
          return () => v;
        }
        if (res?.kind === "service") return this.#service(e.name, res.variable.name);
        throw new Error(`interpret: unresolved ${e.name}`);
      }
      case "ConditionalExpr": {
        const test = this.expr(e.test);
        const consequent = this.expr(e.consequent);
        const alternate = this.expr(e.alternate);
        return (st) => {
          const t = (test(st) as number) !== 0;
          st.tracer.branch(e, "?:", t);
          return t ? consequent(st) : alternate(st);
        };
      }
      case "UnaryExpr":
        return this.#apply(e, e.span, [e.operand]);
      case "BinaryExpr":
        return this.#apply(e, e.span, [e.left, e.right]);
      case "MemberExpr":
        return this.#apply(e, e.span, [e.object]);
      case "CallExpr": {
        let call: Node;
        try {
          call = this.#apply(e, e.argsSpan, e.args);
        } catch (err) {
          call = failing(err);
        }
        if (e.callee !== "stop") return call;
        return (st) => {
          st.tracer.stop(e);
          return call(st);
        };
      }
      case "MethodCallExpr":
        return this.#method(e);
    }
  }

  #method(e: MethodCallExpr): Node {
    const overload = this.#overload(e);
    const impl = IMPLS[overload];
    const receiver = e.receiver.kind === "Ident" ? this.#checked.resolutions[e.receiver.id] : undefined;
    if (impl.shape !== "method" || receiver?.kind !== "service") throw new Error("interpret: bad method call");
    const metric = receiver.variable.name;
    const args = e.args.map((a) => this.expr(a));
    const site = e.argsSpan;
    const n = args.length;
    return (st) => {
      const values = new Array<Value>(n);
      for (let i = 0; i < n; i++) values[i] = args[i]!(st);
      const input = st.input;
      const series = input.store.get(metric);
      let result: Value;
      try {
        result = impl.fn(input.env, series, metric, site, values[0]!, values[1]!, values[2]!);
      } catch (err) {
        if (err instanceof EvalError) st.tracer.query(e, overload, metric, series, values, err);
        throw err;
      }
      st.tracer.query(e, overload, metric, series, values, result);
      return result;
    };
  }

  #apply(e: Expr, site: Span, operands: readonly Expr[]): Node {
    const impl: Impl = IMPLS[this.#overload(e)];
    switch (impl.shape) {
      case "logical": {
        const left = this.expr(operands[0]!);
        const right = this.expr(operands[1]!);
        const op = impl.op;
        if (op === "&&") {
          return (st) => {
            const result = (left(st) as number) !== 0 && (right(st) as number) !== 0 ? 1 : 0;
            st.tracer.branch(e, op, result === 1);
            return result;
          };
        }
        return (st) => {
          const result = (left(st) as number) !== 0 || (right(st) as number) !== 0 ? 1 : 0;
          st.tracer.branch(e, op, result === 1);
          return result;
        };
      }
      case "fixed": {
        // Missing operands are 0, as the compiled calls pass them (compile/call.ts fixedCall).
        const n = operands.length;
        const a = n > 0 ? this.expr(operands[0]!) : zero;
        const b = n > 1 ? this.expr(operands[1]!) : zero;
        const c = n > 2 ? this.expr(operands[2]!) : zero;
        const fn = impl.fn;
        return (st) => {
          const x = a(st);
          const y = b(st);
          return fn(site, x, y, c(st));
        };
      }
      case "list": {
        const args = operands.map((o) => this.expr(o));
        const fn = impl.fn;
        const call = e.kind === "CallExpr" ? e : undefined;
        const n = args.length;
        return (st) => {
          const values = new Array<Value>(n);
          let scalars = true;
          for (let i = 0; i < n; i++) if (typeof (values[i] = args[i]!(st)) !== "number") scalars = false;
          // flatten(values) without the copy when it would equal an array at hand: list
          // implementations never keep or change their elements (impls.ts ListImpl).
          const xs = scalars ? (values as number[]) : n === 1 && Array.isArray(values[0]) ? (values[0] as number[]) : flatten(values);
          const result = fn(site, xs, 0, xs.length);
          if (call) st.tracer.call(call, call.callee, values, result);
          return result;
        };
      }
      case "env": {
        const args = operands.map((o) => this.expr(o));
        const fn = impl.fn;
        return (st) => {
          const values = args.map((a) => a(st));
          return fn(st.input.env, site, values[0]!);
        };
      }
      case "method":
        throw new Error("interpret: method implementation used as a function");
    }
  }

  /** A service variable read as a value (Walker#readService). */
  #service(written: string, canonical: string): Node {
    const index = TARGET_SPELLINGS.indexOf(written);
    if (index >= 0) return (st) => st.targets[index]!;
    if (canonical === "$NodeDeallocationOption") return (st) => dealloc(st.deallocation);
    if (canonical === "$CurrentDedicatedNodes") return (st) => st.input.pool.currentDedicatedNodes;
    if (canonical === "$CurrentLowPriorityNodes") return (st) => st.input.pool.currentLowPriorityNodes;
    if (canonical === "$TaskSlotsPerNode") return (st) => st.input.pool.taskSlotsPerNode;
    return failing(new Error(`interpret: ${written} is not readable as a value`));
  }

  #overload(e: Expr): keyof typeof IMPLS {
    const res = this.#checked.resolutions[e.id];
    if (res?.kind !== "overload") throw new Error(`interpret: no overload for ${e.kind}`);
    return res.id;
  }
}

const zero = (): Value => 0;
