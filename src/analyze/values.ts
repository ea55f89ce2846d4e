// Abstract values of the bounds analysis and the abstract version of every built-in of
// check/builtins.ts (keyed by OverloadId, like eval/impls.ts, whose semantics they over-approximate).
// An evaluation error (empty vector, bad index, p outside 0–100) ends the run, so each transfer
// function describes the results of the calls that succeed; "no result at all" is BOTTOM.

import type { OverloadId } from "../check/builtins.ts";
import {
  add, ANY_DOUBLE, BOOL, div, EMPTY, eq, hasNumber, hasZero, isEmpty, iv, join, le, log, lt, meet, monotone, mul, ne, neg, not,
  point, REALS, sub, widen, type Iv,
} from "./interval.ts";
import { roundHalfAway } from "../eval/impls.ts";

/** A vector: every element lies in `elem`; its length lies in `len` (whole numbers ≥ 0). */
export interface VecValue {
  readonly kind: "vec";
  readonly elem: Iv;
  readonly len: Iv;
}

/**
 * - `num`: a double within `iv`;
 * - `vec`: a doubleVec;
 * - `other`: a string, timestamp, interval or deallocation option, not tracked ("any");
 * - `bottom`: no value: the evaluation cannot get here or always fails first.
 */
export type AbsValue = { readonly kind: "num"; readonly iv: Iv } | VecValue | { readonly kind: "other" } | { readonly kind: "bottom" };

export const BOTTOM: AbsValue = Object.freeze({ kind: "bottom" });
export const OTHER: AbsValue = Object.freeze({ kind: "other" });
export const num = (i: Iv): AbsValue => (isEmpty(i) ? BOTTOM : { kind: "num", iv: i });
export const vec = (elem: Iv, len: Iv): AbsValue => (isEmpty(len) ? BOTTOM : { kind: "vec", elem: len.hi <= 0 ? EMPTY : elem, len });

/** The interval of a double (EMPTY for anything else). */
export const ivOf = (v: AbsValue): Iv => (v.kind === "num" ? v.iv : EMPTY);

/** Least upper bound. Different kinds (a user variable re-assigned with another type) give `other`. */
export function joinValues(a: AbsValue, b: AbsValue): AbsValue {
  if (a.kind === "bottom") return b;
  if (b.kind === "bottom") return a;
  if (a.kind === "num" && b.kind === "num") return num(join(a.iv, b.iv));
  if (a.kind === "vec" && b.kind === "vec") return vec(join(a.elem, b.elem), join(a.len, b.len));
  return OTHER;
}

const NONNEG_INT: Iv = iv(0, Infinity);

// ---- doubleVecList: the arguments flattened into one list ----------------------------------------

/** Elements and length of the flattened arguments; undefined when an argument has no value. */
export function flatten(args: readonly AbsValue[]): { elem: Iv; len: Iv } | undefined {
  let elem = EMPTY;
  let lo = 0;
  let hi = 0;
  for (const a of args) {
    if (a.kind === "num") {
      elem = join(elem, a.iv);
      lo += 1;
      hi += 1;
    } else if (a.kind === "vec") {
      elem = join(elem, a.elem);
      lo += a.len.lo;
      hi += a.len.hi;
    } else return undefined;
  }
  return { elem, len: iv(lo, hi) };
}

/** Lengths ≥ 1: the calls that fail on an empty list only return for these. */
const nonEmptyLen = (len: Iv): Iv => meet(len, iv(1, Infinity));

