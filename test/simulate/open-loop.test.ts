// Open-loop replay: evaluation instants, target feed-forward, recorded pool sizes, errors.
import { describe, expect, it } from "vitest";
import { MetricsStore } from "../../src/metrics/store.ts";
import { runOpenLoop } from "../../src/simulate/open-loop.ts";
import { replay } from "../../src/simulate/simulate.ts";
import type { Decide } from "../../src/simulate/types.ts";

const MIN = 60_000;

function store(minutes: number): MetricsStore {
  const s = new MetricsStore();
  for (let i = 0; i <= minutes * 2; i++) {
    s.append("$PendingTasks", i * 30_000, i % 20);
    s.append("$CurrentDedicatedNodes", i * 30_000, 7);
  }
  return s;
}

describe("runOpenLoop", () => {
  it("evaluates at start, start + interval, … and feeds the chosen targets forward", () => {
    const seen: number[] = [];
    const decide: Decide = ({ now, pool }) => {
      seen.push(pool.targetDedicatedNodes);
      return { run: { timestamp: new Date(now).toISOString(), results: "" }, targets: { dedicated: pool.targetDedicatedNodes + 1.7, lowPriority: -1, deallocation: "requeue" } };
    };
    const r = runOpenLoop(decide, store(60), { intervalMs: 15 * MIN, targetDedicatedNodes: 2 });
    expect(r.entries.map((e) => e.time / MIN)).toEqual([0, 15, 30, 45, 60]);
    // 2 → trunc(3.7)=3 → trunc(4.7)=4 …; negatives become 0
    expect(seen).toEqual([2, 3, 4, 5, 6]);
    expect(r.entries.map((e) => e.poolTargets)).toEqual([3, 4, 5, 6, 7].map((d) => ({ dedicated: d, lowPriority: 0 })));
    // pool sizes come from the recorded series when present, else from the targets
    expect(r.entries.every((e) => e.current.dedicated === 7 && e.current.lowPriority === 0 + (e.time === 0 ? 0 : e.poolTargets.lowPriority))).toBe(true);
  });

  it("keeps targets on a failed evaluation and counts it", () => {
    let i = 0;
    const decide: Decide = ({ now }) =>
      i++ === 1
        ? { run: { timestamp: String(now), results: "", error: { code: "InsufficientSampleData", message: "m", values: [] } }, targets: undefined }
        : { run: { timestamp: String(now), results: "" }, targets: { dedicated: 10 * i, lowPriority: 0, deallocation: "requeue" } };
    const r = runOpenLoop(decide, store(30), { intervalMs: 15 * MIN });
    expect(r.evaluationErrors).toBe(1);
    expect(r.entries.map((e) => e.poolTargets.dedicated)).toEqual([10, 10, 30]);
  });

  it("refuses an interval outside 5 min … 168 h (R501) and an empty store", () => {
    expect(runOpenLoop(() => ({ run: undefined, targets: undefined }), store(10), { intervalMs: 4 * MIN }).diagnostics[0]?.code).toBe("R501");
    expect(runOpenLoop(() => ({ run: undefined, targets: undefined }), new MetricsStore(), {}).diagnostics[0]?.code).toBe("R505");
  });
});

describe("replay (formula)", () => {
  const formula = "$TargetDedicatedNodes = max($PendingTasks.GetSample(1)) / 2;";

  it("chooses the targets the formula computes from the visible samples (60 s availability delay)", () => {
    const r = replay(formula, store(60), { intervalMs: 15 * MIN });
    expect(r.diagnostics).toEqual([]);
    // at t = 15 min the newest visible sample is t = 14 min, i = 28 → value 8 → target 4
    expect(r.entries[1]?.poolTargets.dedicated).toBe(4);
    expect(r.entries[1]?.run?.results).toBe("$TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
  });

  it("gives the same targets with and without keeping the runs", () => {
    const a = replay(formula, store(600), { intervalMs: 5 * MIN });
    const b = replay(formula, store(600), { intervalMs: 5 * MIN, keepRuns: false });
    expect(b.entries.map((e) => e.poolTargets)).toEqual(a.entries.map((e) => e.poolTargets));
    // t = 0 sees no sample yet (max of an empty vector fails): only failed runs are kept
    expect(b.entries.filter((e) => e.run !== undefined).map((e) => e.run?.error?.code)).toEqual(["AutoScalingFormulaEvaluationError"]);
    expect(b.evaluationErrors).toBe(a.evaluationErrors);
  });

  it("reports formula errors as diagnostics", () => {
    const r = replay("$TargetDedicatedNodes = ;", store(10));
    expect(r.entries).toEqual([]);
    expect(r.diagnostics[0]?.code).toMatch(/^P/);
  });
});
