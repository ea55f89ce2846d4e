// Overload resolution (spec §4.1 overload rule, §3.1 operator table) and the wording of
// "no matching overload" / "operator not defined" diagnostics, including the legal-spelling hints.

import type { OverloadId, OverloadSpec } from "./builtins.ts";
import type { ParamType, Type } from "./types.ts";

/**
 * Whether an argument of static type `arg` fits a parameter. `never` (the type of `stop()`) fits
 * everything (spec §11.3); `time` takes a timestamp or a timeinterval; `doubleVecList` takes a
 * double or a doubleVec (flattened, spec §2).
 */
export function fits(arg: Type, param: ParamType): boolean {
  if (arg === "never") return true;
  switch (param) {
    case "time":
      return arg === "timestamp" || arg === "timeinterval";
    case "doubleVecList":
      return arg === "double" || arg === "doubleVec";
    default:
      return arg === param;
  }
}

/**
 * The first overload, in table order, that accepts `args`. Table order puts the scalar form of
 * lg/ln/log/ceil/floor/round first, so exactly one double argument picks it and anything else
 * (a doubleVec, several arguments) picks the list form (spec §4.1). A rest parameter takes one or
 * more arguments: `min()` is an arity error, as the spec's examples of rejected calls say.
 */
export function matchOverload(
  overloads: readonly OverloadSpec<OverloadId>[],
  args: readonly Type[],
): OverloadSpec<OverloadId> | undefined {
  return overloads.find((o) => accepts(o, args));
}

function accepts(o: OverloadSpec, args: readonly Type[]): boolean {
  const last = o.params[o.params.length - 1];
  if (last?.rest) {
    const fixed = o.params.length - 1;
    if (args.length < o.params.length) return false;
    return args.every((a, i) => fits(a, i < fixed ? o.params[i]!.type : last.type));
  }
  return args.length === o.params.length && args.every((a, i) => fits(a, o.params[i]!.type));
}

/** The result type all overloads agree on, or `error`: lets a call with a bad argument keep a useful type without a second diagnostic. */
export function commonResult(overloads: readonly OverloadSpec[]): Type {
  const first = overloads[0]?.result;
  return first !== undefined && overloads.every((o) => o.result === first) ? first : "error";
}

/** `double, doubleVec` — the argument list of a C306/C307 message. */
export function typeList(types: readonly Type[]): string {
  return types.join(", ");
}

/** `avg(...values: doubleVecList): double` or `one of: lg(x: double): double; lg(...)` for C306, from hover signatures. */
export function expectedSignatures(sigs: readonly string[]): string {
  return sigs.length === 1 ? sigs[0]! : `one of: ${sigs.join("; ")}`;
}

const COMPARISON = new Set(["<", "<=", "==", ">=", ">", "!="]);
const UNIT = "TimeInterval_Second (or another TimeInterval_* unit)";

/**
 * A hint (leading space included) with the legal spelling for an operator combination that
 * spec §3.1 leaves out, or "" when there is none. `texts` are the operands as written (already
 * parenthesised where needed) or placeholder names.
 */
