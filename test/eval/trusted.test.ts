// The control plane's internal entry (evaluateTrusted on a trustedContext: no validation, results
// text reused when targets and numeric variables repeat) gives the run and targets the public
// `program.evaluate` gives for the same context, whatever came before it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluateTrusted, trustedContext, type Program } from "../../src/eval/evaluate.ts";
import { samplesFromRecord } from "../../src/metrics/load.ts";
import type { MetricsStore } from "../../src/metrics/store.ts";
import type { PoolState } from "../../src/eval/results.ts";
import { wellTypedFormula } from "../property/arbitraries-typed.ts";

const BASE = Date.parse("2024-05-01T12:00:00Z");
const METRICS = ["$CPUPercent", "$PendingTasks", "$UsableNodeCount"];

function storeOf(now: number, values: number[], delay: number): MetricsStore {
  const record = Object.fromEntries(METRICS.map((m, j) => [m, values.map((v, k) => [now - 30_000 * (k + 1), v * (j + 1)] as [number, number])]));
  const loaded = samplesFromRecord(record, { availabilityDelayMs: delay });
  expect(loaded.diagnostics).toEqual([]);
  return loaded.store;
}

interface Case {
  readonly now: number;
  readonly pool: PoolState;
  readonly store: MetricsStore;
  readonly seed: number;
}

const pool = fc.record({
  targetDedicatedNodes: fc.integer({ min: 0, max: 5 }),
  targetLowPriorityNodes: fc.integer({ min: 0, max: 5 }),
  currentDedicatedNodes: fc.integer({ min: 0, max: 5 }),
  currentLowPriorityNodes: fc.integer({ min: 0, max: 5 }),
  taskSlotsPerNode: fc.integer({ min: 1, max: 4 }),
});

// Few distinct values, so that consecutive runs often repeat their targets and variables.
const aCase: fc.Arbitrary<Case> = fc
  .record({
    offset: fc.constantFrom(0, 0, 300_000, 86_400_000),
    pool,
    values: fc.array(fc.constantFrom(0, 1, 2, -0, 0.5, 3), { maxLength: 12 }),
    delay: fc.constantFrom(0, 60_000),
    seed: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ offset, pool, values, delay, seed }) => ({ now: BASE + offset, pool, store: storeOf(BASE + offset, values, delay), seed }));

function expectSame(program: Program, c: Case): void {
  const pub = program.evaluate({ now: c.now, pool: c.pool, samples: c.store, seed: c.seed });
  const own = evaluateTrusted(program, trustedContext(c.now, c.pool, c.store, c.seed));
  expect(own.run).toEqual(pub.run);
  expect(own.ok).toBe(pub.ok);
  expect(own.targets).toEqual(pub.targets);
}

describe("evaluateTrusted", () => {
  it("gives program.evaluate's run and targets, run after run", () => {
    fc.assert(
      fc.property(wellTypedFormula({ maxStatements: 5, maxDepth: 2 }), fc.array(aCase, { minLength: 1, maxLength: 6 }), (formula, cases) => {
        const { program } = compile(formula);
        for (const c of cases) expectSame(program!, c);
        // The same contexts again, in reverse: cached results texts must not leak across runs.
        for (const c of [...cases].reverse()) expectSame(program!, c);
      }),
      { numRuns: 200 },
    );
  });

  const base: Case = { now: BASE, pool: { targetDedicatedNodes: 1, targetLowPriorityNodes: 2, currentDedicatedNodes: 1, currentLowPriorityNodes: 0, taskSlotsPerNode: 2 }, store: storeOf(BASE, [1, 2, 3], 0), seed: 7 };
  const empty: Case = { ...base, store: storeOf(BASE, [], 0) };
  const formulas = [
    // -0 and 0 print differently; NaN equals itself for the cache
    "$x = $CurrentDedicatedNodes * -0; $TargetDedicatedNodes = 2;",
    "$x = $CurrentDedicatedNodes * 0; $TargetDedicatedNodes = 2;",
    "$x = $CurrentDedicatedNodes / 0 - $CurrentDedicatedNodes / 0; $TargetDedicatedNodes = 2;",
    // variables that are not numbers
    "$v = $PendingTasks.GetSample(1); $s = \"a\"; $t = time(); $i = TimeInterval_Minute; $TargetDedicatedNodes = 1;",
    // errors, a non-finite target, stop(), dealloc, aliases, rand()
    "$p = max($PendingTasks.GetSample(TimeInterval_Minute * 5, 100)); $TargetDedicatedNodes = $p;",
    "$TargetDedicatedNodes = 1 / ($CurrentLowPriorityNodes * 0);",
    "$a = 1; stop(); $TargetDedicatedNodes = 9;",
    "$TargetDedicated = 3; $TargetLowPriority = 1; $NodeDeallocationOption = retaineddata;",
    "$r = rand(); $TargetDedicatedNodes = $r < 2 ? 1 : 0;",
    "$z = 1; $a = 2; $m = 3;",
  ];
  it("on edge cases, alone and one after another", () => {
    for (const f of formulas) {
      const { program, diagnostics } = compile(f);
      expect(program, `${f}: ${diagnostics.map((d) => d.message).join("; ")}`).toBeDefined();
      for (const c of [base, empty, base, base, { ...base, seed: 8 }, { ...base, now: BASE + 1 }, empty]) expectSame(program!, c);
    }
  });
});
