// Implementations of every overload of builtins.ts, keyed by OverloadId (spec §3.1, §4, §11.3,
// §11.4). Shared by the compiled closures and the reference interpreter; no AST, no evaluation
// order here. Fallible implementations throw EvalError at the `site` span they are given.

import { type OverloadId, OVERLOAD_IDS } from "../check/builtins.ts";
import type { Span } from "../base/diagnostics.ts";
import {
  EvalError,
  Interval,
  makeInterval,
  makeTimestamp,
  STOP,
  Timestamp,
  type Value,
} from "./runtime.ts";
import { parseTime } from "../base/timeparse.ts";
import { SAMPLE_PERIOD_MS, type TimeSeries } from "../metrics/series.ts";
import { historyBegin, lastSamplesRange, sampleCount, selectWindow, valuesOf, type SampleView } from "../metrics/window.ts";
import { formatDouble } from "./values-format.ts";

/** What implementations may read of the evaluation besides their arguments. */
export interface EvalEnv {
  /** evaluation instant (epoch ms) and what the metric histories show at that instant */
  readonly view: SampleView;
  /** `time()`: the same object for the whole evaluation */
  readonly nowStamp: Timestamp;
  /** uniform in [0, 1), seeded by the caller */
  readonly random: () => number;
  /** samplePercent used by window forms of GetSample called without one (spec §11.4: 70) */
  readonly defaultSamplePercent: number;
}

// Method shorthand below gives bivariant parameter checking, so each implementation can name the
// precise runtime types the checker guarantees for its overload (e.g. `a: number`).

/** A function of evaluated arguments (operators, members, most functions). */
export interface FixedImpl {
  readonly shape: "fixed";
  fn(site: Span, a: Value, b: Value, c: Value): Value;
}
/**
 * A function of one flattened `doubleVecList` (avg, max, …), given as the elements
 * `[begin, end)` of an array-like: a plain array, or a metric's sample buffer when the compiler
 * fuses `avg($M.GetSample(…))` and skips copying the window. Never keeps or returns `xs`.
 */
export interface ListImpl {
  readonly shape: "list";
  fn(site: Span, xs: ArrayLike<number>, begin: number, end: number): Value;
}
/** A function that reads the evaluation environment (time(), rand()). */
export interface EnvImpl {
  readonly shape: "env";
  fn(env: EvalEnv, site: Span, a: Value): Value;
}
/** A metric method: receives the metric's series and name (for messages). */
export interface MethodImpl {
  readonly shape: "method";
  fn(env: EvalEnv, series: TimeSeries, metric: string, site: Span, a: Value, b: Value, c: Value): Value;
}
/** `&&` / `||`: the evaluators short-circuit these themselves. */
export interface LogicalImpl {
  readonly shape: "logical";
  readonly op: "&&" | "||";
}

/** Any implementation. */
export type Impl = FixedImpl | ListImpl | EnvImpl | MethodImpl | LogicalImpl;

const fixed = (fn: FixedImpl["fn"]): FixedImpl => ({ shape: "fixed", fn });
const list = (fn: ListImpl["fn"]): ListImpl => ({ shape: "list", fn });
const env = (fn: EnvImpl["fn"]): EnvImpl => ({ shape: "env", fn });
const method = (fn: MethodImpl["fn"]): MethodImpl => ({ shape: "method", fn });

const truth = (b: boolean): number => (b ? 1 : 0);

function nonEmpty(name: string, count: number, site: Span): void {
  if (count <= 0) throw new EvalError("EmptyVector", site, [name]);
}

function mapVec(v: ArrayLike<number>, f: (x: number) => number, begin = 0, end = v.length): number[] {
  const out = new Array<number>(end - begin);
  for (let i = begin; i < end; i++) out[i - begin] = f(v[i]!);
  return out;
}

function zipVec(op: string, a: readonly number[], b: readonly number[], site: Span, f: (x: number, y: number) => number): number[] {
  if (a.length !== b.length) throw new EvalError("VectorLengthMismatch", site, [a.length, b.length, op]);
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  return out;
}

/** Math.round rounds halves up (−2.5 → −2); the language rounds halves away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function sum(xs: ArrayLike<number>, b: number, e: number): number {
  let s = 0;
  for (let i = b; i < e; i++) s += xs[i]!;
  return s;
}

/** Sample standard deviation (n − 1); 0 for a single value (spec §11.3). */
function sampleStd(xs: ArrayLike<number>, b: number, e: number): number {
  const n = e - b;
  if (n === 1) return 0;
  const m = sum(xs, b, e) / n;
  let ss = 0;
  for (let i = b; i < e; i++) ss += (xs[i]! - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** .NET's Double.CompareTo order: NaN first, then ascending (a total order, unlike `a - b`). */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? -1 : 1;
}

/** Type-7 percentile (linear interpolation between closest ranks), p on 0..100. */
function percentile(v: readonly number[], p: number, site: Span): number {
  nonEmpty("percentile", v.length, site);
  if (!(p >= 0 && p <= 100)) throw new EvalError("PercentileRange", site, [formatDouble(p)]);
  const s = [...v].sort(compareDoubles);
  const h = ((s.length - 1) * p) / 100;
  const lo = Math.floor(h);
  // An exact rank returns that element untouched (keeps −0 and avoids 0 × ∞ = NaN).
  if (h === lo) return s[lo]!;
  return s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!);
}