/** Sum of n values in `e`, n in `len` (0 for none); widened for rounding unless the caller does. */
function sumOf(e: Iv, len: Iv, round = true): Iv {
  if (!hasNumber(e)) return len.lo === 0 ? join(point(0), e.nan ? iv(Infinity, -Infinity, false, true) : EMPTY) : iv(Infinity, -Infinity, false, e.nan);
  const nan = e.nan || (e.inf && e.lo === -Infinity && e.hi === Infinity && len.hi >= 2);
  // A bound × a count: 0 × ∞ is 0 here (no elements, or elements that are all 0).
  const scale = (x: number, n: number): number => (x === 0 || n === 0 ? 0 : x * n);
  const most = Math.min(len.hi, MAX_LEN);
  const lo = e.lo >= 0 ? scale(e.lo, len.lo) : scale(e.lo, most);
  const hi = e.hi <= 0 ? scale(e.hi, len.lo) : scale(e.hi, most);
  // Sequential rounding can drift past n × bound; a sum that may overflow may be ±∞.
  const sum = iv(lo, hi, e.inf || lo === -Infinity || hi === Infinity, nan);
  return round ? widen(sum) : sum;
}

/** Arrays hold fewer than 2^32 elements: no list is longer. */
const MAX_LEN = 2 ** 32;

/**
 * `sum` of the flattened arguments: the sum of each argument's bounds (a double counts once, a
 * vector n times). Exact when every bound is a whole number and the totals stay below 2^53 (each
 * partial sum of bounds is then exact, and rounding is monotone); widened by a hair otherwise.
 */
function sumList(args: readonly AbsValue[]): AbsValue {
  let total = point(0);
  let exact = true;
  for (const a of args) {
    const part = a.kind === "num" ? a.iv : a.kind === "vec" ? sumOf(a.elem, a.len, false) : undefined;
    if (part === undefined) return BOTTOM;
    if (hasNumber(part) && !(Number.isInteger(part.lo) && Number.isInteger(part.hi))) exact = false;
    total = add(total, part);
  }
  if (hasNumber(total) && !(Math.abs(total.lo) < 2 ** 53 && Math.abs(total.hi) < 2 ** 53)) exact = false;
  return num(exact ? total : widen(total));
}

/** Mean of 1…n values in `e`: within [min, max] up to rounding, or ±∞ on a side where the running sum can overflow. */
function meanOf(e: Iv, len: Iv): Iv {
  const n = nonEmptyLen(len);
  if (isEmpty(n)) return EMPTY;
  const most = Math.min(n.hi, MAX_LEN);
  let { lo, hi, inf } = e;
  if (most > 1 && hi * most > Number.MAX_VALUE / 2) (hi = Infinity), (inf = true);
  if (most > 1 && lo * most < -Number.MAX_VALUE / 2) (lo = -Infinity), (inf = true);
  // ∞ − ∞ needs infinite elements of both signs; an overflowed sum stays infinite
  const nan = e.nan || (e.inf && e.lo === -Infinity && e.hi === Infinity && n.hi >= 2);
  return exactOrWidened(iv(lo, hi, inf, nan));
}

/**
 * A mean of values within [lo, hi] can round past a bound that is not a whole number (3 × 0.1).
 * A whole bound below 2^21 cannot be crossed: every partial sum of up to 2^32 copies of it is
 * exact, and rounding is monotone. Such bounds stay as they are; others widen by a hair.
 */
function exactOrWidened(a: Iv): Iv {
  const w = widen(a);
  const exact = (x: number): boolean => Number.isInteger(x) && Math.abs(x) < 2 ** 21;
  return iv(exact(a.lo) ? a.lo : w.lo, exact(a.hi) ? a.hi : w.hi, a.inf, a.nan);
}

/**
 * `max` (or `min`) of the flattened arguments: at least (most) the largest lower (smallest upper)
 * bound of any argument sure to contribute a value, at most (least) the largest upper (lower)
 * bound of all. NaN is contagious, as in impls.ts.
 */
function extremeOf(args: readonly AbsValue[], isMax: boolean): AbsValue {
  const flat = flatten(args);
  if (!flat || isEmpty(nonEmptyLen(flat.len))) return BOTTOM;
  const e = flat.elem;
  if (!hasNumber(e)) return num(e);
  let sure = isMax ? -Infinity : Infinity;
  for (const a of args) {
    const part = a.kind === "num" ? a.iv : a.kind === "vec" && a.len.lo >= 1 ? a.elem : undefined;
    if (part === undefined || !hasNumber(part)) continue;
    sure = isMax ? Math.max(sure, part.lo) : Math.min(sure, part.hi);
  }
  return num(isMax ? iv(Math.max(e.lo, sure), e.hi, e.inf, e.nan) : iv(e.lo, Math.min(e.hi, sure), e.inf, e.nan));
}

