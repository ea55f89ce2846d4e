// fast-check generators of WELL-TYPED formula text (spec §2–§5, §11.2): user variables are
// assigned before use (and may be re-assigned with another type), service variables, every
// GetSample form (guarded by GetSamplePercent), list functions, conditionals, timestamps and
// intervals. Shared with the evaluator's differential tests, so keep it general.

import fc from "fast-check";

/** Value types a generated expression can have. */
export type GenType = "double" | "doubleVec" | "timestamp" | "timeinterval";

/** User variables assigned so far, by name, with their current type. */
export type TypedEnv = ReadonlyMap<string, GenType>;

const METRICS = [
  "$CPUPercent", "$ActiveTasks", "$RunningTasks", "$PendingTasks", "$SucceededTasks", "$FailedTasks",
  "$PreemptedNodeCount", "$UsableNodeCount",
] as const;
const SCALARS = [
  "$CurrentDedicatedNodes", "$CurrentLowPriorityNodes", "$TaskSlotsPerNode", "$TargetDedicatedNodes",
  "$TargetLowPriorityNodes", "$TargetDedicated", "$CurrentDedicated",
] as const;
const INTERVALS = [
  "TimeInterval_Second", "TimeInterval_Minute", "TimeInterval_Hour", "TimeInterval_Day", "TimeInterval_Week",
  "TimeInterval_Millisecond", "TimeInterval_Zero",
] as const;
const KEYWORDS = ["requeue", "terminate", "taskcompletion", "retaineddata"] as const;
/** User-variable names: with and without `$`, none reserved or close to a service name. */
export const USER_NAMES = ["a", "b", "ratio", "lifespan", "$x", "$y", "$tasks", "$samples", "cappedPoolSize"] as const;
const TIMES = ['"2016-10-13T19:18:47.805Z"', '"Mon, 06 Oct 2014 10:20:00 GMT"', '"2023-04-14T10:20:30.123456Z"'] as const;
const COMPARISONS = ["<", "<=", "==", ">=", ">", "!="] as const;