// NaN is contagious, as .NET's Math.Min/Max are.
function minOf(xs: ArrayLike<number>, b: number, e: number): number {
  let m = xs[b]!;
  for (let i = b + 1; i < e && !Number.isNaN(m); i++) {
    const x = xs[i]!;
    if (x < m || Number.isNaN(x)) m = x;
  }
  return m;
}

function maxOf(xs: ArrayLike<number>, b: number, e: number): number {
  let m = xs[b]!;
  for (let i = b + 1; i < e && !Number.isNaN(m); i++) {
    const x = xs[i]!;
    if (x > m || Number.isNaN(x)) m = x;
  }
  return m;
}

/** A window bound: a timestamp is absolute, an interval looks back from now (spec §11.4). */
function instant(e: EvalEnv, x: Value): number {
  return x instanceof Timestamp ? x.ms : e.view.now - (x as Interval).ms;
}

/** Window of one bound `(instant, now]` or two bounds `(min, max]`. */
function windowOf(e: EvalEnv, series: TimeSeries, a: Value, b: Value | undefined) {
  if (b === undefined) return selectWindow(series, e.view, instant(e, a), e.view.now);
  const x = instant(e, a);
  const y = instant(e, b);
  return selectWindow(series, e.view, Math.min(x, y), Math.max(x, y));
}

/** Index range of a window-form GetSample, after the samplePercent check. */
function checkedWindow(e: EvalEnv, series: TimeSeries, metric: string, site: Span, a: Value, b: Value | undefined, wanted: number): SampleRange {
  const w = windowOf(e, series, a, b);
  if (w.percent < wanted) throw new EvalError("InsufficientSampleData", site, [metric, formatDouble(wanted), Math.floor(w.percent)]);
  return w;
}

/** Indices `[begin, end)` of a metric's samples. */
export interface SampleRange {
  readonly begin: number;
  readonly end: number;
}

/** Which samples a GetSample overload selects (same arguments as its MethodImpl). */
export type RangeFn = (env: EvalEnv, series: TimeSeries, metric: string, site: Span, a: Value, b: Value, c: Value) => SampleRange;

/**
 * The selection half of every GetSample overload. The method implementations copy the selected
 * values out; the compiler may instead hand the range straight to a list function (fusion).
 */
// prettier-ignore
export const SAMPLE_RANGES = {
  getsample_count:          (e, ser, _m, _s, n) => lastSamplesRange(ser, e.view, n as number),
  getsample_window:         (e, ser, m, s, a) => checkedWindow(e, ser, m, s, a, undefined, e.defaultSamplePercent),
  getsample_window_percent: (e, ser, m, s, a, p) => checkedWindow(e, ser, m, s, a, undefined, p as number),
  getsample_range:          (e, ser, m, s, a, b) => checkedWindow(e, ser, m, s, a, b, e.defaultSamplePercent),
  getsample_range_percent:  (e, ser, m, s, a, b, p) => checkedWindow(e, ser, m, s, a, b, p as number),
} as const satisfies Partial<Record<OverloadId, RangeFn>>;

const copySamples = (range: RangeFn): MethodImpl =>
  method((e, ser, m, s, a, b, c) => {
    const r = range(e, ser, m, s, a, b, c);
    return valuesOf(ser, r.begin, r.end);
  });

const UTC_PART = {
  year: (d: Date) => d.getUTCFullYear(),
  month: (d: Date) => d.getUTCMonth() + 1,
  day: (d: Date) => d.getUTCDate(),
  weekday: (d: Date) => d.getUTCDay(), // .NET DayOfWeek: Sunday = 0 … Saturday = 6 (spec §11.3)
  hour: (d: Date) => d.getUTCHours(),
  minute: (d: Date) => d.getUTCMinutes(),
  second: (d: Date) => d.getUTCSeconds(),
};
const part = (f: (d: Date) => number): FixedImpl => fixed((_s, t: Timestamp) => f(new Date(Math.floor(t.ms))));