/** Largest minus smallest. */
function rangeOf(e: Iv, len: Iv): Iv {
  if (isEmpty(nonEmptyLen(len)) || !hasNumber(e)) return e.nan && !isEmpty(nonEmptyLen(len)) ? iv(Infinity, -Infinity, false, true) : EMPTY;
  const width = e.hi - e.lo;
  return widen(iv(0, width, e.inf || width === Infinity, e.nan || e.inf));
}

/** Sample standard deviation: at most (max − min)/√2 (two values at the ends), 0 for one value. */
function stdOf(e: Iv, len: Iv): Iv {
  if (isEmpty(nonEmptyLen(len))) return EMPTY;
  if (!hasNumber(e)) return e.nan ? iv(Infinity, -Infinity, false, true) : EMPTY;
  const width = e.hi - e.lo;
  // Squares of large spreads overflow (and ∞ − ∞ appears in the mean): give up on bounds there.
  if (e.inf || !(width < 1e150) || Math.max(Math.abs(e.lo), Math.abs(e.hi)) * len.hi > 1e300) return iv(0, Infinity, true, true);
  return iv(0, width * 0.75, false, e.nan);
}

/** Euclidean norm: between √n·min|x| and √n·max|x|. */
function normOf(e: Iv, len: Iv): Iv {
  if (!hasNumber(e)) return len.lo === 0 ? point(0) : iv(Infinity, -Infinity, false, e.nan);
  const small = hasZero(e) ? 0 : Math.min(Math.abs(e.lo), Math.abs(e.hi));
  const big = Math.max(Math.abs(e.lo), Math.abs(e.hi));
  // squares of |x| beyond 1e150 can overflow to ∞, squares below 1e-150 underflow to 0
  const lo = small < 1e-150 ? 0 : Math.sqrt(len.lo) * small;
  const hi = big === 0 ? 0 : big > 1e150 || e.inf ? Infinity : big < 1e-150 ? 1e-140 : Math.sqrt(Math.min(len.hi, MAX_LEN)) * big;
  return widen(iv(lo, hi, hi === Infinity, e.nan));
}

/** `percentile(v, p)`: between the smallest and the largest element (linear interpolation). */
function percentileOf(v: AbsValue, p: Iv): AbsValue {
  if (v.kind !== "vec") return BOTTOM;
  // p outside 0…100 (or NaN) fails the run; so does an empty v.
  if (!hasNumber(meet(p, iv(0, 100))) || isEmpty(nonEmptyLen(v.len))) return BOTTOM;
  const e = v.elem;
  if (!hasNumber(e)) return e.nan ? num(iv(Infinity, -Infinity, false, true)) : BOTTOM;
  if (e.inf || !Number.isFinite(e.hi - e.lo)) return num(iv(-Infinity, Infinity, true, true));
  return num(widen(iv(e.lo, e.hi, false, e.nan)));
}

/** `val(v, i)`: an element, when i (truncated) is a valid index. */
function valOf(v: AbsValue, i: Iv): AbsValue {
  if (v.kind !== "vec" || isEmpty(nonEmptyLen(v.len))) return BOTTOM;
  // trunc(i) must lie in [0, len): i in (−1, len.hi).
  if (!hasNumber(i) || i.hi <= -1 || i.lo >= v.len.hi) return BOTTOM;
  return num(v.elem);
}

// ---- element-wise vector arithmetic -------------------------------------------------------------

function mapVec(v: AbsValue, f: (e: Iv) => Iv): AbsValue {
  return v.kind === "vec" ? vec(f(v.elem), v.len) : BOTTOM;
}

/** doubleVec op doubleVec: the lengths must be equal (otherwise the run fails). */
function zipVec(a: AbsValue, b: AbsValue, f: (x: Iv, y: Iv) => Iv): AbsValue {
  if (a.kind !== "vec" || b.kind !== "vec") return BOTTOM;
  const len = meet(a.len, b.len);
  return vec(f(a.elem, b.elem), len);
}

