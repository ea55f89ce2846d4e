// config.forgetLeftNodes: a pool that runs for ever keeps at most the nodes it had at once, and a
// reused id never answers to the events of the node that held it before.
import { describe, expect, it } from "vitest";
import { simulatedDriver } from "../../src/control/driver.ts";
import { makePool, MIN, resizeNow, runTo, task } from "./helpers.ts";

describe("forgetLeftNodes", () => {
  it("reuses the ids of nodes that left: memory bounded by the pool's size, not its history", () => {
    const kept = makePool([], { allocationDelayMs: MIN });
    const forgot = makePool([], { allocationDelayMs: MIN, forgetLeftNodes: true });
    for (const pool of [kept, forgot]) {
      for (let i = 0; i < 100; i++) {
        runTo(pool, i * 5);
        resizeNow(pool, { dedicated: 2 + (i % 2) });
      }
      runTo(pool, 500);
    }
    expect(kept.nodes.length).toBe(52);
    expect(forgot.nodes.length).toBe(3);
    // The same pool either way: counts, targets and the nodes in it.
    expect(forgot.counts).toEqual(kept.counts);
    expect(forgot.active.map((n) => [n.kind, n.state, n.requestedAt])).toEqual(kept.active.map((n) => [n.kind, n.state, n.requestedAt]));
    for (const n of forgot.nodes) expect(forgot.nodes[n.id]).toBe(n);
  });

  it("a node that reuses an id is not made ready by the allocation event of the node before it", () => {
    const pool = makePool([], { allocationDelayMs: 10 * MIN, forgetLeftNodes: true });
    resizeNow(pool, { dedicated: 1 }); // node 0 allocating, ready at 10 min
    runTo(pool, 2);
    resizeNow(pool, { dedicated: 0 }); // cancelled before it was ready: leaves at once
    runTo(pool, 4);
    resizeNow(pool, { dedicated: 1 }); // takes id 0, ready at 14 min
    expect(pool.active.map((n) => n.id)).toEqual([0]);
    runTo(pool, 12);
    expect(pool.counts.dedicated.allocating).toBe(1);
    expect(pool.counts.dedicated.idle).toBe(0);
    runTo(pool, 14);
    expect(pool.counts.dedicated.idle).toBe(1);
  });

  it("is ignored by a pool with tasks (their history names the nodes they ran on)", () => {
    const pool = makePool([task("A", 0, 1)], { allocationDelayMs: MIN, forgetLeftNodes: true });
    resizeNow(pool, { dedicated: 1 });
    runTo(pool, 5);
    resizeNow(pool, { dedicated: 0 });
    runTo(pool, 6);
    resizeNow(pool, { dedicated: 1 });
    expect(pool.tasks[0]!.state).toBe("succeeded");
    expect(pool.nodes.map((n) => [n.id, n.state])).toEqual([[0, "left"], [1, "allocating"]]);
  });

  it("the control plane's simulated pools forget the nodes that left", () => {
    const driver = simulatedDriver({ allocationDelayMs: MIN });
    driver.create("p", { taskSlotsPerNode: 1, targetDedicatedNodes: 2, targetLowPriorityNodes: 0 }, 0, false);
    for (let i = 1; i <= 200; i++) driver.resize("p", { dedicated: 2 + (i % 2), lowPriority: 0, deallocation: "requeue" }, i * 5 * MIN);
    expect(driver.state("p", 1_001 * MIN)).toEqual({ currentDedicatedNodes: 2, currentLowPriorityNodes: 0, allocationState: "steady" });
    expect(driver.pool("p")!.nodes.length).toBe(3);
  });
});