/** The implementation of every overload id of builtins.ts. */
// prettier-ignore
export const IMPLS: { readonly [K in OverloadId]: Impl } = {
  // §4.1 functions over doubleVecList
  avg_list:    list((s, xs, b, e) => (nonEmpty("avg", e - b, s), sum(xs, b, e) / (e - b))),
  len_list:    list((_s, _xs, b, e) => e - b),
  max_list:    list((s, xs, b, e) => (nonEmpty("max", e - b, s), maxOf(xs, b, e))),
  min_list:    list((s, xs, b, e) => (nonEmpty("min", e - b, s), minOf(xs, b, e))),
  norm_list:   list((_s, xs, b, e) => { let q = 0; for (let i = b; i < e; i++) q += xs[i]! * xs[i]!; return Math.sqrt(q); }),
  range_list:  list((s, xs, b, e) => (nonEmpty("range", e - b, s), maxOf(xs, b, e) - minOf(xs, b, e))),
  std_list:    list((s, xs, b, e) => (nonEmpty("std", e - b, s), sampleStd(xs, b, e))),
  sum_list:    list((_s, xs, b, e) => sum(xs, b, e)),
  ceil_list:   list((_s, xs, b, e) => mapVec(xs, Math.ceil, b, e)),
  floor_list:  list((_s, xs, b, e) => mapVec(xs, Math.floor, b, e)),
  round_list:  list((_s, xs, b, e) => mapVec(xs, roundHalfAway, b, e)),
  lg_list:     list((_s, xs, b, e) => mapVec(xs, Math.log2, b, e)),
  ln_list:     list((_s, xs, b, e) => mapVec(xs, Math.log, b, e)),
  log_list:    list((_s, xs, b, e) => mapVec(xs, Math.log10, b, e)),
  // scalar forms
  ceil_double:  fixed((_s, x: number) => Math.ceil(x)),
  floor_double: fixed((_s, x: number) => Math.floor(x)),
  round_double: fixed((_s, x: number) => roundHalfAway(x)),
  lg_double:    fixed((_s, x: number) => Math.log2(x)),
  ln_double:    fixed((_s, x: number) => Math.log(x)),
  log_double:   fixed((_s, x: number) => Math.log10(x)),
  percentile_doublevec_double: fixed((s, v: readonly number[], p: number) => percentile(v, p, s)),
  val_doublevec_double: fixed((s, v: readonly number[], i: number) => {
    nonEmpty("val", v.length, s);
    const k = Math.trunc(i);
    if (!(k >= 0 && k < v.length)) throw new EvalError("IndexOutOfRange", s, [formatDouble(i), v.length]);
    return v[k]!;
  }),
  rand:        env((e) => e.random()),
  stop:        fixed(() => { throw STOP; }),
  time_now:    env((e) => e.nowStamp),
  time_string: env((_e, s, text: string) => {
    const t = parseTime(text);
    if (t === undefined) throw new EvalError("BadTimeString", s, [text]);
    return new Timestamp(t);
  }),

  // §4.2 metric methods
  getsample_count:          copySamples(SAMPLE_RANGES.getsample_count),
  getsample_window:         copySamples(SAMPLE_RANGES.getsample_window),
  getsample_window_percent: copySamples(SAMPLE_RANGES.getsample_window_percent),
  getsample_range:          copySamples(SAMPLE_RANGES.getsample_range),
  getsample_range_percent:  copySamples(SAMPLE_RANGES.getsample_range_percent),
  getsamplepercent_window:  method((e, ser, _m, _s, a) => windowOf(e, ser, a, undefined).percent),
  getsamplepercent_range:   method((e, ser, _m, _s, a, b) => windowOf(e, ser, a, b).percent),
  getsampleperiod:          method(() => new Interval(SAMPLE_PERIOD_MS)),
  count:                    method((e, ser) => sampleCount(ser, e.view)),
  historybegintime:         method((e, ser) => new Timestamp(historyBegin(ser, e.view))),

  // §3.1 operators
  add_double_double: fixed((_s, a: number, b: number) => a + b),
  sub_double_double: fixed((_s, a: number, b: number) => a - b),
  mul_double_double: fixed((_s, a: number, b: number) => a * b),
  div_double_double: fixed((_s, a: number, b: number) => a / b),
  mul_double_timeinterval: fixed((s, a: number, b: Interval) => makeInterval(a * b.ms, "*", s)),
  add_doublevec_double: fixed((_s, v: readonly number[], x: number) => mapVec(v, (y) => y + x)),
  sub_doublevec_double: fixed((_s, v: readonly number[], x: number) => mapVec(v, (y) => y - x)),
  mul_doublevec_double: fixed((_s, v: readonly number[], x: number) => mapVec(v, (y) => y * x)),
  div_doublevec_double: fixed((_s, v: readonly number[], x: number) => mapVec(v, (y) => y / x)),
  add_doublevec_doublevec: fixed((s, a: readonly number[], b: readonly number[]) => zipVec("+", a, b, s, (x, y) => x + y)),
  sub_doublevec_doublevec: fixed((s, a: readonly number[], b: readonly number[]) => zipVec("-", a, b, s, (x, y) => x - y)),
  mul_doublevec_doublevec: fixed((s, a: readonly number[], b: readonly number[]) => zipVec("*", a, b, s, (x, y) => x * y)),
  div_doublevec_doublevec: fixed((s, a: readonly number[], b: readonly number[]) => zipVec("/", a, b, s, (x, y) => x / y)),
  mul_timeinterval_double: fixed((s, a: Interval, b: number) => makeInterval(a.ms * b, "*", s)),
  div_timeinterval_double: fixed((s, a: Interval, b: number) => makeInterval(a.ms / b, "/", s)),
  add_timeinterval_timeinterval: fixed((s, a: Interval, b: Interval) => makeInterval(a.ms + b.ms, "+", s)),
  sub_timeinterval_timeinterval: fixed((s, a: Interval, b: Interval) => makeInterval(a.ms - b.ms, "-", s)),
  add_timeinterval_timestamp: fixed((s, a: Interval, b: Timestamp) => makeTimestamp(b.ms + a.ms, "+", s)),
  add_timestamp_timeinterval: fixed((s, a: Timestamp, b: Interval) => makeTimestamp(a.ms + b.ms, "+", s)),
  sub_timestamp_timestamp: fixed((s, a: Timestamp, b: Timestamp) => makeInterval(a.ms - b.ms, "-", s)),
  neg_double: fixed((_s, a: number) => -a),
  not_double: fixed((_s, a: number) => truth(a === 0)),
  neg_timeinterval: fixed((_s, a: Interval) => new Interval(-a.ms)),
  lt_double_double: fixed((_s, a: number, b: number) => truth(a < b)),
  le_double_double: fixed((_s, a: number, b: number) => truth(a <= b)),
  eq_double_double: fixed((_s, a: number, b: number) => truth(a === b)),
  ge_double_double: fixed((_s, a: number, b: number) => truth(a >= b)),
  gt_double_double: fixed((_s, a: number, b: number) => truth(a > b)),
  ne_double_double: fixed((_s, a: number, b: number) => truth(a !== b)),
  // Ordinal comparison: JS compares UTF-16 code units, as .NET's String.CompareOrdinal does.
  lt_string_string: fixed((_s, a: string, b: string) => truth(a < b)),
  le_string_string: fixed((_s, a: string, b: string) => truth(a <= b)),
  eq_string_string: fixed((_s, a: string, b: string) => truth(a === b)),
  ge_string_string: fixed((_s, a: string, b: string) => truth(a >= b)),
  gt_string_string: fixed((_s, a: string, b: string) => truth(a > b)),
  ne_string_string: fixed((_s, a: string, b: string) => truth(a !== b)),
  lt_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms < b.ms)),
  le_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms <= b.ms)),
  eq_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms === b.ms)),
  ge_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms >= b.ms)),
  gt_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms > b.ms)),
  ne_timestamp_timestamp: fixed((_s, a: Timestamp, b: Timestamp) => truth(a.ms !== b.ms)),
  lt_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms < b.ms)),
  le_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms <= b.ms)),
  eq_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms === b.ms)),
  ge_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms >= b.ms)),
  gt_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms > b.ms)),
  ne_timeinterval_timeinterval: fixed((_s, a: Interval, b: Interval) => truth(a.ms !== b.ms)),
  and_double_double: { shape: "logical", op: "&&" },
  or_double_double: { shape: "logical", op: "||" },

  // §4.3 timestamp members
  timestamp_year: part(UTC_PART.year),
  timestamp_month: part(UTC_PART.month),
  timestamp_day: part(UTC_PART.day),
  timestamp_weekday: part(UTC_PART.weekday),
  timestamp_hour: part(UTC_PART.hour),
  timestamp_minute: part(UTC_PART.minute),
  timestamp_second: part(UTC_PART.second),
};

/** The implementation of an overload (every id has one; checked by test/eval/impls.test.ts). */
export function implOf(id: OverloadId): Impl {
  return IMPLS[id];
}

/** Ids of builtins.ts without an implementation (empty when complete; for the completeness test). */
export function missingImpls(): OverloadId[] {
  return OVERLOAD_IDS.filter((id) => !(id in IMPLS));
}

/** Flattens `doubleVecList` arguments (doubles and doubleVecs) into one fresh array. */
export function flatten(args: readonly Value[]): number[] {
  const out: number[] = [];
  for (const a of args) {
    if (typeof a === "number") out.push(a);
    else for (const x of a as readonly number[]) out.push(x);
  }
  return out;
}