function listFn(args: readonly AbsValue[], f: (e: Iv, len: Iv) => Iv): AbsValue {
  const flat = flatten(args);
  return flat ? num(f(flat.elem, flat.len)) : BOTTOM;
}
function listMap(args: readonly AbsValue[], f: (e: Iv) => Iv): AbsValue {
  const flat = flatten(args);
  return flat ? vec(f(flat.elem), flat.len) : BOTTOM;
}

const n2 = (args: readonly AbsValue[], f: (a: Iv, b: Iv) => Iv): AbsValue => {
  const [a, b] = args;
  return a?.kind === "num" && b?.kind === "num" ? num(f(a.iv, b.iv)) : BOTTOM;
};
const n1 = (args: readonly AbsValue[], f: (a: Iv) => Iv): AbsValue => (args[0]?.kind === "num" ? num(f(args[0].iv)) : BOTTOM);
const vn = (args: readonly AbsValue[], f: (a: Iv, b: Iv) => Iv): AbsValue => (args[1]?.kind === "num" ? mapVec(args[0]!, (e) => f(e, (args[1] as { iv: Iv }).iv)) : BOTTOM);
const vv = (args: readonly AbsValue[], f: (a: Iv, b: Iv) => Iv): AbsValue => zipVec(args[0]!, args[1]!, f);
/** Comparisons of strings, timestamps, intervals: not tracked, any truth value. */
const anyTruth = (args: readonly AbsValue[]): AbsValue => (args.some((a) => a.kind === "bottom") ? BOTTOM : num(BOOL));
const other = (args: readonly AbsValue[]): AbsValue => (args.some((a) => a.kind === "bottom") ? BOTTOM : OTHER);
const range = (lo: number, hi: number) => (args: readonly AbsValue[]): AbsValue => (args.some((a) => a.kind === "bottom") ? BOTTOM : num(iv(lo, hi)));

/** Largest double below 1: rand() is in [0, 1). */
const BELOW_ONE = 1 - 2 ** -53;

/**
 * The abstract implementation of each overload that is a plain function of its arguments' values.
 * The sample methods (which read the assumptions), `&&`/`||` (short-circuit), `stop` and `?:` are
 * handled by the walker (bounds-walk.ts). A missing id is a compile error.
 */
