// Built-ins: THE one table of functions (spec §4.1), metric methods (§4.2), operators (§3.1) and
// timestamp members (§4.3, §11.3). Types, stable overload ids, docs and examples only: the
// implementations live in impls.ts (keyed by OverloadId), the resolution rules in overloads.ts.

import type { ParamType, Type } from "./types.ts";

/** Which syntactic form an overload is called with. */
export type BuiltinKind = "function" | "method" | "operator" | "member";

/** One parameter; `rest` marks a trailing `doubleVecList` that takes one or more arguments. */
export interface Param {
  readonly name: string;
  readonly type: ParamType;
  readonly rest: boolean;
}

/** A formula fragment and, where it does not depend on metrics, clock or randomness, its value as printed in results (spec §11.5). */
export interface Example {
  readonly formula: string;
  readonly value?: string;
}

/** One overload of a built-in. */
export interface OverloadSpec<I extends string = string> {
  /** Stable snake_case id; the checker stores it in `resolutions`, impls.ts keys implementations by it. */
  readonly id: I;
  readonly kind: BuiltinKind;
  /** `avg`, `GetSample`, `+`, `hour`. */
  readonly name: string;
  /** Receiver type for methods (`metric`) and members (`timestamp`). */
  readonly receiver?: Type;
  readonly params: readonly Param[];
  readonly result: Type;
  readonly doc: string;
  readonly example: Example;
  /** Era note, e.g. `[L]` for the 2023+ additions ceil/floor/round. */
  readonly era?: string;
}

/** Parses `"v: doubleVec, p: double"` / `"values: doubleVecList..."`; an invalid table row is a bug, so it throws at load. */
function params(spec: string): Param[] {
  if (spec === "") return [];
  return spec.split(", ").map((part) => {
    const m = /^(\w+): (\w+)(\.\.\.)?$/.exec(part);
    const type = m?.[2] as ParamType | undefined;
    if (!m || !type || !PARAM_TYPES.has(type)) throw new Error(`builtins: bad parameter '${part}'`);
    if (type === "doubleVecList" && !m[3]) throw new Error(`builtins: doubleVecList must be a rest parameter ('${part}')`);
    return { name: m[1]!, type, rest: m[3] !== undefined };
  });
}

const PARAM_TYPES: ReadonlySet<string> = new Set(["double", "doubleVec", "string", "timestamp", "timeinterval", "time", "doubleVecList"]);
const L = "[L] documented on the 2023+ Learn page; supported here (spec §11.2).";

const ex = (formula: string, value?: string): Example => (value === undefined ? { formula } : { formula, value });

function fn<const I extends string>(name: string, ps: string, result: Type, id: I, doc: string, example: Example, era?: string): OverloadSpec<I> {
  return { id, kind: "function", name, params: params(ps), result, doc, example, ...(era ? { era } : {}) };
}
function method<const I extends string>(name: string, ps: string, result: Type, id: I, doc: string, example: Example): OverloadSpec<I> {
  return { id, kind: "method", name, receiver: "metric", params: params(ps), result, doc, example };
}
function bin<const I extends string>(op: string, left: ParamType, right: ParamType, result: Type, id: I, doc: string, example: Example): OverloadSpec<I> {
  return { id, kind: "operator", name: op, params: [{ name: "left", type: left, rest: false }, { name: "right", type: right, rest: false }], result, doc, example };
}
function un<const I extends string>(op: string, operand: ParamType, result: Type, id: I, doc: string, example: Example): OverloadSpec<I> {
  return { id, kind: "operator", name: op, params: [{ name: "operand", type: operand, rest: false }], result, doc, example };
}
function member<const I extends string>(name: string, id: I, doc: string, example: Example): OverloadSpec<I> {
  return { id, kind: "member", name, receiver: "timestamp", params: [], result: "double", doc, example };
}

const T0 = 'time("2016-10-13T19:18:47.805Z")';
const DAY1 = 'time("2016-10-13T00:00:00Z")';
const DAY2 = 'time("2016-10-14T00:00:00Z")';

