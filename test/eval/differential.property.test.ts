// Differential test: for random well-typed formulas and random histories, pools, instants and
// seeds, the compiled closures and the reference interpreter give identical AutoScaleRuns, and
// neither lets a raw JS exception out (an internal error would surface as E410 / "Internal error").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluateAutoScale, prepareContext, type EvalContext, type SampleRecord } from "../../src/eval/evaluate.ts";
import { wellTypedFormula } from "../property/arbitraries-typed.ts";

const METRICS = ["$CPUPercent", "$ActiveTasks", "$RunningTasks", "$PendingTasks", "$SucceededTasks", "$FailedTasks", "$PreemptedNodeCount", "$UsableNodeCount"];
const BASE = Date.parse("2024-05-01T12:00:00Z");

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

const context: fc.Arbitrary<EvalContext> = fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).chain((offset) => {
  const now = BASE + offset;
  return fc.record({
    now: fc.constant(now),
    pool: fc.record({
      targetDedicatedNodes: fc.integer({ min: 0, max: 20 }),
      targetLowPriorityNodes: fc.integer({ min: 0, max: 20 }),
      currentDedicatedNodes: fc.integer({ min: 0, max: 20 }),
      currentLowPriorityNodes: fc.integer({ min: 0, max: 20 }),
      taskSlotsPerNode: fc.integer({ min: 1, max: 8 }),
    }),
    samples: fc.subarray(METRICS).chain((names) => fc.tuple(...names.map(() => series(now))).map((lists) => Object.fromEntries(names.map((n, i) => [n, lists[i]!])) as SampleRecord)),
    seed: fc.integer({ min: 0, max: 1000 }),
    options: fc.record({ availabilityDelayMs: fc.constantFrom(0, 30_000, 60_000), defaultSamplePercent: fc.constantFrom(50, 70) }),
  });
});

describe("compiled closures vs tree-walking interpreter", () => {
  it("give identical AutoScaleRuns and never fail internally", () => {
    fc.assert(
      fc.property(wellTypedFormula({ maxStatements: 6, maxDepth: 3 }), context, (formula, ctx) => {
        const { program, diagnostics } = compile(formula);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const compiled = program!.evaluate(ctx);
        const interpreted = program!.interpret(ctx);
        expect(compiled.run).toEqual(interpreted.run);
        expect(compiled.targets).toEqual(interpreted.targets);
        expect(compiled.stopped).toBe(interpreted.stopped);
        expect(JSON.stringify(compiled.run)).not.toContain("Internal error");
        expect(evaluateAutoScale(formula, ctx)).toEqual(compiled.run);
      }),
      { numRuns: 200 },
    );
  });

  it("a reused runner gives the same run as a fresh evaluation", () => {
    fc.assert(
      fc.property(wellTypedFormula({ maxStatements: 4, maxDepth: 2 }), context, (formula, ctx) => {
        const { program } = compile(formula);
        const fresh = program!.evaluate(ctx);
        // The runner skips context preparation; build it the same way evaluate does.
        const prepared = prepare(ctx);
        const runner = program!.runner(prepared);
        // Twice: the frame must reset between runs (rand() continues its sequence, so only once then).
        runner.run();
        if (!formula.includes("rand()")) runner.run();
        expect(runner.outcome().run).toEqual(fresh.run);
      }),
      { numRuns: 100 },
    );
  });
});

function prepare(ctx: EvalContext) {
  const p = prepareContext(ctx);
  if (typeof p === "string") throw new Error(p);
  return p;
}

describe("evaluateAutoScale never throws", () => {
  it("on arbitrary text and junk contexts", () => {
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.string(),
      fc.object(),
      fc.array(fc.anything()),
      fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }),
      fc.constant({ toString: 0 }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), wellTypedFormula({ maxStatements: 3, maxDepth: 2 })),
        fc.record({
          now: fc.oneof(fc.constant(BASE), fc.string(), junk),
          pool: fc.oneof(junk, fc.constant({ targetDedicatedNodes: 1 }), fc.dictionary(fc.constantFrom("targetDedicatedNodes", "currentDedicatedNodes", "taskSlotsPerNode"), junk)),
          samples: fc.oneof(junk, fc.dictionary(fc.string(), junk), fc.dictionary(fc.constantFrom("$PendingTasks", "CPUPercent"), fc.array(fc.tuple(junk, junk)))),
          seed: junk,
          options: fc.oneof(junk, fc.dictionary(fc.constantFrom("defaultSamplePercent", "availabilityDelayMs", "retentionMs"), junk)),
        }),
        (formula, ctx) => {
          const run = evaluateAutoScale(formula, ctx as unknown as EvalContext);
          expect(typeof run.results).toBe("string");
          expect(JSON.stringify(run)).not.toContain("Internal error");
        },
      ),
      { numRuns: 200 },
    );
  });
});
