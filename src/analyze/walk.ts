// The abstract interpreter of the bounds analysis: runs a checked formula once over abstract
// values (intervals), statement by statement, as the evaluator would over every context at once.
// Records each expression's value by node id and the state wherever a run can complete (the
// end, and every reachable stop()). Never evaluates concretely; never throws on a checked formula.

import type { CheckedFormula } from "../check/check.ts";
import type { OverloadId } from "../check/builtins.ts";
import type { Span } from "../base/diagnostics.ts";
import type { BinaryExpr, ConditionalExpr, Expr, MethodCallExpr } from "../syntax/ast.ts";
import { finitePart, hasNumber, hasZero, iv, join, mayBeFalse, mayBeTrue, meet, point, truth, type Iv } from "./interval.ts";
import { BOTTOM, ivOf, joinValues, num, OTHER, TRANSFER, vec, type AbsValue } from "./values.ts";
import type { InputRanges } from "./inputs.ts";

/** The four target spellings: each is its own cell, starting at the pool's target (eval/interpret.ts). */
export const TARGET_SPELLINGS = ["$TargetDedicatedNodes", "$TargetDedicated", "$TargetLowPriorityNodes", "$TargetLowPriority"] as const;

/** What a completed run can end with. */
export interface Completion {
  /** final `$TargetDedicatedNodes` / `$TargetLowPriorityNodes` (finite: a non-finite target fails the run) */
  readonly dedicated: Iv;
  readonly lowPriority: Iv;
  /** the spelling that decided each target (undefined: never assigned, the pool's own target) */
  readonly dedicatedFrom: string | undefined;
  readonly lowPriorityFrom: string | undefined;
  /** assigned user variables */
  readonly variables: ReadonlyMap<string, AbsValue>;
}

/** A `?:` whose condition is decided. */
export interface DecidedBranch {
  readonly node: ConditionalExpr;
  readonly condition: Iv;
  /** which branch is never taken */
  readonly dead: "consequent" | "alternate";
}

/** Everything one abstract run found. */
export interface WalkResult {
  /** abstract value of each expression node by id (undefined: never reached) */
  readonly values: readonly (AbsValue | undefined)[];
  /** one entry per place a run can complete: each reachable stop(), and the end */
  readonly completions: readonly Completion[];
  readonly decided: readonly DecidedBranch[];
  /** reached divisions whose divisor may be 0 */
  readonly zeroDivisors: readonly { readonly node: Expr; readonly divisor: Iv }[];
  /** last assignment of each target spelling and user variable, by name */
  readonly lastAssignment: ReadonlyMap<string, Span>;
}

/** Refinements of variables inside a branch: a persistent list, newest first. */
type Overlay = { readonly name: string; readonly value: AbsValue; readonly next: Overlay } | undefined;

const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);
const FLIP: Readonly<Record<string, string>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };
const DIVISIONS = new Set<OverloadId>(["div_double_double", "div_doublevec_double", "div_doublevec_doublevec"]);

class Walker {
  readonly env = new Map<string, AbsValue>();
  readonly assignedTargets = new Set<string>();
  readonly userNames = new Set<string>();
  readonly values: (AbsValue | undefined)[];
  readonly completions: Completion[] = [];
  readonly decided: DecidedBranch[] = [];
  readonly zeroDivisors: { node: Expr; divisor: Iv }[] = [];
  readonly lastAssignment = new Map<string, Span>();
  stopReached = false;
  readonly #checked: CheckedFormula;
  readonly #inputs: InputRanges;

  constructor(checked: CheckedFormula, inputs: InputRanges) {
    this.#checked = checked;
    this.#inputs = inputs;
    this.values = new Array<AbsValue | undefined>(checked.types.length);
    const input = (name: string): AbsValue => num(inputs.get(name) ?? iv(0, Infinity));
    for (const name of ["$CurrentDedicatedNodes", "$CurrentLowPriorityNodes", "$TaskSlotsPerNode"]) this.env.set(name, input(name));
    for (const name of TARGET_SPELLINGS) this.env.set(name, input(name.startsWith("$TargetDedicated") ? "$TargetDedicatedNodes" : "$TargetLowPriorityNodes"));
  }

  run(): void {
    let reachable = true;
    for (const s of this.#checked.ast.statements) {
      this.stopReached = false;
      const value = this.eval(s.kind === "Assignment" ? s.value : s.expression, undefined);
      if (this.stopReached) this.complete();
      if (value.kind === "bottom") {
        reachable = false;
        break;
      }
      if (s.kind !== "Assignment") continue;
      const res = this.#checked.resolutions[s.target.id];
      const name = s.target.name;
      this.lastAssignment.set(name, s.span);
      if (res?.kind === "user") {
        this.env.set(name, value);
        this.userNames.add(name);
      } else if ((TARGET_SPELLINGS as readonly string[]).includes(name)) {
        this.env.set(name, value);
        this.assignedTargets.add(name);
      }
    }
    if (reachable) this.complete();
  }