/**
 * Every overload. Order matters only for resolution among equally good candidates: the scalar
 * form of lg/ln/log/ceil/floor/round comes before its list form (spec §4.1 overload rule).
 */
// prettier-ignore
export const BUILTINS = [
  //  name           params                                   result          id                                doc, example
  fn("avg",          "values: doubleVecList...",              "double",       "avg_list",                       "Arithmetic mean of all values after flattening.", ex("avg(1, 2, 3)", "2")),
  fn("ceil",         "x: double",                             "double",       "ceil_double",                    "Smallest integer greater than or equal to x.", ex("ceil(1.2)", "2"), L),
  fn("ceil",         "values: doubleVecList...",              "doubleVec",    "ceil_list",                      "Component-wise ceiling of the flattened values.", ex("ceil(1.2, 2.5)", "[2,3]"), L),
  fn("floor",        "x: double",                             "double",       "floor_double",                   "Largest integer less than or equal to x.", ex("floor(1.8)", "1"), L),
  fn("floor",        "values: doubleVecList...",              "doubleVec",    "floor_list",                     "Component-wise floor of the flattened values.", ex("floor(1.8, -0.5)", "[1,-1]"), L),
  fn("len",          "values: doubleVecList...",              "double",       "len_list",                       "Number of values after flattening.", ex("len(1, 2, 3)", "3")),
  fn("lg",           "x: double",                             "double",       "lg_double",                      "Logarithm base 2 of x.", ex("lg(8)", "3")),
  fn("lg",           "values: doubleVecList...",              "doubleVec",    "lg_list",                        "Component-wise logarithm base 2 of the flattened values.", ex("lg(2, 8)", "[1,3]")),
  fn("ln",           "x: double",                             "double",       "ln_double",                      "Natural logarithm of x.", ex("ln(1)", "0")),
  fn("ln",           "values: doubleVecList...",              "doubleVec",    "ln_list",                        "Component-wise natural logarithm of the flattened values.", ex("ln(1, 1)", "[0,0]")),
  fn("log",          "x: double",                             "double",       "log_double",                     "Logarithm base 10 of x.", ex("log(1000)", "3")),
  fn("log",          "values: doubleVecList...",              "doubleVec",    "log_list",                       "Component-wise logarithm base 10 of the flattened values.", ex("log(10, 100)", "[1,2]")),
  fn("max",          "values: doubleVecList...",              "double",       "max_list",                       "Largest of the flattened values.", ex("max(1, 5, 3)", "5")),
  fn("min",          "values: doubleVecList...",              "double",       "min_list",                       "Smallest of the flattened values.", ex("min(4, 2, 8)", "2")),
  fn("norm",         "values: doubleVecList...",              "double",       "norm_list",                      "Euclidean norm (square root of the sum of squares) of the flattened values.", ex("norm(3, 4)", "5")),
  fn("percentile",   "v: doubleVec, p: double",               "double",       "percentile_doublevec_double",    "The p-th percentile (p from 0 to 100) of v, interpolating linearly between closest ranks.", ex("percentile(ceil(1, 2, 3, 4), 50)", "2.5")),
  fn("rand",         "",                                      "double",       "rand",                           "A uniformly distributed random number in [0, 1).", ex("rand()")),
  fn("range",        "values: doubleVecList...",              "double",       "range_list",                     "Largest minus smallest of the flattened values.", ex("range(1, 5, 3)", "4")),
  fn("round",        "x: double",                             "double",       "round_double",                   "Rounds x to the nearest integer, halves away from zero.", ex("round(2.5)", "3"), L),
  fn("round",        "values: doubleVecList...",              "doubleVec",    "round_list",                     "Component-wise rounding of the flattened values, halves away from zero.", ex("round(1.5, -2.5)", "[2,-3]"), L),
  fn("std",          "values: doubleVecList...",              "double",       "std_list",                       "Sample standard deviation (n − 1 denominator) of the flattened values; 0 for one value.", ex("std(1, 2, 3)", "1")),
  fn("stop",         "",                                      "never",        "stop",                           "Stops evaluating the formula; statements already completed keep their effect.", ex("$TargetDedicatedNodes = $CurrentDedicatedNodes > 100 ? stop() : 4")),
  fn("sum",          "values: doubleVecList...",              "double",       "sum_list",                       "Sum of the flattened values.", ex("sum(1, 2, 3)", "6")),
  fn("time",         "",                                      "timestamp",    "time_now",                       "The evaluation's current time (UTC); the same instant throughout one evaluation.", ex("time()")),
  fn("time",         "dateTime: string",                      "timestamp",    "time_string",                    "The instant written as ISO 8601 / W3C-DTF or RFC 1123 text.", ex(T0, "2016-10-13T19:18:47.805Z")),
  fn("val",          "v: doubleVec, i: double",               "double",       "val_doublevec_double",           "Element i (zero-based, fraction truncated) of v.", ex("val(ceil(4, 5, 6), 1)", "5")),

  //      name                 params                                                   result          id                          doc, example
  method("GetSample",          "count: double",                                         "doubleVec",    "getsample_count",          "The count most recent available samples, however old; fewer if fewer exist. Never fails.", ex("$PendingTasks.GetSample(1)")),
  method("GetSample",          "startTime: time",                                       "doubleVec",    "getsample_window",         "Samples from startTime (an instant, or an interval before now) up to now; fails with InsufficientSampleData below 70% of the expected samples.", ex("$CPUPercent.GetSample(TimeInterval_Minute * 10)")),
  method("GetSample",          "startTime: time, samplePercent: double",                "doubleVec",    "getsample_window_percent", "Samples from startTime up to now; fails with InsufficientSampleData when fewer than samplePercent % of the expected samples are available.", ex("$CPUPercent.GetSample(TimeInterval_Minute * 10, 80)")),
  method("GetSample",          "startTime: time, endTime: time",                        "doubleVec",    "getsample_range",          "Samples between two instants or look-back intervals (in either order); fails below 70% coverage.", ex("$RunningTasks.GetSample(1 * TimeInterval_Minute, 6 * TimeInterval_Minute)")),
  method("GetSample",          "startTime: time, endTime: time, samplePercent: double", "doubleVec",    "getsample_range_percent",  "Samples between two instants or look-back intervals; fails when fewer than samplePercent % are available.", ex("$RunningTasks.GetSample(60 * TimeInterval_Second, 120 * TimeInterval_Second, 75)")),
  method("GetSamplePercent",   "startTime: time",                                       "double",       "getsamplepercent_window",  "Percentage (0–100) of the expected samples available from startTime up to now; never fails, meant as a guard before GetSample.", ex("$PendingTasks.GetSamplePercent(TimeInterval_Minute * 15)")),
  method("GetSamplePercent",   "startTime: time, endTime: time",                        "double",       "getsamplepercent_range",   "Percentage (0–100) of the expected samples available between two instants or look-back intervals.", ex("$CPUPercent.GetSamplePercent(TimeInterval_Minute * 0, TimeInterval_Minute * 10)")),
  method("GetSamplePeriod",    "",                                                      "timeinterval", "getsampleperiod",          "The metric's sampling period (30 seconds).", ex("$CPUPercent.GetSamplePeriod()", "00:00:30")),
  method("Count",              "",                                                      "double",       "count",                    "Number of samples in the metric's retained history.", ex("$PendingTasks.Count()")),
  method("HistoryBeginTime",   "",                                                      "timestamp",    "historybegintime",         "Time of the oldest sample in the metric's retained history.", ex("$PendingTasks.HistoryBeginTime()")),

  //   op     left            right           result          id                                doc, example
  bin("+",    "double",       "double",       "double",       "add_double_double",              "Sum.", ex("1 + 2", "3")),
  bin("-",    "double",       "double",       "double",       "sub_double_double",              "Difference.", ex("5 - 2", "3")),
  bin("*",    "double",       "double",       "double",       "mul_double_double",              "Product.", ex("2 * 3", "6")),
  bin("/",    "double",       "double",       "double",       "div_double_double",              "Quotient; dividing by zero gives Infinity or NaN.", ex("7 / 2", "3.5")),
  bin("*",    "double",       "timeinterval", "timeinterval", "mul_double_timeinterval",        "Scales an interval.", ex("5 * TimeInterval_Minute", "00:05:00")),
  bin("+",    "doubleVec",    "double",       "doubleVec",    "add_doublevec_double",           "Adds the number to every element.", ex("ceil(1, 2) + 1", "[2,3]")),
  bin("-",    "doubleVec",    "double",       "doubleVec",    "sub_doublevec_double",           "Subtracts the number from every element.", ex("ceil(1, 2) - 1", "[0,1]")),
  bin("*",    "doubleVec",    "double",       "doubleVec",    "mul_doublevec_double",           "Multiplies every element by the number.", ex("ceil(1, 2) * 2", "[2,4]")),
  bin("/",    "doubleVec",    "double",       "doubleVec",    "div_doublevec_double",           "Divides every element by the number.", ex("ceil(2, 4) / 2", "[1,2]")),
  bin("+",    "doubleVec",    "doubleVec",    "doubleVec",    "add_doublevec_doublevec",        "Component-wise sum; the vectors must have the same length.", ex("ceil(1, 2) + ceil(3, 4)", "[4,6]")),
  bin("-",    "doubleVec",    "doubleVec",    "doubleVec",    "sub_doublevec_doublevec",        "Component-wise difference; the vectors must have the same length.", ex("ceil(3, 4) - ceil(1, 2)", "[2,2]")),
  bin("*",    "doubleVec",    "doubleVec",    "doubleVec",    "mul_doublevec_doublevec",        "Component-wise product; the vectors must have the same length.", ex("ceil(1, 2) * ceil(3, 4)", "[3,8]")),
  bin("/",    "doubleVec",    "doubleVec",    "doubleVec",    "div_doublevec_doublevec",        "Component-wise quotient; the vectors must have the same length.", ex("ceil(3, 8) / ceil(1, 2)", "[3,4]")),
  bin("*",    "timeinterval", "double",       "timeinterval", "mul_timeinterval_double",        "Scales an interval.", ex("TimeInterval_Minute * 10", "00:10:00")),
  bin("/",    "timeinterval", "double",       "timeinterval", "div_timeinterval_double",        "Divides an interval.", ex("TimeInterval_Hour / 4", "00:15:00")),
  bin("+",    "timeinterval", "timeinterval", "timeinterval", "add_timeinterval_timeinterval",  "Sum of two intervals.", ex("TimeInterval_Hour + TimeInterval_Minute", "01:01:00")),
  bin("-",    "timeinterval", "timeinterval", "timeinterval", "sub_timeinterval_timeinterval",  "Difference of two intervals.", ex("TimeInterval_Hour - TimeInterval_Minute", "00:59:00")),
  bin("+",    "timeinterval", "timestamp",    "timestamp",    "add_timeinterval_timestamp",     "The instant shifted by the interval.", ex(`TimeInterval_Hour + ${T0}`, "2016-10-13T20:18:47.805Z")),
  bin("+",    "timestamp",    "timeinterval", "timestamp",    "add_timestamp_timeinterval",     "The instant shifted by the interval (add a negative interval to go back).", ex(`${T0} + (-6 * TimeInterval_Hour)`, "2016-10-13T13:18:47.805Z")),
  bin("-",    "timestamp",    "timestamp",    "timeinterval", "sub_timestamp_timestamp",        "The interval between two instants.", ex(`${DAY2} - ${DAY1}`, "1.00:00:00")),
  un("-",     "double",                       "double",       "neg_double",                     "Negation.", ex("-(2 + 1)", "-3")),
  un("!",     "double",                       "double",       "not_double",                     "Logical not: 1 if the operand is 0, otherwise 0.", ex("!0", "1")),
  un("-",     "timeinterval",                 "timeinterval", "neg_timeinterval",               "Negated interval.", ex("-TimeInterval_Hour", "-01:00:00")),
  bin("<",    "double",       "double",       "double",       "lt_double_double",               "1 if left is less than right, else 0.", ex("1 < 2", "1")),
  bin("<=",   "double",       "double",       "double",       "le_double_double",               "1 if left is less than or equal to right, else 0.", ex("2 <= 2", "1")),
  bin("==",   "double",       "double",       "double",       "eq_double_double",               "1 if the values are equal, else 0.", ex("2 == 2", "1")),
  bin(">=",   "double",       "double",       "double",       "ge_double_double",               "1 if left is greater than or equal to right, else 0.", ex("1 >= 2", "0")),
  bin(">",    "double",       "double",       "double",       "gt_double_double",               "1 if left is greater than right, else 0.", ex("3 > 2", "1")),
  bin("!=",   "double",       "double",       "double",       "ne_double_double",               "1 if the values differ, else 0.", ex("1 != 2", "1")),
  bin("<",    "string",       "string",       "double",       "lt_string_string",               "Ordinal string comparison.", ex('"a" < "b"', "1")),
  bin("<=",   "string",       "string",       "double",       "le_string_string",               "Ordinal string comparison.", ex('"b" <= "b"', "1")),
  bin("==",   "string",       "string",       "double",       "eq_string_string",               "1 if the strings are equal (case-sensitive), else 0.", ex('"a" == "A"', "0")),
  bin(">=",   "string",       "string",       "double",       "ge_string_string",               "Ordinal string comparison.", ex('"a" >= "b"', "0")),
  bin(">",    "string",       "string",       "double",       "gt_string_string",               "Ordinal string comparison.", ex('"b" > "a"', "1")),
  bin("!=",   "string",       "string",       "double",       "ne_string_string",               "1 if the strings differ, else 0.", ex('"a" != "b"', "1")),
  bin("<",    "timestamp",    "timestamp",    "double",       "lt_timestamp_timestamp",         "1 if left is earlier than right, else 0.", ex(`${DAY1} < ${DAY2}`, "1")),
  bin("<=",   "timestamp",    "timestamp",    "double",       "le_timestamp_timestamp",         "1 if left is not later than right, else 0.", ex(`${DAY1} <= ${DAY1}`, "1")),
  bin("==",   "timestamp",    "timestamp",    "double",       "eq_timestamp_timestamp",         "1 if the instants are equal, else 0.", ex(`${DAY1} == ${DAY2}`, "0")),
  bin(">=",   "timestamp",    "timestamp",    "double",       "ge_timestamp_timestamp",         "1 if left is not earlier than right, else 0.", ex(`${DAY2} >= ${DAY1}`, "1")),
  bin(">",    "timestamp",    "timestamp",    "double",       "gt_timestamp_timestamp",         "1 if left is later than right, else 0.", ex(`${DAY2} > ${DAY1}`, "1")),
  bin("!=",   "timestamp",    "timestamp",    "double",       "ne_timestamp_timestamp",         "1 if the instants differ, else 0.", ex(`${DAY1} != ${DAY2}`, "1")),
  bin("<",    "timeinterval", "timeinterval", "double",       "lt_timeinterval_timeinterval",   "1 if left is shorter than right, else 0.", ex("TimeInterval_Minute < TimeInterval_Hour", "1")),
  bin("<=",   "timeinterval", "timeinterval", "double",       "le_timeinterval_timeinterval",   "1 if left is not longer than right, else 0.", ex("TimeInterval_Hour <= TimeInterval_Hour", "1")),
  bin("==",   "timeinterval", "timeinterval", "double",       "eq_timeinterval_timeinterval",   "1 if the intervals are equal, else 0.", ex("60 * TimeInterval_Second == TimeInterval_Minute", "1")),
  bin(">=",   "timeinterval", "timeinterval", "double",       "ge_timeinterval_timeinterval",   "1 if left is not shorter than right, else 0.", ex("TimeInterval_Minute >= TimeInterval_Hour", "0")),
  bin(">",    "timeinterval", "timeinterval", "double",       "gt_timeinterval_timeinterval",   "1 if left is longer than right, else 0.", ex("TimeInterval_Day > TimeInterval_Hour", "1")),
  bin("!=",   "timeinterval", "timeinterval", "double",       "ne_timeinterval_timeinterval",   "1 if the intervals differ, else 0.", ex("TimeInterval_Day != TimeInterval_Hour", "1")),
  bin("&&",   "double",       "double",       "double",       "and_double_double",              "1 if both operands are nonzero, else 0; the right operand is evaluated only when needed.", ex("1 && 0", "0")),
  bin("||",   "double",       "double",       "double",       "or_double_double",               "1 if either operand is nonzero, else 0; the right operand is evaluated only when needed.", ex("0 || 2", "1")),

  //      name        id                    doc, example
  member("year",      "timestamp_year",     "Calendar year (UTC).", ex(`${T0}.year`, "2016")),
  member("month",     "timestamp_month",    "Month, 1 (January) to 12 (UTC).", ex(`${T0}.month`, "10")),
  member("day",       "timestamp_day",      "Day of the month, 1 to 31 (UTC).", ex(`${T0}.day`, "13")),
  member("weekday",   "timestamp_weekday",  "Day of the week, .NET numbering: Sunday = 0, Monday = 1 … Saturday = 6 (spec §11.3).", ex(`${T0}.weekday`, "4")),
  member("hour",      "timestamp_hour",     "Hour, 0 to 23 (UTC).", ex(`${T0}.hour`, "19")),
  member("minute",    "timestamp_minute",   "Minute, 0 to 59.", ex(`${T0}.minute`, "18")),
  member("second",    "timestamp_second",   "Second, 0 to 59 (fractions are not exposed).", ex(`${T0}.second`, "47")),
] as const;

