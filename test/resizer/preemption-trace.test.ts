// Preemption from a trace (pool.preemption.events): the events fire at their times, take the
// asked number of usable low-priority nodes (chosen by the seeded generator), requeue their tasks,
// and the nodes recover after recoveryMs.
import { describe, expect, it } from "vitest";
import type { PreemptionEvent } from "../../src/resizer/pool.ts";
import { makePool, MIN, outcomes, runTo, task } from "./helpers.ts";

const trace = (events: PreemptionEvent[], recoveryMin = 30) => ({ preemption: { events, recoveryMs: recoveryMin * MIN } });
const preemptedIds = (pool: ReturnType<typeof makePool>) => pool.nodes.filter((n) => n.state === "preempted").map((n) => n.id);

describe("preemption from a trace", () => {
  it("preempts the asked number of usable low-priority nodes at the event's time, never before", () => {
    const pool = makePool([], { initialLowPriority: 5, initialDedicated: 2, ...trace([{ time: 10 * MIN, count: 3 }]) });
    runTo(pool, 9.99);
    expect(pool.counts.lowPriority.preempted).toBe(0);
    runTo(pool, 10);
    expect(pool.counts.lowPriority.preempted).toBe(3);
    expect(pool.counts.lowPriority.idle).toBe(2);
    // dedicated nodes are never preempted; preempted nodes stay in the pool (and its count)
    expect(pool.counts.dedicated.idle).toBe(2);
    expect(pool.current("lowPriority")).toBe(5);
  });

  it("count defaults to 1, and an event asking for more nodes than are usable takes them all", () => {
    const pool = makePool([], { initialLowPriority: 3, ...trace([{ time: 1 * MIN }, { time: 2 * MIN, count: 50 }]) });
    runTo(pool, 1);
    expect(pool.counts.lowPriority.preempted).toBe(1);
    runTo(pool, 2);
    expect(pool.counts.lowPriority.preempted).toBe(3);
  });

  it("requeues the running tasks of a preempted node to the front; they restart on the nodes left", () => {
    // 2 low-priority nodes, A on n0, B on n1; at minute 5 one node is preempted (recovers at 35).
    const pool = makePool([task("A", 0, 20), task("B", 0, 20)], { initialLowPriority: 2, ...trace([{ time: 5 * MIN }]) });
    runTo(pool, 5);
    expect(pool.requeuedByPreemption).toBe(1);
    const o = outcomes(pool);
    const requeued = Object.entries(o).find(([, s]) => s.includes("requeued×1"));
    expect(requeued?.[1]).toBe("queued 0→- requeued×1");
    // the requeued task waits for the other node (free at 20), the preempted one is back at 35
    runTo(pool, 20);
    expect(outcomes(pool)[requeued![0]]).toMatch(/^running 20→- on n\d/);
    runTo(pool, 35);
    expect(pool.counts.lowPriority.preempted).toBe(0);
    runTo(pool, 60);
    expect(pool.succeeded).toBe(2);
    expect(pool.tasks.every((t) => t.retries === 0)).toBe(true);
  });

  it("chooses among idle and running nodes only: allocating, leaving and preempted nodes are not taken", () => {
    // At minute 1 two nodes are preempted; at minute 2 another two are asked for but only one is usable.
    const pool = makePool([], { initialLowPriority: 3, ...trace([{ time: 1 * MIN, count: 2 }, { time: 2 * MIN, count: 2 }], 60) });
    pool.addNode("lowPriority", 0, false); // allocating until minute 5
    runTo(pool, 2);
    expect(pool.counts.lowPriority.preempted).toBe(3);
    expect(pool.counts.lowPriority.allocating).toBe(1);
  });

  it("ignores events before the pool's start; events at the same instant add up", () => {
    const pool = makePool([], { initialLowPriority: 6, ...trace([{ time: -5 * MIN, count: 4 }, { time: 3 * MIN }, { time: 3 * MIN, count: 2 }]) });
    runTo(pool, 3);
    expect(pool.counts.lowPriority.preempted).toBe(3);
  });

  it("fires unsorted events in time order", () => {
    const pool = makePool([], { initialLowPriority: 6, ...trace([{ time: 9 * MIN, count: 2 }, { time: 4 * MIN }]) });
    runTo(pool, 4);
    expect(pool.counts.lowPriority.preempted).toBe(1);
    runTo(pool, 9);
    expect(pool.counts.lowPriority.preempted).toBe(3);
  });

  it("is reproducible with the same seed and picks other nodes with another", () => {
    const events = [{ time: 1 * MIN, count: 3 }];
    const picks = (seed: number) => {
      const pool = makePool([], { initialLowPriority: 20, seed, ...trace(events) });
      runTo(pool, 1);
      return preemptedIds(pool);
    };
    expect(picks(1)).toEqual(picks(1));
    expect(picks(1)).toHaveLength(3);
    const seen = new Set([1, 2, 3, 4, 5].map((s) => picks(s).join(",")));
    expect(seen.size).toBeGreaterThan(1);
  });

  it("a recovered node is not preempted again without another event (no rate behind the trace)", () => {
    const pool = makePool([], { initialLowPriority: 1, ...trace([{ time: 1 * MIN }], 10) });
    runTo(pool, 11);
    expect(pool.counts.lowPriority.idle).toBe(1);
    runTo(pool, 24 * 60);
    expect(pool.counts.lowPriority.idle).toBe(1);
    expect(pool.nodes[0]!.preemptedMs).toBe(10 * MIN);
  });
});
