// Compiler: a checked formula becomes a tree of named closures (style §2.7). Names, slots,
// overloads and spans are resolved here, once; evaluation does no string lookups and never
// uses eval/new Function. Refuses formulas with errors. Runs nothing.

import type { Expr, Ident, Statement as AstStatement } from "../../syntax/ast.ts";
import { assertNever } from "../../syntax/ast.ts";
import type { OverloadId } from "../../check/builtins.ts";
import type { CheckedFormula } from "../../check/check.ts";
import type { Span } from "../../base/diagnostics.ts";
import { hasErrors } from "../../base/diagnostics.ts";
import { arith, compare, type ArithOp, type Leaf } from "./arith.ts";
import {
  assignArithmetic,
  assignConstant,
  assignCopy,
  assignDeallocation,
  assignDouble,
  assignTarget,
  assignValue,
  discardConstant,
  discardValue,
  hoistLeadingConstants,
  mergeConstantRuns,
  type CompiledFormula,
  type Statement,
} from "./statement.ts";
import { listOfPushers, listOfTwoDoubles, pushDouble, pushSamples, pushValue } from "./list.ts";
import { ARITH, binaryCall, COMPARE, fixedCall, serviceRead } from "./call.ts";
import { applyConstant, foldExpr } from "./fold.ts";
import { implOf, type ListImpl, type RangeFn, SAMPLE_RANGES } from "../impls.ts";
import { type Frame, POOL_SCALARS, TARGET_INDEX } from "../frame.ts";
import { dealloc, EvalError, Interval, type Value } from "../runtime.ts";

type Thunk = (f: Frame) => Value;
export type { Exec } from "./statement.ts";

export type { CompiledFormula } from "./statement.ts";

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
  const all = checked.ast.statements;
  const compiled: Statement[] = [];
  for (let i = 0; i < count && i < all.length; i++) compiled.push(c.statement(all[i]!));
  const hoisted = hoistLeadingConstants(compiled);
  const statements = mergeConstantRuns(compiled.slice(hoisted.length));
  const sortedVariables = [...checked.variables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { checked, statements, slotCount: checked.variables.length, metrics: c.metrics, sortedVariables, hoisted, readsPoolScalars: c.readsPoolScalars };
}

/**
 * A compiled expression. Constants are folded on the way (compile/fold.ts rules): a constant node keeps
 * its value, and its closure is made only if a parent needs one, so the parts of a folded
 * subtree never get closures. `leaf` tells compile/arith.ts that the closure is a double-only
 * slot read.
 */
interface Node {
  run: Thunk | undefined;
  readonly value: Value | undefined;
  readonly leaf: Leaf | undefined;
  /** for `l op r` on doubles: its parts, so an assignment of it can store `l op r` unboxed */
  readonly arith?: { readonly op: ArithOp; readonly l: Thunk; readonly r: Thunk };
}

/** A GetSample call's pieces, for list calls that read it in place (`#sampleRange`). */
interface SampleRange {
  readonly fused: true;
  readonly range: RangeFn;
  readonly metric: string;
  readonly m: number;
  readonly site: Span;
  readonly a: Thunk;
  readonly b: Thunk;
  readonly c: Thunk;
}

const constNode = (value: Value): Node => ({ run: undefined, value, leaf: undefined });
const runNode = (run: Thunk, leaf?: Leaf): Node => ({ run, value: undefined, leaf });
const zero = (): Value => 0;
const isFused = (x: Node | SampleRange): x is SampleRange => (x as Partial<SampleRange>).fused === true;

class Compiler {
  readonly metrics: string[] = [];
  /** set when an expression reads a pool scalar (frame.ts POOL_SCALARS) */
  readsPoolScalars = false;
  readonly #checked: CheckedFormula;
  /** slots every assignment of which is a double: they live in `Frame.nums` */
  readonly #numeric: readonly boolean[];

