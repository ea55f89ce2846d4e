// Closures specialised for speed (double-only slots in Frame.nums, ordering comparisons on
// slots and constants, max/min of two doubles without a buffer) against the reference
// interpreter, on the values where shortcuts usually go wrong: NaN, ±0 and infinities.
import { describe, expect, it } from "vitest";
import { compile, prepareContext, type EvalContext } from "../../src/eval/evaluate.ts";
import { history, NOW, pool } from "./helpers.ts";

const ctx: EvalContext = { now: NOW, pool: pool({ targetDedicatedNodes: 3 }), samples: {}, seed: 1 };
const SPECIAL = ["(0/0)", "(-0)", "0", "1", "(-1)", "(1/0)", "(-1/0)", "2.5"];

function agree(formula: string) {
  const { program, diagnostics } = compile(formula);
  expect(diagnostics.filter((d) => d.severity === "error"), formula).toEqual([]);
  const compiled = program!.evaluate(ctx).run;
  expect(compiled, formula).toEqual(program!.interpret(ctx).run);
  return compiled;
}

describe("specialised closures agree with the interpreter", () => {
  it("max/min of two doubles, ordering comparisons, on special values", () => {
    for (const x of SPECIAL) {
      for (const y of SPECIAL) {
        agree(`a = ${x}; b = ${y}; m = max(a, b); n = min(a, b); p = max(${x}, b); q = min(a, ${y}); s = 1 / max(a, b); t = 1 / min(a, b)`);
        agree(`a = ${x}; b = ${y}; l = a < b; le = a <= ${y}; g = a > ${y}; ge = (a + 0) >= ${y}; u = (a * 1) < (b * 1)`);
      }
    }
  });
  it("-0 survives a double-only slot", () => {
    expect(agree("a = -0; b = 1 / a").results).toContain("b=-Infinity");
  });
  it("variables holding different types keep each value", () => {
    const r = agree('a = 1; a = "text"; b = 2; b = b * 3; c = $PendingTasks.GetSample(1); d = time(); d = 4; e = d + b');
    expect(r.results).toContain("a=text");
    expect(r.results).toContain("e=10");
  });
  it("a run cut short reports only the variables assigned so far", () => {
    const r = agree("a = 1.5; b = a * 2; c = 1 > 0 ? stop() : 1; d = 4");
    expect(r.results).toContain("a=1.5");
    expect(r.results).toContain("b=3");
    expect(r.results).not.toContain("d=");
  });
  it("an arithmetic assignment that fails leaves its double-only slot as it was", () => {
    const r = agree("a = 1; b = 2; a = b * avg($PendingTasks.GetSample(TimeInterval_Minute * 5)); c = 3");
    expect(r.error).toBeDefined();
    expect(r.results).toContain("a=1;b=2");
  });
  it("pool scalars read as double slots: copies, arithmetic, comparisons, across runs of one runner", () => {
    const formula = "a = $CurrentDedicatedNodes; b = a; c = $TaskSlotsPerNode - 1; d = $CurrentLowPriorityNodes < 2; e = $CurrentDedicated * b; $TargetDedicatedNodes = a + c";
    const { program } = compile(formula);
    for (const p of [pool({ currentDedicatedNodes: 5, currentLowPriorityNodes: 1, taskSlotsPerNode: 4 }), pool({ currentDedicatedNodes: 0, currentLowPriorityNodes: 7, taskSlotsPerNode: 1 })]) {
      const c: EvalContext = { ...ctx, pool: p };
      expect(program!.evaluate(c).run).toEqual(program!.interpret(c).run);
    }
    // One runner whose pool changes between runs (as the simulators do) sees each run's values.
    const mutable = { ...pool({ currentDedicatedNodes: 5, taskSlotsPerNode: 4 }) };
    const prepared = prepareContext({ ...ctx, pool: mutable });
    if (typeof prepared === "string") throw new Error(prepared);
    const runner = program!.runner(prepared);
    runner.run();
    expect(runner.frame.slots.slice(0, 3)).toEqual([5, 5, 3]);
    (prepared.pool as { currentDedicatedNodes: number }).currentDedicatedNodes = 9;
    runner.run();
    expect(runner.frame.slots.slice(0, 3)).toEqual([9, 9, 3]);
  });
  it("frame.slots shows double-only and other slots alike", () => {
    const { program } = compile('a = 1.5; b = "x"; c = a + 1');
    const prepared = prepareContext(ctx);
    if (typeof prepared === "string") throw new Error(prepared);
    const runner = program!.runner(prepared);
    runner.run();
    expect(runner.frame.slots).toEqual([1.5, "x", 2.5]);
  });
  it("list-call buffers are reused across runs of any size without stale values", () => {
    const { program } = compile("a = max($PendingTasks.GetSample(6000), -1); n = 2; b = avg($PendingTasks.GetSample(n), 0, $ActiveTasks.GetSample(1)); c = sum(1, $PendingTasks.GetSample(n))");
    for (const [count, scale] of [[6000, 1], [3, 2], [5000, 3], [0, 4], [2, 5]] as const) {
      const c: EvalContext = { ...ctx, samples: { $PendingTasks: history(count, (k) => scale * ((k * 37) % 101) - 50), $ActiveTasks: history(1, () => scale) } };
      expect(program!.evaluate(c).run).toEqual(program!.interpret(c).run);
    }
  });
  describe("leading constant assignments hoisted into the frame", () => {
    const hoisted = (formula: string) => compile(formula).program!.compiled.hoisted;
    const runTwice = (formula: string) => {
      const prepared = prepareContext(ctx);
      if (typeof prepared === "string") throw new Error(prepared);
      const runner = compile(formula).program!.runner(prepared);
      runner.run();
      runner.run();
      return runner.outcome().run;
    };
    it("takes the opening run of double constants when nothing assigns those slots later", () => {
      expect(hoisted("a = 1.5; b = 2; c = a + b")).toEqual([
        { slot: 0, value: 1.5 },
        { slot: 1, value: 2 },
      ]);
      expect(agree("a = 1.5; b = 2; c = a + b").results).toContain("a=1.5;b=2;c=3.5");
      expect(runTwice("a = 1.5; b = 2; c = a + b").results).toContain("a=1.5;b=2;c=3.5");
    });
    it("hoists nothing when a later statement assigns one of them, so every run starts afresh", () => {
      expect(hoisted("a = 1; b = 2; a = a + b")).toEqual([]);
      expect(runTwice("a = 1; b = 2; a = a + b").results).toContain("a=3;b=2");
    });
    it("hoists nothing when the formula does not open with a constant", () => {
      expect(hoisted("$TargetDedicatedNodes = 1; a = 2")).toEqual([]);
      expect(hoisted('s = "x"; a = 2')).toEqual([]);
    });
    it("hoisted values are reported even when a later statement fails", () => {
      const r = agree("a = 1; b = 2; c = $PendingTasks.GetSample(TimeInterval_Minute * 5); d = 3");
      expect(r.error).toBeDefined();
      expect(r.results).toContain("a=1;b=2");
    });
  });
});
