// Closed loop: schedule of evaluations and samples, recorded metrics, failures, stopping rules.
import { describe, expect, it } from "vitest";
import { runClosedLoop } from "../../src/simulate/closed-loop.ts";
import { simulate } from "../../src/simulate/simulate.ts";
import type { Decide, EvaluatedTargets } from "../../src/simulate/types.ts";

const MIN = 60_000;
const fixed = (targets: Partial<EvaluatedTargets>): Decide => ({ now, pool }) => ({
  run: { timestamp: new Date(now).toISOString(), results: "" },
  targets: { dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes, deallocation: "requeue", ...targets },
});
const task = (submitMin: number, durationMin: number) => ({ submit: submitMin * MIN, duration: durationMin * MIN });

describe("runClosedLoop", () => {
  it.each([
    [4 * MIN, "R501"],
    [169 * 60 * MIN, "R501"],
    [NaN, "R501"],
  ])("refuses interval %s ms", (intervalMs, code) => {
    const r = runClosedLoop(fixed({}), [], { intervalMs });
    expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
    expect(r.summary).toBeUndefined();
  });

  it.each([5 * MIN, 168 * 60 * MIN])("accepts interval %s ms (inclusive bounds)", (intervalMs) => {
    expect(runClosedLoop(fixed({}), [], { intervalMs, start: 0, end: 10 * MIN }).diagnostics).toEqual([]);
  });

  it("evaluates at enable time and then every interval; or first after one interval", () => {
    const times = (evaluateAtEnable: boolean) =>
      runClosedLoop(fixed({}), [], { start: 0, end: 30 * MIN, intervalMs: 10 * MIN, evaluateAtEnable, drainMs: Infinity }).timeline.map((e) => e.time / MIN);
    expect(times(true)).toEqual([0, 10, 20, 30]);
    expect(times(false)).toEqual([10, 20, 30]);
  });

  it("records the service's metrics every 30 s from the enable time", () => {
    // 1 node, 1 slot; A 0–10 min, B queued until 10, runs 10–15.
    const r = runClosedLoop(fixed({}), [task(0, 10), task(0, 5)], { start: 0, end: 20 * MIN, pool: { initialDedicated: 1 }, cpuNoise: 0, drainMs: Infinity });
    const at = (name: string, min: number) => {
      const s = r.store.get(name);
      const i = s.lowerBound(min * MIN);
      return s.timeAt(i) === min * MIN ? s.valueAt(i) : undefined;
    };
    expect(r.store.get("$PendingTasks").length).toBe(41); // 0, 0.5, … 20 min
    expect([at("$ActiveTasks", 5), at("$RunningTasks", 5), at("$PendingTasks", 5)]).toEqual([1, 1, 2]);
    expect([at("$ActiveTasks", 12), at("$RunningTasks", 12), at("$PendingTasks", 12)]).toEqual([0, 1, 1]);
    // completions are counted in the 30-s period in which they happen
    expect([at("$SucceededTasks", 10), at("$SucceededTasks", 10.5), at("$SucceededTasks", 15)]).toEqual([1, 0, 1]);
    expect([at("$CPUPercent", 5), at("$CPUPercent", 16)]).toEqual([100, 0]);
    expect([at("$UsableNodeCount", 5), at("$SampleNodeCount", 5), at("$PreemptedNodeCount", 5), at("$CurrentDedicatedNodes", 5)]).toEqual([1, 1, 0, 1]);
  });

  it("records no $CPUPercent sample while no node reports", () => {
    const r = runClosedLoop(fixed({}), [], { start: 0, end: 5 * MIN, drainMs: Infinity });
    expect(r.store.get("$CPUPercent").length).toBe(0);
    expect(r.store.get("$ActiveTasks").length).toBe(11);
  });

  it("a failed or throwing evaluation leaves the pool unchanged and is counted", () => {
    let k = 0;
    const decide: Decide = (ctx) => {
      k++;
      if (k === 2) throw new Error("boom");
      if (k === 3) return { run: { timestamp: "", results: "", error: { code: "InsufficientSampleData", message: "m", values: [] } }, targets: { dedicated: 99, lowPriority: 0, deallocation: "requeue" } };
      return fixed({ dedicated: k })(ctx);
    };
    const r = runClosedLoop(decide, [], { start: 0, end: 45 * MIN, drainMs: Infinity });
    expect(r.timeline.map((e) => e.poolTargets.dedicated)).toEqual([1, 1, 1, 4]);
    expect(r.timeline[1]?.run.error?.code).toBe("SimulatorDecideError");
    expect(r.timeline[2]?.applied).toBe(false);
    expect(r.summary?.evaluationErrors).toBe(2);
  });

  it("refuses NaN/Infinity targets without an evaluation error", () => {
    const r = runClosedLoop(fixed({ dedicated: Infinity }), [], { start: 0, end: 0, pool: { initialDedicated: 2 } });
    expect(r.timeline[0]).toMatchObject({ applied: false, poolTargets: { dedicated: 2, lowPriority: 0 } });
    expect(r.timeline[0]?.note).toMatch(/Infinity/);
    expect(r.summary?.refusedTargets).toBe(1);
  });

  it("stops one drain period after the last task, bills nodes until they leave", () => {
    const r = runClosedLoop(fixed({ dedicated: 2 }), [task(0, 30)], { start: 0, intervalMs: 5 * MIN, pool: { initialDedicated: 2 } });
    // done at 30 min → stop at the first evaluation ≥ 90 min
    expect(r.summary?.end).toBe(90 * MIN);
    expect(r.summary?.nodeHours.dedicated).toBe(3);
    expect(r.summary?.demand.hoursAbove).toBeCloseTo(1.5 + 1 / 120, 6); // 2 usable vs demand 1 then 0, 181 samples
  });

  it("reports unschedulable tasks as an R504 warning", () => {
    const r = runClosedLoop(fixed({ dedicated: 1 }), [{ submit: 0, duration: MIN, slots: 3, id: "wide" }], { start: 0, pool: { taskSlotsPerNode: 2 } });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["R504", "warning"]]);
    expect(r.diagnostics[0]?.message).toContain("'wide'");
    expect(r.summary?.tasks.unschedulable).toBe(1);
  });
});

