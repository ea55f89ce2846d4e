// Resizer rules other than the deallocation options: target coercion, removal order, growth.
import { describe, expect, it } from "vitest";
import { normalizeTarget } from "../../src/resizer/resize.ts";
import { departures, makePool, MIN, outcomes, resizeNow, runTo, task } from "./helpers.ts";

describe("normalizeTarget (spec §6.6, §11.3)", () => {
  it.each([
    [2.9, 2],
    [0.5, 0],
    [3, 3],
    [-3, 0],
    [-0.5, 0],
    [0, 0],
    [NaN, undefined],
    [Infinity, undefined],
    [-Infinity, undefined],
  ])("%s → %s", (input, expected) => {
    expect(normalizeTarget(input)).toBe(expected);
  });
});

describe("resize", () => {
  it("refuses NaN/Infinity targets and leaves the pool unchanged", () => {
    const pool = makePool([], { initialDedicated: 2 });
    const r = resizeNow(pool, { dedicated: NaN, lowPriority: 1 });
    expect(r.applied).toBe(false);
    expect(r.refused).toMatch(/TargetDedicatedNodes=NaN/);
    expect(pool.targetDedicated).toBe(2);
    expect(pool.targetLowPriority).toBe(0);
    expect(pool.active.length).toBe(2);
  });

  it("truncates fractional targets and allocates after the allocation delay", () => {
    const pool = makePool([task("A", 0, 10)]);
    runTo(pool, 1);
    const r = resizeNow(pool, { dedicated: 2.9, lowPriority: 1.5 });
    expect(r.target).toEqual({ dedicated: 2, lowPriority: 1 });
    expect(pool.counts.dedicated.allocating).toBe(2);
    expect(pool.current("dedicated")).toBe(2);
    runTo(pool, 5.99);
    expect(outcomes(pool).A).toBe("queued -→-");
    runTo(pool, 6);
    expect(outcomes(pool).A).toBe("running 6→- on n0");
    expect(pool.counts.lowPriority.idle).toBe(1);
  });

  it("removes idle nodes first, newest first, then running ones", () => {
    const pool = makePool([task("A", 0, 100)], { initialDedicated: 4 });
    runTo(pool, 10);
    const r = resizeNow(pool, { dedicated: 2, deallocation: "terminate" });
    expect(r.removed.map((n) => n.id)).toEqual([3, 2]);
    expect(r.terminated).toEqual([]);
    resizeNow(pool, { dedicated: 0, deallocation: "terminate" });
    expect(departures(pool)).toEqual({ n0: "left 10", n1: "left 10", n2: "left 10", n3: "left 10" });
  });

  it("cancels nodes still allocating before removing usable ones", () => {
    const pool = makePool([], { initialDedicated: 1 });
    resizeNow(pool, { dedicated: 3 });
    runTo(pool, 1);
    const r = resizeNow(pool, { dedicated: 1 });
    expect(r.removed.map((n) => n.id)).toEqual([2, 1]);
    runTo(pool, 10);
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 1", n2: "left 1" });
  });

  it("clamps a target above the quota to it and says what was asked (issue 9)", () => {
    const pool = makePool([], { maxDedicated: 3 });
    const r = resizeNow(pool, { dedicated: 10 });
    expect(r.target.dedicated).toBe(3);
    expect(r.clamped).toEqual({ dedicated: 10, lowPriority: 0 });
    expect(pool.targetDedicated).toBe(3);
    expect(r.added.dedicated).toBe(3);
    expect(pool.current("dedicated")).toBe(3);
    expect(resizeNow(pool, { dedicated: 2 }).clamped).toBeUndefined();
  });

  it("with no allocation delay nodes are usable at once", () => {
    const pool = makePool([task("A", 0, 10)], { allocationDelayMs: 0 });
    resizeNow(pool, { dedicated: 1 });
    runTo(pool, 0);
    expect(outcomes(pool).A).toBe("running 0→- on n0");
    expect(pool.tasks[0]!.wait).toBe(0);
    runTo(pool, 20);
    expect(pool.tasks[0]!.end).toBe(10 * MIN);
  });
});