  /** Records the state as one way a run completes; a run whose final target can only be non-finite fails instead. */
  complete(): void {
    const pick = (full: string, alias: string): [Iv, string | undefined] => {
      const from = this.assignedTargets.has(full) ? full : this.assignedTargets.has(alias) ? alias : undefined;
      const value = ivOf(this.env.get(from ?? full)!);
      return [from === undefined ? value : finitePart(value), from];
    };
    const [dedicated, dedicatedFrom] = pick("$TargetDedicatedNodes", "$TargetDedicated");
    const [lowPriority, lowPriorityFrom] = pick("$TargetLowPriorityNodes", "$TargetLowPriority");
    if (!hasNumber(dedicated) || !hasNumber(lowPriority)) return;
    const variables = new Map<string, AbsValue>();
    for (const name of this.userNames) variables.set(name, this.env.get(name)!);
    this.completions.push({ dedicated, lowPriority, dedicatedFrom, lowPriorityFrom, variables });
  }

  read(name: string, ov: Overlay): AbsValue {
    for (let o = ov; o; o = o.next) if (o.name === name) return o.value;
    return this.env.get(name) ?? BOTTOM;
  }

  /** The state key of a readable name, or undefined when it is not a refinable number. */
  key(e: Expr): string | undefined {
    if (e.kind !== "Ident") return undefined;
    const res = this.#checked.resolutions[e.id];
    if (res?.kind === "user") return e.name;
    if (res?.kind !== "service" || res.variable.shape !== "scalar") return undefined;
    return (TARGET_SPELLINGS as readonly string[]).includes(e.name) ? e.name : res.variable.name;
  }

  eval(e: Expr, ov: Overlay): AbsValue {
    const v = this.#eval(e, ov);
    const prev = this.values[e.id];
    this.values[e.id] = prev === undefined ? v : joinValues(prev, v);
    return v;
  }