describe("simulate (façade)", () => {
  it("places relative traces at the default start and absolute ones at the hour of the first task", () => {
    const rel = simulate("$TargetDedicatedNodes = 1;", "0,60\n");
    expect(rel.summary?.start).toBe(Date.UTC(2024, 0, 1));
    const abs = simulate("$TargetDedicatedNodes = 1;", "2024-03-04T07:42:00Z,60\n");
    expect(abs.summary?.start).toBe(Date.UTC(2024, 2, 4, 7));
  });

  it("returns diagnostics instead of throwing on bad input", () => {
    expect(simulate("$TargetDedicatedNodes = ", "0,1\n").diagnostics[0]?.code).toMatch(/^P/);
    expect(simulate("$TargetDedicatedNodes = 1;", "x,1\n").diagnostics[0]?.code).toBe("R502");
    expect(simulate("$TargetDedicatedNodes = 1;", [{ submit: 0, duration: -1 }]).diagnostics[0]?.code).toBe("R502");
    // @ts-expect-error: wrong types on purpose
    expect(() => simulate(42, null)).not.toThrow();
  });

  it("a formula's evaluation errors appear in the timeline, not as diagnostics", () => {
    const r = simulate("$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 10));", "0,600\n", { intervalMs: 5 * MIN });
    expect(r.diagnostics).toEqual([]);
    expect(r.timeline[0]?.run.error?.code).toBe("InsufficientSampleData");
    expect(r.summary?.evaluationErrors).toBeGreaterThan(0);
  });
});
