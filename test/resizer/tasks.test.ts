// The pool's task table (src/resizer/tasks.ts): Task views read and write their rows, and the
// episode fields (runStart, wait, queuedSince), derived until a task is requeued, read exactly as
// the columns the pool keeps once they exist.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { advanceTo } from "../../src/resizer/engine.ts";
import type { Pool, TaskSpec } from "../../src/resizer/pool.ts";
import { resize } from "../../src/resizer/resize.ts";
import { dispatch } from "../../src/resizer/scheduler.ts";
import { makePool, MIN } from "./helpers.ts";

const OPTIONS: readonly DeallocOption[] = ["requeue", "terminate", "taskcompletion", "retaineddata"];

const fields = (pool: Pool) =>
  pool.tasks.map((t) => [t.index, t.id, t.submit, t.duration, t.slots, t.retention, t.state, t.node?.id, t.runStart, t.firstStart, t.end, t.wait, t.queuedSince, t.retries, t.requeues, t.gen, t.failure]);

const taskArb = fc.record({
  submit: fc.integer({ min: 0, max: 120 }).map((m) => m * MIN),
  duration: fc.integer({ min: 0, max: 60 }).map((m) => m * MIN),
  slots: fc.integer({ min: 1, max: 3 }),
});
const stepArb = fc.record({ advance: fc.integer({ min: 1, max: 20 }), dedicated: fc.integer({ min: 0, max: 5 }), deallocation: fc.constantFrom(...OPTIONS) });

/** Steps a pool through resizes; `explicit` makes the episode columns before anything runs. */
function run(tasks: readonly TaskSpec[], steps: readonly { advance: number; dedicated: number; deallocation: DeallocOption }[], explicit: boolean): { pool: Pool; snapshots: unknown[] } {
  const pool = makePool([...tasks], { taskSlotsPerNode: 2, allocationDelayMs: 2 * MIN });
  if (explicit) pool.taskTable.episodes();
  const snapshots: unknown[] = [];
  let now = 0;
  for (const s of steps) {
    now += s.advance * MIN;
    advanceTo(pool, now);
    resize(pool, { dedicated: s.dedicated, lowPriority: 0, deallocation: s.deallocation }, now);
    dispatch(pool, now);
    snapshots.push(JSON.stringify(fields(pool)));
  }
  return { pool, snapshots };
}

describe("task table", () => {
  it("derived episode fields read as the explicit columns, before and after the first requeue", () => {
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 25 }), fc.array(stepArb, { minLength: 1, maxLength: 15 }), (tasks, steps) => {
        const lazy = run(tasks, steps, false);
        const eager = run(tasks, steps, true);
        expect(lazy.snapshots).toEqual(eager.snapshots);
      }),
      { numRuns: 200 },
    );
  });

  it("views write their row; a caller's write fixes the derived fields first", () => {
    const pool = makePool([{ id: "a", submit: 0, duration: 10 * MIN }, { id: "b", submit: MIN, duration: 5 * MIN }], { initialDedicated: 1 });
    advanceTo(pool, 20 * MIN);
    const [a, b] = pool.tasks;
    expect([a!.state, a!.runStart, a!.wait, a!.queuedSince, a!.end]).toEqual(["succeeded", 0, 0, 0, 10 * MIN]);
    expect([b!.runStart, b!.wait, b!.queuedSince]).toEqual([10 * MIN, 9 * MIN, MIN]);
    expect(pool.taskTable.episodesIfAny).toBeUndefined();
    b!.firstStart = 3 * MIN;
    // runStart and wait were derived from firstStart: they keep their values
    expect([b!.firstStart, b!.runStart, b!.wait]).toEqual([3 * MIN, 10 * MIN, 9 * MIN]);
    b!.retries = 2;
    b!.requeues = 1;
    b!.failure = "x";
    expect([b!.retries, b!.requeues, b!.failure, a!.retries, a!.requeues, a!.failure]).toEqual([2, 1, "x", 0, 0, undefined]);
    // the same objects every time once the list is built
    expect(pool.tasks[1]).toBe(b);
    expect(JSON.parse(JSON.stringify(b))).toMatchObject({ id: "b", state: "succeeded", requeues: 1, failure: "x" });
  });

  it("tasks on nodes are the objects of pool.tasks", () => {
    const pool = makePool([{ id: "a", submit: 0, duration: 10 * MIN }], { initialDedicated: 1 });
    advanceTo(pool, MIN);
    const onNode = pool.active[0]!.tasks[0]!;
    expect(pool.tasks[0]).toBe(onNode);
    expect(onNode.node).toBe(pool.active[0]);
  });
});