const numberLit: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 500 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`),
);
const percentLit = fc.integer({ min: 0, max: 100 }).map(String);
const countLit = fc.integer({ min: 1, max: 30 }).map(String);

function varsOf(env: TypedEnv, t: GenType): string[] {
  return [...env].filter(([, ty]) => ty === t).map(([n]) => n);
}

const metric = fc.constantFrom(...METRICS);

function leaf(t: GenType, env: TypedEnv): fc.Arbitrary<string> {
  const vars = varsOf(env, t);
  const options: fc.Arbitrary<string>[] = vars.length > 0 ? [fc.constantFrom(...vars)] : [];
  switch (t) {
    case "double":
      options.push(
        numberLit,
        fc.constantFrom(...SCALARS),
        metric.map((m) => `${m}.Count()`),
        fc.tuple(metric, fc.constantFrom(...INTERVALS)).map(([m, i]) => `${m}.GetSamplePercent(${i})`),
        fc.constant("rand()"),
      );
      break;
    case "doubleVec":
      options.push(fc.tuple(metric, countLit).map(([m, n]) => `${m}.GetSample(${n})`));
      break;
    case "timeinterval":
      options.push(fc.constantFrom(...INTERVALS), metric.map((m) => `${m}.GetSamplePeriod()`));
      break;
    case "timestamp":
      options.push(fc.constant("time()"), fc.constantFrom(...TIMES).map((s) => `time(${s})`), metric.map((m) => `${m}.HistoryBeginTime()`));
      break;
  }
  return fc.oneof(...options);
}

/** Window-form GetSample, guarded so it type-checks (the guard matters only at evaluation). */
function guardedWindow(env: TypedEnv, depth: number): fc.Arbitrary<string> {
  const bound = fc.oneof(typedExpr("timeinterval", env, depth), typedExpr("timestamp", env, depth));
  return fc
    .tuple(metric, bound, fc.option(bound, { nil: undefined }), fc.option(percentLit, { nil: undefined }))
    .map(([m, a, b, p]) => {
      const args = [a, b, p].filter((x) => x !== undefined).join(", ");
      const window = b === undefined ? a : `${a}, ${b}`;
      return `(${m}.GetSamplePercent(${window}) < 70 ? ${m}.GetSample(1) : ${m}.GetSample(${args}))`;
    });
}

const listArg = (env: TypedEnv, depth: number) => fc.oneof(typedExpr("double", env, depth), typedExpr("doubleVec", env, depth));
const listArgs = (env: TypedEnv, depth: number) => fc.array(listArg(env, depth), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(", "));

function composite(t: GenType, env: TypedEnv, d: number): fc.Arbitrary<string> {
  const D = (ty: GenType) => typedExpr(ty, env, d);
  const bin = (a: fc.Arbitrary<string>, ops: readonly string[], b: fc.Arbitrary<string>) =>
    fc.tuple(a, fc.constantFrom(...ops), b).map(([x, op, y]) => `(${x} ${op} ${y})`);
  const cond = fc.tuple(D("double"), D(t), D(t)).map(([c, x, y]) => `(${c} ? ${x} : ${y})`);
  switch (t) {
    case "double":
      return fc.oneof(
        bin(D("double"), ["+", "-", "*", "/", "&&", "||", ...COMPARISONS], D("double")),
        bin(D("timestamp"), COMPARISONS, D("timestamp")),
        bin(D("timeinterval"), COMPARISONS, D("timeinterval")),
        fc.tuple(fc.constantFrom(...TIMES), fc.constantFrom(...COMPARISONS), fc.constantFrom(...TIMES)).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom("-", "!"), D("double")).map(([op, x]) => `${op}(${x})`),
        fc.tuple(fc.constantFrom("avg", "max", "min", "sum", "len", "norm", "range", "std"), listArgs(env, d)).map(([f, a]) => `${f}(${a})`),
        fc.tuple(fc.constantFrom("lg", "ln", "log", "ceil", "floor", "round"), D("double")).map(([f, a]) => `${f}(${a})`),
        fc.tuple(D("doubleVec"), percentLit).map(([v, p]) => `percentile(${v}, ${p})`),
        fc.tuple(D("doubleVec"), fc.integer({ min: 0, max: 3 })).map(([v, i]) => `val(${v}, ${i})`),
        fc.tuple(D("timestamp"), fc.constantFrom("year", "month", "day", "weekday", "hour", "minute", "second")).map(([x, m]) => `${x}.${m}`),
        cond,
      );
    case "doubleVec":
      return fc.oneof(
        bin(D("doubleVec"), ["+", "-", "*", "/"], D("double")),
        bin(D("doubleVec"), ["+", "-", "*", "/"], D("doubleVec")),
        fc.tuple(fc.constantFrom("lg", "ln", "log", "ceil", "floor", "round"), D("doubleVec"), fc.array(listArg(env, d), { maxLength: 2 }))
          .map(([f, v, rest]) => `${f}(${[v, ...rest].join(", ")})`),
        guardedWindow(env, d),
        cond,
      );
    case "timeinterval":
      return fc.oneof(
        bin(D("double"), ["*"], D("timeinterval")),
        bin(D("timeinterval"), ["*", "/"], D("double")),
        bin(D("timeinterval"), ["+", "-"], D("timeinterval")),
        bin(D("timestamp"), ["-"], D("timestamp")),
        D("timeinterval").map((x) => `-(${x})`),
        cond,
      );
    case "timestamp":
      return fc.oneof(bin(D("timestamp"), ["+"], D("timeinterval")), bin(D("timeinterval"), ["+"], D("timestamp")), cond);
  }
}

/** A well-typed expression of type `t` over the user variables of `env`, nested at most `depth` levels. */
export function typedExpr(t: GenType, env: TypedEnv, depth: number): fc.Arbitrary<string> {
  // Building arbitraries is eager, so without sharing the tree of generators grows exponentially with depth.
  let cache = MEMO.get(env);
  if (!cache) MEMO.set(env, (cache = new Map()));
  const key = `${t}/${depth}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const arb =
    depth <= 0
      ? leaf(t, env)
      : fc.oneof({ weight: 1, arbitrary: leaf(t, env) }, { weight: 1, arbitrary: composite(t, env, depth - 1) });
  cache.set(key, arb);
  return arb;
}

