// fast-check over random workloads, target sequences and pool options: the task invariant holds
// after every event, every task completes when the pool is large enough, and equal seeds give
// identical runs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { runClosedLoop, type ClosedLoopOptions } from "../../src/simulate/closed-loop.ts";
import type { Decide } from "../../src/simulate/types.ts";

const MIN = 60_000;
const OPTIONS: readonly DeallocOption[] = ["requeue", "terminate", "taskcompletion", "retaineddata"];

const taskArb = fc.record({
  submit: fc.integer({ min: 0, max: 6 * 60 }).map((m) => m * MIN),
  duration: fc.integer({ min: 0, max: 180 }).map((m) => m * MIN),
  slots: fc.integer({ min: 1, max: 4 }),
  retention: fc.integer({ min: 0, max: 120 }).map((m) => m * MIN),
});

const stepArb = fc.record({
  dedicated: fc.oneof({ weight: 8, arbitrary: fc.double({ min: -2, max: 8, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) }),
  lowPriority: fc.integer({ min: 0, max: 5 }),
  deallocation: fc.constantFrom(...OPTIONS),
  error: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

const poolArb = fc.record({
  taskSlotsPerNode: fc.integer({ min: 1, max: 4 }),
  allocationDelayMs: fc.integer({ min: 0, max: 10 }).map((m) => m * MIN),
  initialDedicated: fc.integer({ min: 0, max: 3 }),
  initialLowPriority: fc.integer({ min: 0, max: 2 }),
  preempt: fc.boolean(),
});

/** A decision function that replays a fixed sequence of targets (cycling), some evaluations failing. */
function scripted(steps: readonly { dedicated: number; lowPriority: number; deallocation: DeallocOption; error: boolean }[]): Decide {
  let i = 0;
  return ({ now }) => {
    const s = steps[i++ % steps.length]!;
    const timestamp = new Date(now).toISOString();
    if (s.error) return { run: { timestamp, results: "", error: { code: "InsufficientSampleData", message: "x", values: [] } }, targets: undefined };
    return { run: { timestamp, results: `$TargetDedicatedNodes=${s.dedicated}` }, targets: s };
  };
}

type PoolArb = typeof poolArb extends fc.Arbitrary<infer T> ? T : never;
function options(p: PoolArb, seed: number): ClosedLoopOptions {
  return {
    start: 0,
    intervalMs: 5 * MIN,
    end: 12 * 60 * MIN,
    seed,
    pool: {
      taskSlotsPerNode: p.taskSlotsPerNode,
      allocationDelayMs: p.allocationDelayMs,
      initialDedicated: p.initialDedicated,
      initialLowPriority: p.initialLowPriority,
      preemption: p.preempt ? { meanTimeToPreemptMs: 40 * MIN, recoveryMs: 20 * MIN } : undefined,
    },
  };
}

describe("closed loop properties", () => {
  it("the task invariant holds after every event", () => {
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 40 }), fc.array(stepArb, { minLength: 1, maxLength: 20 }), poolArb, fc.nat(1000), (tasks, steps, p, seed) => {
        const r = runClosedLoop(scripted(steps), tasks, { ...options(p, seed), checkInvariants: true });
        expect(r.diagnostics.filter((d) => d.code === "R503")).toEqual([]);
        expect(r.summary).toBeDefined();
        const s = r.summary!;
        // every task accounted for exactly once
        expect(s.tasks.succeeded + s.tasks.failed + s.tasks.incomplete).toBe(tasks.length);
        expect(s.tasks.failed).toBe(s.tasks.terminated + s.tasks.unschedulable);
      }),
      { numRuns: 150 },
    );
  });

  it("every task completes when the pool is large enough", () => {
    fc.assert(
      fc.property(fc.array(taskArb, { minLength: 1, maxLength: 40 }), fc.array(stepArb, { minLength: 1, maxLength: 6 }), poolArb, fc.nat(1000), (tasks, steps, p, seed) => {
        // Random targets for the first evaluations, then a pool big enough for everything, with
        // nodes as wide as the widest task so nothing is unschedulable.
        const big = { dedicated: 40, lowPriority: 0, deallocation: "requeue" as const, error: false };
        const seq = [...steps.map((s) => ({ ...s, error: false, dedicated: Number.isNaN(s.dedicated) ? 1 : s.dedicated })), ...Array<typeof big>(1000).fill(big)];
        let i = 0;
        const decide: Decide = ({ now }) => ({ run: { timestamp: new Date(now).toISOString(), results: "" }, targets: seq[Math.min(i++, seq.length - 1)]! });
        const o = options({ ...p, taskSlotsPerNode: 4 }, seed);
        const r = runClosedLoop(decide, tasks, { ...o, end: 48 * 60 * MIN, checkInvariants: true });
        const s = r.summary!;
        expect(s.tasks.incomplete).toBe(0);
        expect(s.tasks.succeeded + s.tasks.terminated).toBe(tasks.length);
        expect(Number.isNaN(s.makespan)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("runs with the same seed are identical (preemption and CPU noise included)", () => {
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 30 }), fc.array(stepArb, { minLength: 1, maxLength: 10 }), poolArb, fc.nat(1000), (tasks, steps, p, seed) => {
        const o = options({ ...p, preempt: true, initialLowPriority: 2 }, seed);
        const a = runClosedLoop(scripted(steps), tasks, o);
        const b = runClosedLoop(scripted(steps), tasks, o);
        expect(JSON.stringify(b.timeline)).toBe(JSON.stringify(a.timeline));
        expect(b.summary).toEqual(a.summary);
        expect([...b.store.get("$CPUPercent").values]).toEqual([...a.store.get("$CPUPercent").values]);
      }),
      { numRuns: 60 },
    );
  });
});