export function operatorHint(op: string, types: readonly Type[], texts: readonly string[]): string {
  const [a, b] = types;
  const [x, y] = texts;
  if (types.length === 1) {
    if (op === "-" && a === "doubleVec") return ` Multiply by -1 instead: ${x} * -1.`;
    if (op === "!" && a === "timeinterval") return ` Compare instead: ${x} == TimeInterval_Zero.`;
    if (op === "!" && a === "doubleVec") return ` Reduce the vector to a double first, e.g. !max(${x}).`;
    return "";
  }
  if (a === "doubleVec" || b === "doubleVec") {
    const vec = a === "doubleVec" ? x : y;
    if (COMPARISON.has(op) || op === "&&" || op === "||") return ` Reduce the vector to a double first, e.g. max(${vec}) or avg(${vec}).`;
    // Only doubleVec ⊕ double is in the table: commutative operators can swap, '-' negates and adds.
    if (a === "double" && b === "doubleVec") {
      if (op === "+" || op === "*") return ` Put the vector first: ${y} ${op} ${x}.`;
      if (op === "-") return ` Only doubleVec - double is defined: write ${y} * -1 + ${x}.`;
    }
    return "";
  }
  if (op === "-" && a === "timestamp" && b === "timeinterval") return ` Subtract an interval by adding its negative: ${x} + (-1 * ${y}).`;
  if (a === "string" || b === "string") return a === b ? "" : " Strings can only be compared with strings.";
  // A bare number next to a time value: it needs a unit (and '-' on a timestamp needs the negative).
  if (op === "-" && a === "timestamp" && b === "double") return ` A number is not an interval; add a negative interval: ${x} + (-${y} * TimeInterval_Second) (or another TimeInterval_* unit).`;
  const isTime = (t: Type | undefined) => t === "timeinterval" || t === "timestamp";
  const num = a === "double" ? x : y;
  const other = a === "double" ? b : a;
  const arith = (op === "+" || op === "-") && (a === "double" || b === "double") && isTime(other) && !(op === "-" && b === "timestamp");
  const compare = COMPARISON.has(op) && (a === "double" || b === "double") && other === "timeinterval";
  if (arith || compare) return ` A number is not an interval: write ${num} * ${UNIT}.`;
  if (op === "/" && a === "timeinterval" && b === "timeinterval") return " Intervals cannot be divided by intervals; only timeinterval / double is defined.";
  return "";
}

/** Dense codes 1–9 for the static types, so an argument-type tuple packs into one integer key. */
const TYPE_CODE: Readonly<Record<Type, number>> = {
  double: 1,
  doubleVec: 2,
  string: 3,
  timestamp: 4,
  timeinterval: 5,
  dealloc: 6,
  metric: 7,
  never: 8,
  error: 9,
};
/** Base-10 keys of codes 1–9 stay exact in a double up to 15 arguments; longer lists are not memoised. */
const MAX_KEYED_ARGS = 15;
/** Bound per table, so hand-built inputs cannot grow the memo without limit. */
const MAX_MEMO = 4096;

/**
 * One overload list with {@link matchOverload} memoised per argument-type tuple: the checker
 * resolves the same few combinations over and over (issue 2's 1 ms budget). Answers are exactly
 * `matchOverload`'s (each entry is computed by it on first use), given as an index into
 * `overloads` (-1: none) so the caller also gets the overload's shared resolution value.
 */
export class OverloadTable {
  readonly overloads: readonly OverloadSpec<OverloadId>[];
  /** `{ kind: "overload", id }` per overload, built once and shared by every node resolved to it. */
  readonly resolutions: readonly { readonly kind: "overload"; readonly id: OverloadId }[];
  /** {@link commonResult} of the list, computed once. */
  readonly common: Type;
  readonly #memo = new Map<number, number>();

  constructor(overloads: readonly OverloadSpec<OverloadId>[]) {
    this.overloads = overloads;
    this.resolutions = overloads.map((o) => ({ kind: "overload", id: o.id }));
    this.common = commonResult(overloads);
  }

  /** Index of `matchOverload(this.overloads, args)`, or -1. */
  match(args: readonly Type[]): number {
    if (args.length > MAX_KEYED_ARGS) return this.#find(args);
    let key = 0;
    for (let i = 0; i < args.length; i++) {
      const code = TYPE_CODE[args[i]!];
      if (code === undefined) return this.#find(args);
      key = key * 10 + code;
    }
    const hit = this.#memo.get(key);
    return hit === undefined ? this.#remember(key, args) : hit;
  }

  /** `match([left, right])` without building the array on a hit. */
  match2(left: Type, right: Type): number {
    const a = TYPE_CODE[left];
    const b = TYPE_CODE[right];
    if (a === undefined || b === undefined) return this.#find([left, right]);
    const hit = this.#memo.get(a * 10 + b);
    return hit === undefined ? this.#remember(a * 10 + b, [left, right]) : hit;
  }

  #find(args: readonly Type[]): number {
    const found = matchOverload(this.overloads, args);
    return found === undefined ? -1 : this.overloads.indexOf(found);
  }

  #remember(key: number, args: readonly Type[]): number {
    const index = this.#find(args);
    if (this.#memo.size < MAX_MEMO) this.#memo.set(key, index);
    return index;
  }
}
