// Each $NodeDeallocationOption on one hand-built scenario (spec §7, §11.6). Expected outcomes are
// worked out by hand in the comments, not recorded from a run.
//
// Scenario: 3 dedicated nodes n0, n1, n2 (1 slot each) usable at t=0. Tasks (minutes):
//   A submit 0, 60 long → n0 at 0     B submit 5, 60 long → n1 at 5
//   C submit 10, 60 long → n2 at 10   D submit 15, 10 long → queued (no free slot)
// At t=20 the target drops to 1. All three nodes are running; work lost so far is
// n0 20 min, n1 15 min, n2 10 min, so n2 then n1 leave (least work lost) and n0 stays.
import { describe, expect, it } from "vitest";
import { TERMINATED_BY_RESIZE } from "../../src/resizer/pool.ts";
import { departures, makePool, MIN, outcomes, resizeNow, runTo, task } from "./helpers.ts";

const T = TERMINATED_BY_RESIZE;

function scenario(retention: { B?: number } = {}) {
  const pool = makePool([task("A", 0, 60), task("B", 5, 60, { retentionMin: retention.B ?? 0 }), task("C", 10, 60), task("D", 15, 10)], {
    initialDedicated: 3,
  });
  runTo(pool, 20);
  expect(outcomes(pool)).toEqual({ A: "running 0→- on n0", B: "running 5→- on n1", C: "running 10→- on n2", D: "queued -→-" });
  return pool;
}

describe("deallocation options", () => {
  it("requeue: B and C go back to the front of the queue (before D), retry count unchanged; n1, n2 leave at once", () => {
    const pool = scenario();
    const r = resizeNow(pool, { dedicated: 1, deallocation: "requeue" });
    expect(r.removed.map((n) => n.id)).toEqual([2, 1]);
    expect(r.requeued.map((t) => t.id).sort()).toEqual(["B", "C"]);
    expect(pool.queue.toArray().map((t) => t.id)).toEqual(["B", "C", "D"]);
    runTo(pool, 300);
    // n0 frees at 60 → B 60–120, C 120–180, D 180–190.
    expect(outcomes(pool)).toEqual({
      A: "succeeded 0→60",
      B: "succeeded 60→120 requeued×1",
      C: "succeeded 120→180 requeued×1",
      D: "succeeded 180→190",
    });
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 20", n2: "left 20" });
    const b = pool.tasks.find((t) => t.id === "B")!;
    expect(b.retries).toBe(0);
    expect(b.firstStart / MIN).toBe(5);
    // queued 5→5 then 20→60
    expect(b.wait / MIN).toBe(40);
    expect(pool.requeuedByResize).toBe(2);
  });

  it("terminate: B and C complete as failed 'terminated by pool resize' and never run again", () => {
    const pool = scenario();
    const r = resizeNow(pool, { dedicated: 1, deallocation: "terminate" });
    expect(r.terminated.map((t) => t.id).sort()).toEqual(["B", "C"]);
    runTo(pool, 300);
    expect(outcomes(pool)).toEqual({
      A: "succeeded 0→60",
      B: `failed 5→20 (${T})`,
      C: `failed 10→20 (${T})`,
      D: "succeeded 60→70",
    });
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 20", n2: "left 20" });
    expect(pool.terminated).toBe(2);
    expect(pool.failed).toBe(2);
  });

  it("taskcompletion: n1, n2 take no new task and leave when B (65) and C (70) finish; D waits for n0", () => {
    const pool = scenario();
    resizeNow(pool, { dedicated: 1, deallocation: "taskcompletion" });
    expect(pool.counts.dedicated.leaving).toBe(2);
    expect(pool.current("dedicated")).toBe(3);
    runTo(pool, 300);
    expect(outcomes(pool)).toEqual({
      A: "succeeded 0→60",
      B: "succeeded 5→65",
      C: "succeeded 10→70",
      D: "succeeded 60→70",
    });
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 65", n2: "left 70" });
  });

  it("retaineddata: as taskcompletion, then n1 stays until B's 30-minute retention expires (95)", () => {
    const pool = scenario({ B: 30 });
    resizeNow(pool, { dedicated: 1, deallocation: "retaineddata" });
    runTo(pool, 300);
    expect(outcomes(pool)).toEqual({
      A: "succeeded 0→60",
      B: "succeeded 5→65",
      C: "succeeded 10→70",
      D: "succeeded 60→70",
    });
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 95", n2: "left 70" });
  });

  it("retaineddata keeps an idle node until the data of tasks that ran on it earlier expires", () => {
    // X (retention 60) runs on n0 0→10; Y runs on n1 0→100. At 20 the idle n0 is removed first.
    const specs = [task("X", 0, 10, { retentionMin: 60 }), task("Y", 0, 100)];
    const keep = makePool(specs, { initialDedicated: 2 });
    runTo(keep, 20);
    resizeNow(keep, { dedicated: 1, deallocation: "retaineddata" });
    runTo(keep, 200);
    expect(departures(keep)).toEqual({ n0: "left 70", n1: "idle" });
    const quick = makePool(specs, { initialDedicated: 2 });
    runTo(quick, 20);
    resizeNow(quick, { dedicated: 1, deallocation: "taskcompletion" });
    expect(departures(quick)).toEqual({ n0: "left 20", n1: "running" });
  });

  it("a target that rises while nodes drain allocates new nodes; the draining ones keep leaving", () => {
    const pool = scenario();
    resizeNow(pool, { dedicated: 1, deallocation: "taskcompletion" });
    runTo(pool, 30);
    const r = resizeNow(pool, { dedicated: 3 });
    expect(r.added).toEqual({ dedicated: 2, lowPriority: 0 });
    runTo(pool, 300);
    // n3, n4 usable at 35 (5-minute allocation delay): D starts on n3 at 35.
    expect(outcomes(pool).D).toBe("succeeded 35→45");
    expect(departures(pool)).toEqual({ n0: "idle", n1: "left 65", n2: "left 70", n3: "idle", n4: "idle" });
  });
});