  constructor(checked: CheckedFormula) {
    this.#checked = checked;
    const numeric = checked.variables.map(() => true);
    for (const s of checked.ast.statements) {
      if (s.kind !== "Assignment") continue;
      const res = checked.resolutions[s.target.id];
      if (res?.kind === "user" && checked.types[s.value.id] !== "double") numeric[res.slot] = false;
    }
    this.#numeric = numeric;
  }

  statement(s: AstStatement): Statement {
    if (s.kind === "ExpressionStatement") {
      // Spec §11.1: evaluated for its effects (an error, stop()), the value discarded. A constant
      // (folded: it cannot fail) does nothing at run time.
      const node = this.#node(s.expression);
      return node.run === undefined ? discardConstant() : discardValue(node.run);
    }
    const node = this.#node(s.value);
    const res = this.#checked.resolutions[s.target.id];
    if (res?.kind === "user" && this.#numeric[res.slot]) {
      if (typeof node.value === "number") return assignConstant(res.slot, node.value);
      if (node.arith !== undefined) return assignArithmetic(res.slot, node.arith.op, node.arith.l, node.arith.r);
      if (node.leaf?.kind === "slot") return assignCopy(res.slot, node.leaf.slot);
      return assignDouble(res.slot, this.#thunk(node));
    }
    const value = this.#thunk(node);
    if (res?.kind === "user") return assignValue(res.slot, value);
    if (res?.kind === "service") {
      if (res.variable.name === "$NodeDeallocationOption") return assignDeallocation(value);
      const index = TARGET_INDEX[s.target.name];
      if (index !== undefined) return assignTarget(index, s.span, value);
    }
    throw new Error(`compile: cannot assign to ${s.target.name}`);
  }

  /** The closure of an expression. */
  expr(e: Expr): Thunk {
    return this.#thunk(this.#node(e));
  }

  /** A node's closure, made now for a constant. */
  #thunk(n: Node): Thunk {
    if (n.run !== undefined) return n.run;
    const v = n.value as Value;
    return (n.run = function evalConstant(): Value {
      return v;
    });
  }

