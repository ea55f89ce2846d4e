// The fast path of formulaDecide (evaluator runner, targets only) must agree with the full
// program.evaluate path at every instant: same targets, same success/failure.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../src/simulate/load.ts";
import { formulaDecide } from "../../src/simulate/formula-decide.ts";
import { simulate } from "../../src/simulate/simulate.ts";
import type { DecideContext } from "../../src/simulate/types.ts";

const sample = (name: string) => readFileSync(new URL(`../../samples/dry-run/${name}`, import.meta.url), "utf8");
const trace = readFileSync(new URL("../../samples/workloads/trickle-spikes.csv", import.meta.url), "utf8");

const FORMULAS = [
  sample("queue-depth.formula"),
  sample("spot-mix.formula"),
  sample("cpu.formula"),
  "$TargetDedicated = 3; $TargetLowPriority = 2.5;",
  "$TargetDedicated = 3; $TargetDedicatedNodes = 4;",
  "$TargetDedicatedNodes = rand() * 10; $NodeDeallocationOption = terminate;",
  "$x = 1; z = stop(); $TargetDedicatedNodes = 9;",
  "$TargetDedicatedNodes = $CurrentDedicatedNodes + $CurrentLowPriorityNodes + $TargetLowPriorityNodes;",
  "$TargetDedicatedNodes = 1 / (max($ActiveTasks.GetSample(1)) - max($ActiveTasks.GetSample(1)));",
  "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 10, 80));",
];

describe("formulaDecide fast path", () => {
  const run = simulate(sample("queue-depth.formula"), loadWorkload(trace).workload, { seed: 3 });
  const store = run.store;

  it.each(FORMULAS.map((f, i) => [i, f]))("formula %i agrees with program.evaluate", (_i, formula) => {
    const { decide } = formulaDecide(formula);
    expect(decide).toBeDefined();
    let failures = 0;
    for (let k = 0; k < 300; k++) {
      const ctx: DecideContext = {
        now: run.summary!.start + k * 4 * 60_000 + (k % 7) * 1_000,
        pool: { targetDedicatedNodes: k % 5, targetLowPriorityNodes: k % 3, currentDedicatedNodes: k % 4, currentLowPriorityNodes: k % 2, taskSlotsPerNode: 1 + (k % 3) },
        store,
        seed: k,
      };
      const full = decide!(ctx);
      const fast = decide!({ ...ctx, wantRun: false });
      expect(fast.targets, `k=${k}`).toEqual(full.targets);
      expect(fast.run === undefined).toBe(full.run?.error === undefined);
      if (full.run?.error) failures++;
    }
    // the 1/0 formula fails at every instant; the others mostly succeed
    if (formula.includes("- max")) expect(failures).toBe(300);
  });
});

// The closed loop formats a successful run only when its timeline entry's `run` is read, after
// the store has grown: the text must be what evaluating at the time gave.
describe("closed-loop runs formatted on demand", () => {
  it.each(FORMULAS.map((f, i) => [i, f]))("formula %i: same runs as evaluating eagerly", (_i, formula) => {
    const { decide } = formulaDecide(formula);
    const eager = (c: DecideContext) => decide!({ ...c, wantRun: true });
    const workload = loadWorkload(trace).workload;
    const lazy = simulate(formula, workload, { seed: 5, cpuNoise: 3 });
    const now = simulate(eager, workload, { seed: 5, cpuNoise: 3 });
    expect(lazy.timeline.length).toBeGreaterThan(10);
    expect(JSON.stringify(lazy.timeline)).toBe(JSON.stringify(now.timeline));
  });
});
