// Random evaluation contexts for property tests: an instant within 3 days of `base`, a pool, sample
// histories for a random subset of the metrics (0–70 samples 30 s apart, possibly jittered, the newest
// up to 150 s old, integer and fractional values), a seed and the evaluation options.
import fc from "fast-check";
import type { EvalContext, SampleRecord } from "../../src/eval/evaluate.ts";

export const CONTEXT_METRICS = ["$CPUPercent", "$ActiveTasks", "$RunningTasks", "$PendingTasks", "$SucceededTasks", "$FailedTasks", "$PreemptedNodeCount", "$UsableNodeCount"];

const series = (now: number) =>
  fc
    .record({
      count: fc.integer({ min: 0, max: 70 }),
      newestAge: fc.integer({ min: 0, max: 150_000 }),
      jitter: fc.boolean(),
      values: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 8 }),
    })
    .map(({ count, newestAge, jitter, values }) =>
      Array.from({ length: count }, (_, k) => [now - newestAge - 30_000 * k - (jitter ? (k * 7919) % 20_000 : 0), values[k % values.length]!] as [number, number]),
    );

/** A context whose instant lies within three days either side of `base` (epoch ms). */
export function evalContext(base: number): fc.Arbitrary<EvalContext> {
  return fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).chain((offset) => {
    const now = base + offset;
    return fc.record({
      now: fc.constant(now),
      pool: fc.record({
        targetDedicatedNodes: fc.integer({ min: 0, max: 20 }),
        targetLowPriorityNodes: fc.integer({ min: 0, max: 20 }),
        currentDedicatedNodes: fc.integer({ min: 0, max: 20 }),
        currentLowPriorityNodes: fc.integer({ min: 0, max: 20 }),
        taskSlotsPerNode: fc.integer({ min: 1, max: 8 }),
      }),
      samples: fc.subarray(CONTEXT_METRICS).chain((names) => fc.tuple(...names.map(() => series(now))).map((lists) => Object.fromEntries(names.map((n, i) => [n, lists[i]!])) as SampleRecord)),
      seed: fc.integer({ min: 0, max: 1000 }),
      options: fc.record({ availabilityDelayMs: fc.constantFrom(0, 30_000, 60_000), defaultSamplePercent: fc.constantFrom(50, 70) }),
    });
  });
}
