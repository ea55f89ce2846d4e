// Issue 9: unbounded simulations. $TargetDedicatedNodes = 10000000 allocated ten million nodes
// (24 s, 4 GB); a trace spanning 20 years took 55 s and 4.9 GB; a preemption mean of 1e-300 ms
// never returned. Pools now have a quota (targets clamped, R506), spans and option ranges are
// checked up front (R505), and the engine stops a run that spins in simulated time (R505).

import { describe, expect, it } from "vitest";
import { MetricsStore } from "../../src/metrics/store.ts";
import { advanceTo, EventLimitError } from "../../src/resizer/engine.ts";
import { DEFAULT_POOL_CONFIG, Pool } from "../../src/resizer/pool.ts";
import { runClosedLoop } from "../../src/simulate/closed-loop.ts";
import { DEFAULT_POOL_QUOTA, MAX_SIMULATED_SPAN_MS } from "../../src/simulate/limits.ts";
import { replay, simulate } from "../../src/simulate/simulate.ts";
import type { Decide } from "../../src/simulate/types.ts";

const codes = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);
const ONE_TASK = "submit,duration\n0,60\n";
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

describe("issue 9: pool quota", () => {
  it("a target of ten million is clamped to the default quota of 1,000 and reported", () => {
    const t0 = performance.now();
    const r = simulate("$TargetDedicatedNodes = 10000000;", ONE_TASK);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(codes(r.diagnostics)).toEqual(["R506"]);
    expect(r.diagnostics[0]!.severity).toBe("warning");
    expect(r.diagnostics[0]!.message).toContain("$TargetDedicatedNodes=10000000");
    expect(r.summary?.peakNodes).toBe(DEFAULT_POOL_QUOTA);
    expect(r.timeline.every((e) => e.poolTargets.dedicated <= DEFAULT_POOL_QUOTA)).toBe(true);
  });

  it("the quota is configurable per kind, up to 100,000", () => {
    const r = simulate("$TargetDedicatedNodes = 50; $TargetLowPriorityNodes = 50;", ONE_TASK, { pool: { maxDedicated: 20, maxLowPriority: 30 } });
    expect(codes(r.diagnostics)).toEqual(["R506"]);
    expect(r.timeline.at(-1)?.poolTargets).toEqual({ dedicated: 20, lowPriority: 30 });
    expect(codes(simulate("$TargetDedicatedNodes = 5;", ONE_TASK, { pool: { maxDedicated: 20 } }).diagnostics)).toEqual([]);
    for (const maxDedicated of [Infinity, 100_001, -1, 2.5]) {
      expect(codes(simulate("$TargetDedicatedNodes = 5;", ONE_TASK, { pool: { maxDedicated } }).diagnostics)).toEqual(["R505"]);
    }
    expect(codes(simulate("$TargetDedicatedNodes = 5;", ONE_TASK, { pool: { initialDedicated: 1_001 } }).diagnostics)).toEqual(["R505"]);
  });
});

describe("issue 9: simulated span", () => {
  it("a trace whose last task comes 20 years after the first is refused up front", () => {
    const t0 = performance.now();
    const r = simulate("$TargetDedicatedNodes = 1;", `${ONE_TASK}${20 * 365 * 86_400},60\n`);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(codes(r.diagnostics)).toEqual(["R505"]);
    expect(r.diagnostics[0]!.message).toMatch(/at most 366 days/);
  });

  it("an end far in the future is refused; 366 days are fine", () => {
    expect(codes(simulate("$TargetDedicatedNodes = 0;", ONE_TASK, { end: START + MAX_SIMULATED_SPAN_MS + 1 }).diagnostics)).toEqual(["R505"]);
    expect(codes(simulate("$TargetDedicatedNodes = 0;", ONE_TASK, { end: 8e15 }).diagnostics)).toEqual(["R505"]);
  });

  it("a replay over more than 366 days is refused unless start and end choose a window", () => {
    const store = new MetricsStore();
    store.append("$PendingTasks", START, 1);
    store.append("$PendingTasks", START + 2 * MAX_SIMULATED_SPAN_MS, 1);
    expect(codes(replay("$TargetDedicatedNodes = 1;", store).diagnostics)).toEqual(["R505"]);
    expect(codes(replay("$TargetDedicatedNodes = 1;", store, { start: START, end: START + 24 * HOUR }).diagnostics)).toEqual([]);
  });
});

describe("issue 9: preemption rates and the engine's safety net", () => {
  it.each([1e-300, 1e-6, 0, 59_999])("meanTimeToPreemptMs %d is refused (R505)", (meanTimeToPreemptMs) => {
    const r = simulate("$TargetLowPriorityNodes = 1;", ONE_TASK, { end: Date.UTC(2024, 0, 1, 0, 10), pool: { preemption: { meanTimeToPreemptMs, recoveryMs: 0 } } });
    expect(codes(r.diagnostics)).toEqual(["R505"]);
    expect(r.diagnostics[0]!.message).toContain("meanTimeToPreemptMs must be at least 60000 ms");
  });

  it("one minute is accepted", () => {
    const r = simulate("$TargetLowPriorityNodes = 1;", ONE_TASK, { end: Date.UTC(2024, 0, 1, 2), pool: { preemption: { meanTimeToPreemptMs: 60_000, recoveryMs: 0 } } });
    expect(codes(r.diagnostics)).toEqual([]);
  });

  it("the engine stops a pool that spins at one instant (EventLimitError)", () => {
    const config = { ...DEFAULT_POOL_CONFIG, initialLowPriority: 1, preemption: { meanTimeToPreemptMs: 1e-300, recoveryMs: 0 } };
    const pool = new Pool(config, [{ submit: 0, duration: 60_000 }], 0);
    expect(() => advanceTo(pool, 10 * 60_000)).toThrow(EventLimitError);
  });

  it("the closed loop turns the safety net into R505 when the options were not validated", () => {
    const decide: Decide = () => ({ run: { timestamp: "", results: "" }, targets: { dedicated: 0, lowPriority: 1, deallocation: "requeue" } });
    const t0 = performance.now();
    const r = runClosedLoop(decide, [{ submit: START, duration: 60_000 }], { start: START, end: START + HOUR, pool: { preemption: { meanTimeToPreemptMs: 1e-300, recoveryMs: 0 }, allocationDelayMs: 0 } });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(codes(r.diagnostics)).toEqual(["R505"]);
    expect(r.diagnostics[0]!.message).toMatch(/events within one simulated minute/);
  });
});