  #eval(e: Expr, ov: Overlay): AbsValue {
    switch (e.kind) {
      case "NumberLit":
        return num(point(e.value));
      case "StringLit":
        return OTHER;
      case "Ident": {
        // a user variable not assigned on this path reads BOTTOM: the run fails (Undefined symbol)
        const k = this.key(e);
        return k !== undefined ? this.read(k, ov) : OTHER;
      }
      case "ConditionalExpr":
        return this.#conditional(e, ov);
      case "UnaryExpr":
        return this.#apply(e, [e.operand], ov);
      case "BinaryExpr":
        if (e.op === "&&" || e.op === "||") return this.#logical(e, ov);
        return this.#apply(e, [e.left, e.right], ov);
      case "MemberExpr":
        return this.#apply(e, [e.object], ov);
      case "CallExpr":
        if (e.callee === "stop") {
          this.stopReached = true;
          return BOTTOM;
        }
        return this.#apply(e, e.args, ov);
      case "MethodCallExpr":
        return this.#method(e, ov);
    }
  }

  #args(operands: readonly Expr[], ov: Overlay): AbsValue[] | undefined {
    const args: AbsValue[] = [];
    for (const a of operands) {
      const v = this.eval(a, ov);
      // An argument without a value ends the run there: later arguments are never evaluated.
      if (v.kind === "bottom") return undefined;
      args.push(v);
    }
    return args;
  }

  #overload(e: Expr): OverloadId | undefined {
    const res = this.#checked.resolutions[e.id];
    return res?.kind === "overload" ? res.id : undefined;
  }

  #apply(e: Expr, operands: readonly Expr[], ov: Overlay): AbsValue {
    const id = this.#overload(e);
    const args = this.#args(operands, ov);
    if (!args || id === undefined) return BOTTOM;
    if (DIVISIONS.has(id)) {
      const d = args[1]!;
      const divisor = d.kind === "vec" ? (d.len.hi > 0 ? d.elem : iv(1, 1)) : ivOf(d);
      if (hasNumber(divisor) && hasZero(divisor)) this.zeroDivisors.push({ node: operands[1]!, divisor });
    }
    return TRANSFER[id](args);
  }

  #logical(e: BinaryExpr, ov: Overlay): AbsValue {
    const left = this.eval(e.left, ov);
    if (left.kind !== "num") return BOTTOM;
    const l = left.iv;
    const and = e.op === "&&";
    // The right side runs only when the left does not decide: left nonzero for &&, zero for ||.
    const rightRuns = and ? mayBeTrue(l) : mayBeFalse(l);
    const decidedByLeft = and ? mayBeFalse(l) : mayBeTrue(l);
    let canTrue = !and && decidedByLeft;
    let canFalse = and && decidedByLeft;
    if (rightRuns) {
      const right = this.eval(e.right, this.refine(e.left, and, ov));
      if (right.kind === "num") {
        canTrue ||= mayBeTrue(right.iv);
        canFalse ||= mayBeFalse(right.iv);
      }
    }
    return canTrue || canFalse ? num(truth(canFalse, canTrue)) : BOTTOM;
  }

  #conditional(e: ConditionalExpr, ov: Overlay): AbsValue {
    const test = this.eval(e.test, ov);
    if (test.kind !== "num") return BOTTOM;
    const t = mayBeTrue(test.iv);
    const f = mayBeFalse(test.iv);
    if (t !== f) this.decided.push({ node: e, condition: test.iv, dead: t ? "alternate" : "consequent" });
    const a = t ? this.eval(e.consequent, this.refine(e.test, true, ov)) : BOTTOM;
    const b = f ? this.eval(e.alternate, this.refine(e.test, false, ov)) : BOTTOM;
    return joinValues(a, b);
  }

  #method(e: MethodCallExpr, ov: Overlay): AbsValue {
    const id = this.#overload(e);
    const receiver = e.receiver.kind === "Ident" ? this.#checked.resolutions[e.receiver.id] : undefined;
    const args = this.#args(e.args, ov);
    if (!args || id === undefined || receiver?.kind !== "service") return BOTTOM;
    const samples = this.#inputs.get(receiver.variable.name) ?? iv(0, Infinity);
    switch (id) {
      case "getsample_count": {
        // the last trunc(n) samples, fewer if fewer exist; none for n < 1 or NaN
        const n = ivOf(args[0]!);
        const most = hasNumber(n) && n.hi >= 1 ? Math.trunc(n.hi) : 0;
        return vec(samples, iv(0, most));
      }
      case "getsample_window":
      case "getsample_window_percent":
      case "getsample_range":
      case "getsample_range_percent":
        return vec(samples, iv(0, Infinity));
      default:
        return TRANSFER[id](args);
    }
  }

  /** The overlay under which `cond` is known to be `holds` (true: nonzero). Simple comparisons of a variable only. */
  refine(cond: Expr, holds: boolean, ov: Overlay): Overlay {
    if (cond.kind === "UnaryExpr" && cond.op === "!") return this.refine(cond.operand, !holds, ov);
    if (cond.kind === "Ident") {
      const k = this.key(cond);
      const cur = k === undefined ? undefined : this.read(k, ov);
      // false: exactly 0 (NaN is true)
      return !holds && k !== undefined && cur?.kind === "num" ? { name: k, value: num(meet(cur.iv, point(0))), next: ov } : ov;
    }
    if (cond.kind !== "BinaryExpr") return ov;
    if (cond.op === "&&") return holds ? this.refine(cond.right, true, this.refine(cond.left, true, ov)) : ov;
    if (cond.op === "||") return holds ? ov : this.refine(cond.right, false, this.refine(cond.left, false, ov));
    if (!COMPARISONS.has(cond.op)) return ov;
    ov = this.#narrow(cond.left, cond.op, cond.right, holds, ov);
    return this.#narrow(cond.right, FLIP[cond.op]!, cond.left, holds, ov);
  }

  /** `x op other` is `holds`: narrows x when it is a variable and `other`'s value is known. */
  #narrow(x: Expr, op: string, other: Expr, holds: boolean, ov: Overlay): Overlay {
    const k = this.key(x);
    const kv = this.values[other.id];
    if (k === undefined || kv?.kind !== "num") return ov;
    const cur = this.read(k, ov);
    if (cur.kind !== "num") return ov;
    const c = cur.iv;
    const b = kv.iv;
    let next: Iv | undefined;
    // A comparison with NaN is false: `holds` rules NaN out on both sides; a NaN bound decides nothing.
    const below = (hi: number) => iv(c.lo, Math.min(c.hi, hi), c.inf, false);
    const above = (lo: number) => iv(Math.max(c.lo, lo), c.hi, c.inf, false);
    if (holds) {
      if (op === "<" || op === "<=") next = below(b.hi);
      else if (op === ">" || op === ">=") next = above(b.lo);
      else if (op === "==") next = meet(c, iv(b.lo, b.hi, b.inf, false));
    } else if (!b.nan) {
      if (op === "<" || op === "<=") next = { ...above(b.lo), nan: c.nan };
      else if (op === ">" || op === ">=") next = { ...below(b.hi), nan: c.nan };
      else if (op === "!=") next = meet(c, iv(b.lo, b.hi, b.inf, false));
    }
    if (next === undefined) return ov;
    return { name: k, value: num(hasNumber(next) || next.nan ? next : iv(Infinity, -Infinity)), next: ov };
  }
}

/** Runs the abstract interpreter on a checked formula without errors. */
export function walk(checked: CheckedFormula, inputs: InputRanges): WalkResult {
  const w = new Walker(checked, inputs);
  w.run();
  return { values: w.values, completions: w.completions, decided: w.decided, zeroDivisors: w.zeroDivisors, lastAssignment: w.lastAssignment };
}

/** Joins the completions: the range of each target and user variable over every completed run. */
export function joinCompletions(completions: readonly Completion[]): { dedicated: Iv; lowPriority: Iv; variables: Map<string, AbsValue> } {
  let dedicated = iv(Infinity, -Infinity);
  let lowPriority = iv(Infinity, -Infinity);
  const variables = new Map<string, AbsValue>();
  for (const c of completions) {
    dedicated = join(dedicated, c.dedicated);
    lowPriority = join(lowPriority, c.lowPriority);
    for (const [name, v] of c.variables) variables.set(name, joinValues(variables.get(name) ?? BOTTOM, v));
  }
  return { dedicated, lowPriority, variables };
}