/** Every overload id in the table (a closed union: impls.ts maps each one to an implementation). */
export type OverloadId = (typeof BUILTINS)[number]["id"];

/** Each overload id once, in table order (for completeness tests of impls.ts). */
export const OVERLOAD_IDS: readonly OverloadId[] = BUILTINS.map((o) => o.id);

/** The `?:` operator is syntax, not an overload; documented here for hover and docs. */
export const CONDITIONAL_DOC = {
  name: "?:",
  signature: "condition ? whenTrue : whenFalse",
  doc: "If the double condition is nonzero, evaluates only whenTrue, otherwise only whenFalse; both branches must have the same type (stop() fits any).",
  example: ex("2 > 1 ? 5 : 10", "5"),
} as const;

type Spec = (typeof BUILTINS)[number];

function groupBy(kind: BuiltinKind, key: (o: Spec) => string): ReadonlyMap<string, readonly Spec[]> {
  const map = new Map<string, Spec[]>();
  for (const o of BUILTINS) {
    if (o.kind !== kind) continue;
    const k = key(o);
    map.set(k, [...(map.get(k) ?? []), o]);
  }
  return map;
}

const FUNCTIONS = groupBy("function", (o) => o.name);
const METHODS = groupBy("method", (o) => o.name);
const OPERATORS = groupBy("operator", (o) => `${o.name}/${o.params.length}`);
const MEMBERS = groupBy("member", (o) => o.name);
const BY_ID: ReadonlyMap<string, Spec> = new Map(BUILTINS.map((o) => [o.id, o]));

