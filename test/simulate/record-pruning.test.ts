// A formula's dry-run records only the metric series the formula reads (and $UsableNodeCount);
// the others are made on first read by re-running the pool with the decisions taken. Whatever a
// caller reads must be what a run recording every series gives: timeline, summary, samples.
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/resizer/rng.ts";
import type { TaskSpec } from "../../src/resizer/pool.ts";
import { markReads } from "../../src/simulate/decide.ts";
import { storeToCsv, timelineToCsv } from "../../src/simulate/export.ts";
import { formulaDecide } from "../../src/simulate/formula-decide.ts";
import { replay, simulate, type SimulateOptions } from "../../src/simulate/simulate.ts";
import type { ClosedLoopResult } from "../../src/simulate/closed-loop.ts";
import type { Decide } from "../../src/simulate/types.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function workload(n: number, days: number, seed: number): TaskSpec[] {
  const rng = createRng(seed);
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < n; i++) tasks.push({ submit: Math.floor(rng() * days * DAY), duration: MIN + Math.floor(rng() * 20 * MIN), slots: 1 + Math.floor(rng() * 2) });
  return tasks; // unsorted on purpose
}

// Reads only $PendingTasks; fails while the 10-minute window is short of samples (failed
// evaluations leave the pool unchanged), asks for low-priority nodes (preempted below).
const PENDING_ONLY = `
$w = $PendingTasks.GetSample(TimeInterval_Minute * 10, 90);
$TargetDedicatedNodes = min(20, ceil(avg($w) / 4));
$TargetLowPriorityNodes = min(6, $PendingTasks.GetSample(1) / 8);
$NodeDeallocationOption = max($PendingTasks.GetSample(1)) > 30 ? requeue : taskcompletion;
`;

const OPTIONS: SimulateOptions = {
  start: 0,
  intervalMs: 5 * MIN,
  seed: 4,
  pool: { taskSlotsPerNode: 2, preemption: { meanTimeToPreemptMs: 60 * MIN, recoveryMs: 10 * MIN } },
};

/** The same formula as a decision function the loop knows nothing about: every series recorded. */
function unmarked(): Decide {
  const { decide } = formulaDecide(PENDING_ONLY);
  return (c) => decide!(c);
}

const samplesOf = (r: ClosedLoopResult) => r.store.names().map((n) => [n, [...r.store.get(n).times], [...r.store.get(n).values]]);

describe("a formula's dry-run records only what it reads", () => {
  const tasks = workload(1_500, 2, 12);

  it("does not record the series the formula cannot read while it runs", () => {
    const { decide } = formulaDecide(PENDING_ONLY);
    let seen = -1;
    const spy = markReads((c) => {
      seen = Math.max(seen, c.store.get("$ActiveTasks").length);
      return decide!(c);
    }, ["$PendingTasks"]);
    const r = simulate(spy, tasks, OPTIONS);
    expect(seen).toBe(0);
    expect(r.store.get("$ActiveTasks").length).toBeGreaterThan(1_000); // made on first read
  });

  it("gives the same timeline, summary and samples as a run recording every series", () => {
    const pruned = simulate(PENDING_ONLY, tasks, OPTIONS);
    const full = simulate(unmarked(), tasks, OPTIONS);
    expect(pruned.diagnostics).toEqual(full.diagnostics);
    expect(pruned.summary).toEqual(full.summary);
    expect(pruned.summary!.evaluationErrors).toBeGreaterThan(0);
    expect(pruned.summary!.tasks.requeuedByPreemption).toBeGreaterThan(0);
    expect(timelineToCsv(pruned.timeline)).toBe(timelineToCsv(full.timeline));
    expect(JSON.stringify(pruned.timeline)).toBe(JSON.stringify(full.timeline));
    // Every series is listed, in the same order, before and after the deferred ones are made.
    expect(pruned.store.names()).toEqual(full.store.names());
    expect(pruned.store.names()).toHaveLength(11);
    expect(samplesOf(pruned)).toEqual(samplesOf(full));
    expect(storeToCsv(pruned.store)).toBe(storeToCsv(full.store));
  });

  it("samples read first through the CSV export and a replay are all there", () => {
    const full = simulate(unmarked(), tasks, OPTIONS);
    const pruned = simulate(PENDING_ONLY, tasks, OPTIONS);
    expect(storeToCsv(pruned.store)).toBe(storeToCsv(full.store));
    const again = simulate(PENDING_ONLY, tasks, OPTIONS);
    const cpu = "$CurrentDedicatedNodes.GetSample(1) > 0 ? $TargetDedicatedNodes : 1";
    const a = replay(`$TargetDedicatedNodes = ${cpu}; $x = avg($CPUPercent.GetSample(1));`, again.store, { intervalMs: 5 * MIN, keepRuns: true });
    const b = replay(`$TargetDedicatedNodes = ${cpu}; $x = avg($CPUPercent.GetSample(1));`, full.store, { intervalMs: 5 * MIN, keepRuns: true });
    expect(JSON.stringify(a.entries)).toBe(JSON.stringify(b.entries));
  });

  it("a series replaced or appended to before being read behaves as in a full store", () => {
    const pruned = simulate(PENDING_ONLY, tasks, OPTIONS);
    const full = simulate(unmarked(), tasks, OPTIONS);
    for (const r of [pruned, full]) r.store.append("$RunningTasks", 10 * DAY, 7);
    expect([...pruned.store.get("$RunningTasks").values]).toEqual([...full.store.get("$RunningTasks").values]);
    expect(pruned.store.names()).toEqual(full.store.names());
  });
});
