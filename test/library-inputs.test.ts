// The library's public entry points called from JavaScript with values of the wrong kind: each one
// answers with its usual error result (a diagnostic, a failed AutoScaleRun, undefined), never a
// TypeError. Serialisers of the library's own results (print, timelineToCsv, replayToCsv) are out
// of scope: they take only what the library produced.

import { describe, expect, it } from "vitest";
import * as evaluation from "../src/entry/eval.ts";
import * as metrics from "../src/entry/metrics.ts";
import * as simulation from "../src/entry/simulate.ts";
import * as syntax from "../src/entry/syntax.ts";
import * as root from "../src/index.ts";

// Every public entry point: the root and the subpaths (package.json "exports").
const lib = { ...root, ...syntax, ...evaluation, ...metrics, ...simulation };

const JUNK: readonly unknown[] = [null, undefined, 0, Number.NaN, true, {}, [], [null], { statements: 1 }, () => 1, Symbol("s"), 10n];
const POOL = { targetDedicatedNodes: 2, targetLowPriorityNodes: 0, currentDedicatedNodes: 2, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
const FORMULA = "$TargetDedicatedNodes = 1;";
const codes = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);

describe.each(JUNK.map((x) => [typeof x === "symbol" ? "a symbol" : typeof x === "bigint" ? "a bigint" : JSON.stringify(x) ?? String(x), x] as const))(
  "public entry points given %s",
  (_name, x) => {
    it("lex / parse / checkText / compile report L113", () => {
      expect(codes(lib.lex(x as string).diagnostics)).toEqual(["L113"]);
      expect(codes(lib.parse(x as string).diagnostics)).toEqual(["L113"]);
      expect(codes(lib.checkText(x as string).diagnostics)).toEqual(["L113"]);
      const compiled = lib.compile(x as string);
      expect(compiled.program).toBeUndefined();
      expect(codes(compiled.diagnostics)).toEqual(["L113"]);
    });
    it("check reports C322 for anything but a formula", () => {
      if (typeof x === "object" && x !== null && Array.isArray((x as { statements?: unknown }).statements)) return;
      expect(codes(lib.check(x as never).diagnostics)).toEqual(["C322"]);
    });
    it("evaluateAutoScale returns a failed run", () => {
      const run = lib.evaluateAutoScale(x as string, { now: 0, pool: POOL });
      expect(run.error?.code).toBe("AutoScalingFormulaSyntaxError");
      expect(run.error?.values[0]?.value).toMatch(/expected a string/);
      expect(lib.evaluateAutoScale(FORMULA, x as never).error?.code).toBe("InvalidAutoScaleEvaluationContext");
    });
    it("the data loaders and validators report R502; parseDuration says undefined", () => {
      expect(codes(lib.loadWorkload(x as string).diagnostics)).toEqual(["R502"]);
      if (!Array.isArray(x)) expect(codes(lib.validateTasks(x as never))).toEqual(["R502"]);
      expect(codes(lib.loadSamplesCsv(x as string).diagnostics)).toEqual(["R502"]);
      expect(lib.parseDuration(x as string)).toBeUndefined();
      expect(lib.parseTime(x as string)).toBeUndefined();
      expect(codes(lib.parseEvalContextJson(x as string).diagnostics)).toEqual(["R502"]);
    });
    it("simulate and replay return diagnostics", () => {
      // [] is an empty workload; [null] a list with a bad task (R502); the rest are not workloads (R505)
      if (!(Array.isArray(x) && x.length === 0)) expect(codes(lib.simulate(FORMULA, x as never).diagnostics)).toEqual([Array.isArray(x) ? "R502" : "R505"]);
      expect(codes(lib.replay(FORMULA, x as never).diagnostics)).toEqual(["R505"]);
    });
  },
);

describe("evaluation contexts holding values JSON cannot show", () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const odd: readonly [string, unknown][] = [
    ["a BigInt", 10n],
    ["a cycle", cycle],
    ["a symbol", Symbol("s")],
    ["an object whose toString is not a function", { toString: 0 }],
    ["an object whose toString throws", { toString: () => { throw new Error("boom"); } }],
    ["NaN", Number.NaN],
  ];
  const base = { now: "2024-05-01T12:00:00Z", pool: POOL, samples: {}, seed: 1 };
  it.each(odd)("%s anywhere gives InvalidAutoScaleEvaluationContext, not a crash", (_name, v) => {
    const contexts = [
      { ...base, now: v },
      { ...base, pool: v },
      { ...base, pool: { ...POOL, currentDedicatedNodes: v } },
      { ...base, samples: { $PendingTasks: v } },
      { ...base, samples: { $PendingTasks: [[v, 1]] } },
      { ...base, samples: { $PendingTasks: [["2024-05-01T11:59:00Z", v]] } },
      { ...base, seed: v },
      { ...base, options: v },
      { ...base, options: { retentionMs: v } },
    ];
    contexts.forEach((c, i) => {
      // Unknown fields of a pool or options object are ignored and missing ones default.
      if ((i === 1 || i === 7) && typeof v === "object" && v !== null) return;
      expect(lib.evaluateAutoScale(FORMULA, c as never).error?.code, `context ${i}`).toBe("InvalidAutoScaleEvaluationContext");
    });
  });
});

describe("simulator options of the wrong kind", () => {
  const tasks = [{ submit: 0, duration: 60_000 }];
  const store = new lib.MetricsStore();
  store.append("$PendingTasks", 0, 1);
  store.append("$PendingTasks", 3_600_000, 2);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  it.each([
    ["options.start must be a finite number, not 10n", { start: 10n }],
    ["options.end must be a finite number, not an object", { end: cycle }],
    ['options.intervalMs must be a number, not "5m"', { intervalMs: "5m" }],
    ["options.seed must be a finite number, not a symbol", { seed: Symbol("s") }],
    ["options.drainMs must be a non-negative number, not -1", { drainMs: -1 }],
    ["options.onProgress must be a function, not 1", { onProgress: 1 }],
    ["options.pool must be an object, not []", { pool: [] }],
    ["options.pool.taskSlotsPerNode must be a whole number from 1 to 256, not 0", { pool: { taskSlotsPerNode: 0 } }],
    ["options.pool.maxDedicated must be a whole number of nodes from 0 to 100,000, not NaN", { pool: { maxDedicated: Number.NaN } }],
    ['options.pool.preemption.recoveryMs must be a non-negative number, not {"toString":0}', { pool: { preemption: { recoveryMs: { toString: 0 } } } }],
    ["options must be an object, not 5", 5],
  ] as const)("simulate: %s (R505)", (message, options) => {
    const r = lib.simulate(FORMULA, tasks, options as never);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`R505 ${message}`]);
  });
  it.each([
    ['options.keepRuns must be true or false, not "yes"', { keepRuns: "yes" }],
    ["options.taskSlotsPerNode must be a whole number from 1 to 256, not 1.5", { taskSlotsPerNode: 1.5 }],
    ["options.intervalMs must be a number, not an object", { intervalMs: cycle }],
  ] as const)("replay: %s (R505)", (message, options) => {
    expect(lib.replay(FORMULA, store, options as never).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`R505 ${message}`]);
  });
  it("Infinity is a valid retention (not a quota: issue 9); unknown fields are ignored", () => {
    const r = lib.simulate(FORMULA, tasks, { pool: { maxDedicated: 5_000, defaultRetentionMs: Infinity }, colour: "blue" } as never);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.summary).toBeDefined();
  });
});