  /** What compile/arith.ts may read directly: a constant double or a double-only slot. */
  #leaf(n: Node): Leaf | undefined {
    return typeof n.value === "number" ? { kind: "const", value: n.value } : n.leaf;
  }

  /** `e` folded when `values` are all constant and the overload is pure and succeeds. */
  #fold(e: Expr, site: Span, values: readonly (Value | undefined)[]): Node | undefined {
    const v = applyConstant(this.#checked.resolutions[e.id], site, values);
    return v === undefined ? undefined : constNode(v);
  }

  #node(e: Expr): Node {
    switch (e.kind) {
      case "NumberLit":
      case "StringLit":
        return constNode(e.value);
      case "Ident":
        return this.#ident(e);
      case "UnaryExpr": {
        const operand = this.#node(e.operand);
        if (operand.value !== undefined) {
          const folded = this.#fold(e, e.span, [operand.value]);
          if (folded) return folded;
        }
        const t = this.#thunk(operand);
        const id = this.#overload(e);
        if (id === "neg_double") return runNode((f) => -(t(f) as number));
        if (id === "not_double") return runNode((f) => ((t(f) as number) === 0 ? 1 : 0));
        return runNode(fixedCall(id, e.span, [t]));
      }
      case "BinaryExpr": {
        const id = this.#overload(e);
        const l = this.#node(e.left);
        const r = this.#node(e.right);
        if (l.value !== undefined && r.value !== undefined) {
          const folded = this.#fold(e, e.span, [l.value, r.value]);
          if (folded) return folded;
        }
        const op = ARITH[id];
        if (op) {
          const lt = this.#thunk(l);
          const rt = this.#thunk(r);
          return { run: arith(op, lt, rt, this.#leaf(l), this.#leaf(r)), value: undefined, leaf: undefined, arith: { op, l: lt, r: rt } };
        }
        const cmp = COMPARE[id];
        if (cmp) return runNode(compare(cmp, this.#thunk(l), this.#thunk(r), this.#leaf(l), this.#leaf(r)));
        return runNode(binaryCall(id, this.#thunk(l), this.#thunk(r), e.span));
      }
      case "ConditionalExpr": {
        const testNode = this.#node(e.test);
        if (typeof testNode.value === "number") {
          // A constant condition: the whole is constant when the branch it picks is (folded
          // without compiling, so the other branch adds no metric or closure).
          const picked = foldExpr(testNode.value !== 0 ? e.consequent : e.alternate, this.#checked);
          if (picked !== undefined) return constNode(picked);
        }
        const test = this.#thunk(testNode);
        const yes = this.expr(e.consequent);
        const no = this.expr(e.alternate);
        return runNode(function evalConditional(f) {
          return (test(f) as number) !== 0 ? yes(f) : no(f);
        });
      }
      case "CallExpr":
        return this.#call(e.id, this.#overload(e), e.argsSpan, e.args);
      case "MethodCallExpr": {
        const metric = this.#metricOf(e);
        const index = this.#metricIndex(metric);
        const impl = implOf(this.#overload(e));
        if (impl.shape !== "method") throw new Error("compile: method overload without a method implementation");
        const [a, b, c] = e.args.map((x) => this.expr(x));
        const site = e.argsSpan;
        const fn = impl.fn;
        const m = index;
        if (a === undefined) return runNode(function evalMethod0(f) { return fn(f.env, f.series[m]!, metric, site, 0, 0, 0); });
        if (b === undefined) return runNode(function evalMethod1(f) { return fn(f.env, f.series[m]!, metric, site, a(f), 0, 0); });
        if (c === undefined) return runNode(function evalMethod2(f) { return fn(f.env, f.series[m]!, metric, site, a(f), b(f), 0); });
        return runNode(function evalMethod3(f) { return fn(f.env, f.series[m]!, metric, site, a(f), b(f), c(f)); });
      }
      case "MemberExpr": {
        const object = this.#node(e.object);
        if (object.value !== undefined) {
          const folded = this.#fold(e, e.span, [object.value]);
          if (folded) return folded;
        }
        return runNode(fixedCall(this.#overload(e), e.span, [this.#thunk(object)]));
      }
      default:
        return assertNever(e);
    }
  }

  #ident(e: Ident): Node {
    const res = this.#checked.resolutions[e.id];
    switch (res?.kind) {
      case "user": {
        const slot = res.slot;
        const span = e.span;
        const name = e.name;
        if (this.#numeric[slot]) {
          return runNode(function evalNumVar(f: Frame): Value {
            // Unreachable for checked formulas (C302); kept as the service's error, not a crash.
            if (f.cells[slot] === undefined) throw new EvalError("UndefinedSymbol", span, [name]);
            return f.nums[slot]!;
          }, { kind: "slot", slot });
        }
        return runNode(function evalUserVar(f: Frame): Value {
          const v = f.cells[slot];
          if (v === undefined || v === null) throw new EvalError("UndefinedSymbol", span, [name]);
          return v;
        });
      }
      case "constant":
        return constNode(new Interval(res.value));
      case "keyword":
        return constNode(dealloc(res.name));
      case "service": {
        const scalar = (POOL_SCALARS as readonly string[]).indexOf(res.variable.name);
        if (scalar >= 0) {
          this.readsPoolScalars = true;
          const slot = this.#checked.variables.length + scalar;
          return runNode(function evalPoolScalar(f: Frame): Value {
            return f.nums[slot]!;
          }, { kind: "slot", slot });
        }
        return runNode(serviceRead(e.name, res.variable.name));
      }
      default:
        throw new Error(`compile: unresolved name ${e.name}`);
    }
  }

  #overload(e: Expr): OverloadId {
    const res = this.#checked.resolutions[e.id];
    if (res?.kind !== "overload") throw new Error(`compile: no overload resolved for ${e.kind} at ${e.span.start}`);
    return res.id;
  }

  /**
   * A `doubleVecList` call over compiled arguments (a GetSample argument as its range pieces).
   * GetSample arguments are read in place from the metric's buffer (`avg($M.GetSample(…))`
   * copies nothing; `max(0, $M.GetSample(1))` copies into a reused buffer only) — the method's
   * checks and errors are unchanged. The buffer belongs to this call site: list implementations
   * never keep or return their input, and a site cannot re-enter itself (its arguments are other
   * sites).
   */
  #listCall(id: OverloadId, fn: ListImpl["fn"], site: Span, argExprs: readonly Expr[], args: readonly (Node | SampleRange)[]): Thunk {
    const only = args.length === 1 ? args[0]! : undefined;
    if (only !== undefined && isFused(only)) {
      const { range, metric, m, site: methodSite, a, b, c } = only;
      return function evalListOverSamples(f) {
        const series = f.series[m]!;
        const r = range(f.env, series, metric, methodSite, a(f), b(f), c(f));
        return fn(site, series.rawValues, r.begin, r.end);
      };
    }
    const types = this.#checked.types;
    if (only !== undefined && types[argExprs[0]!.id] === "doubleVec") {
      const a = this.#thunk(only as Node);
      return function evalListCallVec(f) {
        const v = a(f) as readonly number[];
        return fn(site, v, 0, v.length);
      };
    }
    if (args.length === 2 && types[argExprs[0]!.id] === "double" && types[argExprs[1]!.id] === "double") {
      return listOfTwoDoubles(id, fn, site, this.#thunk(args[0] as Node), this.#thunk(args[1] as Node));
    }
    return listOfPushers(
      fn,
      site,
      args.map((x, i) => {
        if (isFused(x)) return pushSamples(x.range, x.metric, x.m, x.site, x.a, x.b, x.c);
        const t = this.#thunk(x);
        return types[argExprs[i]!.id] === "double" ? pushDouble(t) : pushValue(t);
      }),
    );
  }

  /** The pieces of a GetSample call for fusion, or undefined when `e` is not one. */
  #sampleRange(e: Expr): SampleRange | undefined {
    if (e.kind !== "MethodCallExpr") return undefined;
    const res = this.#checked.resolutions[e.id];
    if (res?.kind !== "overload" || !(res.id in SAMPLE_RANGES)) return undefined;
    const range: RangeFn = SAMPLE_RANGES[res.id as keyof typeof SAMPLE_RANGES];
    const metric = this.#metricOf(e);
    const m = this.#metricIndex(metric);
    const [a = zero, b = zero, c = zero] = e.args.map((x) => this.expr(x));
    return { fused: true, range, metric, m, site: e.argsSpan, a, b, c };
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

  #call(nodeId: number, id: OverloadId, site: Span, argExprs: readonly Expr[]): Node {
    const impl = implOf(id);
    // List calls read GetSample arguments in place (#listCall); such an argument is never constant.
    const isList = impl.shape === "list";
    const args: (Node | SampleRange)[] = [];
    let constant = true;
    for (const x of argExprs) {
      const fused = isList ? this.#sampleRange(x) : undefined;
      const arg = fused ?? this.#node(x);
      if (fused !== undefined || (arg as Node).value === undefined) constant = false;
      args.push(arg);
    }
    if (constant) {
      const v = applyConstant(this.#checked.resolutions[nodeId], site, args.map((a) => (a as Node).value));
      if (v !== undefined) return constNode(v);
    }
    switch (impl.shape) {
      case "fixed":
        return runNode(fixedCall(id, site, (args as Node[]).map((a) => this.#thunk(a))));
      case "env": {
        const fn = impl.fn;
        const a = args[0] === undefined ? undefined : this.#thunk(args[0] as Node);
        return runNode(
          a === undefined
            ? function evalEnvCall0(f) { return fn(f.env, site, 0); }
            : function evalEnvCall1(f) { return fn(f.env, site, a(f)); },
        );
      }
      case "list":
        return runNode(this.#listCall(id, impl.fn, site, argExprs, args));
      default:
        throw new Error(`compile: ${id} cannot be called as a function`);
    }
  }
}
