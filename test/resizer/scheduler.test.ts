// Scheduler: FIFO with slot widths, unschedulable tasks, seeded preemption.
import { describe, expect, it } from "vitest";
import { departures, makePool, outcomes, resizeNow, runTo, task } from "./helpers.ts";

describe("dispatch", () => {
  it("packs tasks onto the oldest node with room, honouring slot widths, strictly FIFO", () => {
    // 2 nodes × 4 slots. W (3 slots) → n0; X (2) does not fit n0 (1 left) → n1; Y (3) fits nowhere
    // (n0 has 1, n1 has 2) so it waits, and Z (1) behind it waits too (no backfilling).
    const pool = makePool([task("W", 0, 10, { slots: 3 }), task("X", 0, 30, { slots: 2 }), task("Y", 0, 10, { slots: 3 }), task("Z", 0, 10)], {
      initialDedicated: 2,
      taskSlotsPerNode: 4,
    });
    runTo(pool, 1);
    expect(outcomes(pool)).toEqual({ W: "running 0→- on n0", X: "running 0→- on n1", Y: "queued -→-", Z: "queued -→-" });
    runTo(pool, 10);
    // W ends at 10 → n0 has 4 free: Y (3) then Z (1) both go to n0.
    expect(outcomes(pool)).toEqual({ W: "succeeded 0→10", X: "running 0→- on n1", Y: "running 10→- on n0", Z: "running 10→- on n0" });
  });

  it("fails a task wider than a node instead of blocking the queue forever", () => {
    const pool = makePool([task("big", 0, 10, { slots: 5 }), task("ok", 0, 10)], { initialDedicated: 1, taskSlotsPerNode: 4 });
    runTo(pool, 30);
    expect(outcomes(pool)).toEqual({ big: "failed -→0 (unschedulable: needs 5 slots, nodes have 4)", ok: "succeeded 0→10" });
    expect(pool.unschedulable).toBe(1);
  });
});

describe("preemption", () => {
  const config = { initialLowPriority: 2, preemption: { meanTimeToPreemptMs: 20 * 60_000, recoveryMs: 15 * 60_000 }, seed: 42 };
  const specs = Array.from({ length: 12 }, (_, i) => task(`t${i}`, i * 3, 25));

  it("requeues the tasks of a preempted node to the front and finishes every task", () => {
    const pool = makePool(specs, config);
    runTo(pool, 2000);
    expect(pool.requeuedByPreemption).toBeGreaterThan(0);
    expect(pool.succeeded).toBe(12);
    expect(pool.tasks.every((t) => t.retries === 0)).toBe(true);
    expect(pool.tasks.some((t) => t.requeues > 0)).toBe(true);
  });

  it("is reproducible with the same seed and differs with another", () => {
    const a = makePool(specs, config);
    const b = makePool(specs, config);
    const c = makePool(specs, { ...config, seed: 7 });
    for (const p of [a, b, c]) runTo(p, 2000);
    expect(outcomes(a)).toEqual(outcomes(b));
    expect(outcomes(a)).not.toEqual(outcomes(c));
  });

  it("a preempted node counts in the pool and is removed before usable nodes", () => {
    const pool = makePool([task("A", 0, 500)], { ...config, preemption: { meanTimeToPreemptMs: 1, recoveryMs: 60 * 60_000 }, initialLowPriority: 1 });
    runTo(pool, 0.5);
    expect(pool.counts.lowPriority.preempted).toBe(1);
    expect(pool.current("lowPriority")).toBe(1);
    // A started at 0 and was put back at the front when the node was preempted.
    expect(outcomes(pool).A).toBe("queued 0→- requeued×1");
    resizeNow(pool, { lowPriority: 0 });
    expect(departures(pool)).toEqual({ n0: "left 0.5" });
  });
});