const MEMO = new WeakMap<TypedEnv, Map<string, fc.Arbitrary<string>>>();

const GEN_TYPES: readonly GenType[] = ["double", "doubleVec", "timestamp", "timeinterval"];

interface Step {
  readonly text: string;
  readonly assigns?: readonly [string, GenType];
}

function statement(env: TypedEnv, depth: number): fc.Arbitrary<Step> {
  const user = fc
    .tuple(fc.constantFrom(...USER_NAMES), fc.constantFrom(...GEN_TYPES))
    .chain(([name, t]) => typedExpr(t, env, depth).map((e): Step => ({ text: `${name} = ${e}`, assigns: [name, t] })));
  const target = fc
    .tuple(fc.constantFrom("$TargetDedicatedNodes", "$TargetLowPriorityNodes", "$TargetDedicated", "$TargetLowPriority"), typedExpr("double", env, depth))
    .map(([n, e]): Step => ({ text: `${n} = ${e}` }));
  const kw = fc.constantFrom(...KEYWORDS);
  const dealloc = fc
    .oneof(kw, fc.tuple(typedExpr("double", env, 1), kw, kw).map(([c, a, b]) => `${c} ? ${a} : ${b}`))
    .map((v): Step => ({ text: `$NodeDeallocationOption = ${v}` }));
  const stop = fc
    .tuple(typedExpr("double", env, 1), typedExpr("double", env, 1))
    .map(([c, e]): Step => ({ text: `$TargetDedicatedNodes = ${c} ? stop() : ${e}` }));
  // Spec §11.1: a bare expression is evaluated, its value discarded (a P203 warning, no error).
  const bare = fc.constantFrom(...GEN_TYPES).chain((t) => typedExpr(t, env, depth).map((e): Step => ({ text: e })));
  return fc.oneof({ weight: 12, arbitrary: user }, { weight: 5, arbitrary: target }, { weight: 1, arbitrary: dealloc }, { weight: 1, arbitrary: stop }, { weight: 2, arbitrary: bare });
}

function statements(env: TypedEnv, remaining: number, depth: number): fc.Arbitrary<string[]> {
  if (remaining === 0) return fc.constant([]);
  return statement(env, depth).chain((s) => {
    const next = s.assigns ? new Map([...env, s.assigns]) : env;
    return statements(next, remaining - 1, depth).map((rest) => [s.text, ...rest]);
  });
}

/** Options for `wellTypedFormula`. */
export interface WellTypedOptions {
  readonly maxStatements?: number;
  readonly maxDepth?: number;
}

/**
 * Formula TEXT that parses and checks without errors (bare expressions give P203 warnings): 1…maxStatements statements separated by `;` and
 * newlines, with an occasional `//` comment and an optional trailing `;`.
 */
export function wellTypedFormula(options: WellTypedOptions = {}): fc.Arbitrary<string> {
  const maxStatements = options.maxStatements ?? 6;
  const depth = options.maxDepth ?? 3;
  return fc
    .tuple(fc.integer({ min: 1, max: maxStatements }), fc.boolean(), fc.boolean())
    .chain(([n, trailing, comment]) =>
      statements(new Map(), n, depth).map((ss) => (comment ? "// generated\n" : "") + ss.join(";\n") + (trailing ? ";" : "")),
    );
}
