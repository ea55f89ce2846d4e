// Spec §11.1: a bare expression is a statement; it is evaluated and its value discarded, so errors
// in it fail the run at its position. `check` warns (P203). Compiler and interpreter agree.

import { describe, expect, it } from "vitest";
import { checkText } from "../../src/check/check.ts";
import { compile, evaluateAutoScale } from "../../src/eval/evaluate.ts";
import { history, NOW, pool, run } from "./helpers.ts";

describe("bare expressions as statements", () => {
  it("the service's own SDK case: $something_useless alone is an evaluation error at Line 1, Col 1", () => {
    // Recorded by the official Batch SDK tests (Evaluate on a pool whose target is 2).
    const result = evaluateAutoScale("$something_useless", { now: NOW, pool: pool({ targetDedicatedNodes: 2, currentDedicatedNodes: 2 }) });
    expect(result).toEqual({
      timestamp: new Date(NOW).toISOString(),
      results: "$TargetDedicatedNodes=2;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue",
      error: {
        code: "AutoScalingFormulaEvaluationError",
        message: "The specified auto-scaling formula has evaluation error",
        values: [{ name: "Message", value: "Line 1, Col 1: Undefined symbol: $something_useless" }],
      },
    });
  });

  it("check: a warning (P203) that the value is discarded, not a syntax error", () => {
    const ds = checkText("$x = 1;\n$x * 2;").diagnostics;
    expect(ds.map((d) => [d.code, d.severity, d.span.start])).toEqual([["P203", "warning", 8]]);
    expect(ds[0]!.message).toMatch(/not assigned to anything.*evaluated and its value is discarded/);
  });

  it("a clean bare expression runs and changes nothing", () => {
    expect(run("$x = 1; 1 + 2; $x * 3; $TargetDedicatedNodes = 5").results).toBe(
      "$TargetDedicatedNodes=5;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$x=1",
    );
  });

  const cases: [name: string, formula: string, code: string, message: string][] = [
    ["an empty vector", "$x = 1;\nval($PendingTasks.GetSample(1), 3);\n$TargetDedicatedNodes = 5", "AutoScalingFormulaEvaluationError", "Line 2, Col 4: val: the vector is empty."],
    [
      "insufficient samples",
      "$x = 1;\n  $PendingTasks.GetSample(TimeInterval_Minute * 5);\n$TargetDedicatedNodes = 5",
      "InsufficientSampleData",
      "Line 2, Col 26: Insufficient data from data set: $PendingTasks wanted 70%, received 0%",
    ],
  ];
  it.each(cases)("an error in a bare expression fails the run at its position: %s", (_, formula, code, message) => {
    const { program } = compile(formula);
    const ctx = { now: NOW, pool: pool({ targetDedicatedNodes: 2 }), samples: { $PendingTasks: [] } };
    for (const outcome of [program!.evaluate(ctx), program!.interpret(ctx)]) {
      expect(outcome.run.error?.code).toBe(code);
      expect(outcome.run.error?.values[0]!.value).toBe(message);
      // statements before it ran; the one after did not
      expect(outcome.run.results).toBe("$TargetDedicatedNodes=2;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$x=1");
    }
  });

  it("stop() as a bare statement ends the run successfully", () => {
    const { program } = compile("$TargetDedicatedNodes = 3; stop(); $TargetDedicatedNodes = 9");
    const ctx = { now: NOW, pool: pool(), samples: { $PendingTasks: history(4, () => 1) } };
    for (const outcome of [program!.evaluate(ctx), program!.interpret(ctx)]) {
      expect(outcome.run.error).toBeUndefined();
      expect(outcome.run.results).toBe("$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
    }
  });

  it("a sampled metric alone is still a type error (its value is consumed)", () => {
    expect(checkText("$PendingTasks;").diagnostics.map((d) => d.code)).toEqual(["C309", "P203"]);
  });
});
