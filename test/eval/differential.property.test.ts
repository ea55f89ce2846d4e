// Differential test: for random well-typed formulas and random histories, pools, instants and
// seeds, the compiled closures and the reference interpreter give identical AutoScaleRuns, and
// neither lets a raw JS exception out (an internal error would surface as E410 / "Internal error").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluateAutoScale, prepareContext, type EvalContext } from "../../src/eval/evaluate.ts";
import { evalContext } from "../property/arbitraries-context.ts";
import { wellTypedFormula } from "../property/arbitraries-typed.ts";

const BASE = Date.parse("2024-05-01T12:00:00Z");
const context = evalContext(BASE);

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