// prettier-ignore
export const TRANSFER: { readonly [K in OverloadId]: (args: readonly AbsValue[]) => AbsValue } = {
  avg_list:    (a) => listFn(a, meanOf),
  len_list:    (a) => listFn(a, (_e, len) => len),
  max_list:    (a) => extremeOf(a, true),
  min_list:    (a) => extremeOf(a, false),
  norm_list:   (a) => listFn(a, normOf),
  range_list:  (a) => listFn(a, rangeOf),
  std_list:    (a) => listFn(a, stdOf),
  sum_list:    sumList,
  ceil_list:   (a) => listMap(a, (e) => monotone(e, Math.ceil)),
  floor_list:  (a) => listMap(a, (e) => monotone(e, Math.floor)),
  round_list:  (a) => listMap(a, (e) => monotone(e, roundHalfAway)),
  lg_list:     (a) => listMap(a, (e) => log(e, Math.log2)),
  ln_list:     (a) => listMap(a, (e) => log(e, Math.log)),
  log_list:    (a) => listMap(a, (e) => log(e, Math.log10)),
  ceil_double:  (a) => n1(a, (x) => monotone(x, Math.ceil)),
  floor_double: (a) => n1(a, (x) => monotone(x, Math.floor)),
  round_double: (a) => n1(a, (x) => monotone(x, roundHalfAway)),
  lg_double:    (a) => n1(a, (x) => log(x, Math.log2)),
  ln_double:    (a) => n1(a, (x) => log(x, Math.log)),
  log_double:   (a) => n1(a, (x) => log(x, Math.log10)),
  percentile_doublevec_double: (a) => percentileOf(a[0]!, ivOf(a[1]!)),
  val_doublevec_double: (a) => valOf(a[0]!, ivOf(a[1]!)),
  rand:        () => num(iv(0, BELOW_ONE)),
  stop:        () => BOTTOM,
  time_now:    () => OTHER,
  time_string: other,

  // the sample methods: see bounds-walk.ts (they read the assumed metric ranges)
  getsample_count:          () => vec(REALS, NONNEG_INT),
  getsample_window:         () => vec(REALS, NONNEG_INT),
  getsample_window_percent: () => vec(REALS, NONNEG_INT),
  getsample_range:          () => vec(REALS, NONNEG_INT),
  getsample_range_percent:  () => vec(REALS, NONNEG_INT),
  getsamplepercent_window:  range(0, 100),
  getsamplepercent_range:   range(0, 100),
  getsampleperiod:          other,
  count:                    range(0, Infinity),
  historybegintime:         other,

  add_double_double: (a) => n2(a, add),
  sub_double_double: (a) => n2(a, sub),
  mul_double_double: (a) => n2(a, mul),
  div_double_double: (a) => n2(a, div),
  mul_double_timeinterval: other,
  add_doublevec_double: (a) => vn(a, add),
  sub_doublevec_double: (a) => vn(a, sub),
  mul_doublevec_double: (a) => vn(a, mul),
  div_doublevec_double: (a) => vn(a, div),
  add_doublevec_doublevec: (a) => vv(a, add),
  sub_doublevec_doublevec: (a) => vv(a, sub),
  mul_doublevec_doublevec: (a) => vv(a, mul),
  div_doublevec_doublevec: (a) => vv(a, div),
  mul_timeinterval_double: other,
  div_timeinterval_double: other,
  add_timeinterval_timeinterval: other,
  sub_timeinterval_timeinterval: other,
  add_timeinterval_timestamp: other,
  add_timestamp_timeinterval: other,
  sub_timestamp_timestamp: other,
  neg_double: (a) => n1(a, neg),
  not_double: (a) => n1(a, not),
  neg_timeinterval: other,
  lt_double_double: (a) => n2(a, lt),
  le_double_double: (a) => n2(a, le),
  eq_double_double: (a) => n2(a, eq),
  ge_double_double: (a) => n2(a, (x, y) => le(y, x)),
  gt_double_double: (a) => n2(a, (x, y) => lt(y, x)),
  ne_double_double: (a) => n2(a, ne),
  lt_string_string: anyTruth,
  le_string_string: anyTruth,
  eq_string_string: anyTruth,
  ge_string_string: anyTruth,
  gt_string_string: anyTruth,
  ne_string_string: anyTruth,
  lt_timestamp_timestamp: anyTruth,
  le_timestamp_timestamp: anyTruth,
  eq_timestamp_timestamp: anyTruth,
  ge_timestamp_timestamp: anyTruth,
  gt_timestamp_timestamp: anyTruth,
  ne_timestamp_timestamp: anyTruth,
  lt_timeinterval_timeinterval: anyTruth,
  le_timeinterval_timeinterval: anyTruth,
  eq_timeinterval_timeinterval: anyTruth,
  ge_timeinterval_timeinterval: anyTruth,
  gt_timeinterval_timeinterval: anyTruth,
  ne_timeinterval_timeinterval: anyTruth,
  // short-circuit: the walker evaluates these; this is the value when both sides are known
  // short-circuit: the walker evaluates these itself (bounds-walk.ts)
  and_double_double: anyTruth,
  or_double_double:  anyTruth,

  timestamp_year:    range(1, 9999),
  timestamp_month:   range(1, 12),
  timestamp_day:     range(1, 31),
  timestamp_weekday: range(0, 6),
  timestamp_hour:    range(0, 23),
  timestamp_minute:  range(0, 59),
  timestamp_second:  range(0, 59),
};

/** Any double: the value of an unknown double-typed expression. */
export const ANY_NUM: AbsValue = Object.freeze({ kind: "num", iv: ANY_DOUBLE });