const none: readonly Spec[] = [];

/** Function overloads by exact name (empty when unknown). */
export function functionOverloads(name: string): readonly OverloadSpec<OverloadId>[] {
  return FUNCTIONS.get(name) ?? none;
}
/** Metric method overloads by exact name (empty when unknown). */
export function methodOverloads(name: string): readonly OverloadSpec<OverloadId>[] {
  return METHODS.get(name) ?? none;
}
/** Operator overloads by symbol and arity (1 = unary, 2 = binary). */
export function operatorOverloads(op: string, arity: 1 | 2): readonly OverloadSpec<OverloadId>[] {
  return OPERATORS.get(`${op}/${arity}`) ?? none;
}
/** A timestamp member by exact name. */
export function timestampMember(name: string): OverloadSpec<OverloadId> | undefined {
  return MEMBERS.get(name)?.[0];
}
/** The row of an overload id. */
export function overloadById(id: string): OverloadSpec<OverloadId> | undefined {
  return BY_ID.get(id);
}

/** Distinct names per kind, in table order (completion lists, suggestions). */
export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];
export const METHOD_NAMES: readonly string[] = [...METHODS.keys()];
export const MEMBER_NAMES: readonly string[] = [...MEMBERS.keys()];

/** Case-insensitive lookup of a function, method or member name: `Avg` → `avg`, `getSample` → `GetSample`. */
export function lookupBuiltinIgnoringCase(kind: "function" | "method" | "member", name: string): string | undefined {
  const names = kind === "function" ? FUNCTION_NAMES : kind === "method" ? METHOD_NAMES : MEMBER_NAMES;
  const lower = name.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

function paramTypeText(t: ParamType): string {
  return t === "time" ? "timestamp | timeinterval" : t;
}

/** `GetSample(startTime: timestamp | timeinterval, samplePercent: double): doubleVec`, `double + double: double`, `timestamp.hour: double`. */
export function signature(o: OverloadSpec, optionalFrom = o.params.length): string {
  if (o.kind === "operator") {
    const [a, b] = o.params;
    return b ? `${paramTypeText(a!.type)} ${o.name} ${paramTypeText(b.type)}: ${o.result}` : `${o.name}${paramTypeText(a!.type)}: ${o.result}`;
  }
  if (o.kind === "member") return `${o.receiver}.${o.name}: ${o.result}`;
  const ps = o.params.map((p, i) => `${p.rest ? "..." : ""}${p.name}${i >= optionalFrom ? "?" : ""}: ${paramTypeText(p.type)}`);
  return `${o.name}(${ps.join(", ")}): ${o.result}`;
}

/**
 * Hover/completion signatures of one name, with an overload that is another plus one trailing
 * parameter folded into it as an optional parameter: `time(dateTime?: string): timestamp`.
 */
export function signatures(kind: "function" | "method", name: string): string[] {
  const overloads = kind === "function" ? functionOverloads(name) : methodOverloads(name);
  const absorbed = new Set<string>();
  const out: { o: OverloadSpec; optionalFrom: number }[] = [];
  for (const b of overloads) {
    const a = overloads.find(
      (x) =>
        !absorbed.has(x.id) &&
        x.params.length === b.params.length - 1 &&
        x.result === b.result &&
        x.params.every((p, i) => p.type === b.params[i]!.type && p.name === b.params[i]!.name),
    );
    if (a) {
      absorbed.add(a.id);
      out.push({ o: b, optionalFrom: a.params.length });
    } else out.push({ o: b, optionalFrom: b.params.length });
  }
  return out.filter((x) => !absorbed.has(x.o.id)).map((x) => signature(x.o, x.optionalFrom));
}

/** Hover text of a built-in name: its signatures, the doc of each overload and their examples. */
export interface BuiltinHover {
  readonly signatures: readonly string[];
  readonly docs: readonly string[];
  readonly examples: readonly Example[];
  readonly era?: string;
}

/** Hover/completion docs for a function, method or timestamp member name; undefined when unknown. */
export function builtinHover(kind: "function" | "method" | "member", name: string): BuiltinHover | undefined {
  const overloads =
    kind === "function" ? functionOverloads(name) : kind === "method" ? methodOverloads(name) : (MEMBERS.get(name) ?? none);
  if (overloads.length === 0) return undefined;
  const era = overloads.find((o) => o.era !== undefined)?.era;
  return {
    signatures: kind === "member" ? overloads.map((o) => signature(o)) : signatures(kind, name),
    docs: [...new Set(overloads.map((o) => o.doc))],
    examples: overloads.map((o) => o.example),
    ...(era !== undefined ? { era } : {}),
  };
}
