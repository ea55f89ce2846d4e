// Explain traces on hand-built histories; every expected value is worked out by hand in the comments.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, evaluateAutoScale, type EvalContext } from "../../src/eval/evaluate.ts";

const NOW = Date.UTC(2024, 4, 1, 12);
const POOL = { targetDedicatedNodes: 4, targetLowPriorityNodes: 0, currentDedicatedNodes: 4, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
/** n samples of value v, one per 30 s, the newest at now − 60 s (just visible). */
const series = (n: number, v: number): [number, number][] => Array.from({ length: n }, (_, i) => [NOW - 60_000 - (n - 1 - i) * 30_000, v]);
const E06 = readFileSync(new URL("../../samples/e06-task-based.formula", import.meta.url), "utf8");

describe("explain: spec E6 (task-based) on a new pool's 6 minutes of history", () => {
  // 12 samples of 40, newest 11:59:00, oldest 11:53:30. The 15-minute window (11:45, 12:00] expects
  // 900 / 30 = 30 samples and sees all 12 visible ones: 40 %. 40 < 70 → the then-branch: $tasks =
  // max(0, GetSample(1)) = 40. 40 > 0 → $targetVMs = 40. min(40, 20) = 20, max(0, 20) = 20.
  const ctx: EvalContext = { now: NOW, pool: POOL, samples: { $PendingTasks: series(12, 40) } };
  const { run, explanation } = evaluateAutoScale(E06, ctx, { explain: true });

  it("returns the unchanged AutoScaleRun", () => {
    expect(run).toEqual(evaluateAutoScale(E06, ctx));
    expect(run.results).toBe("$TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$samples=40;$targetVMs=40;$tasks=40");
  });

  it("every statement's value, as the results string prints it", () => {
    expect(explanation.statements.map((s) => [s.index, s.target, s.value])).toEqual([
      [0, "$samples", "40"],
      [1, "$tasks", "40"],
      [2, "$targetVMs", "40"],
      [3, "$TargetDedicatedNodes", "20"],
      [4, "$NodeDeallocationOption", "taskcompletion"],
    ]);
    expect(E06.slice(explanation.statements[3]!.span.start, explanation.statements[3]!.span.end)).toBe("$TargetDedicatedNodes = max(0, min($targetVMs, 20))");
  });

  it("every sample query: window, samples selected, first/last, percent", () => {
    expect(explanation.queries).toMatchObject([
      {
        metric: "$PendingTasks",
        method: "GetSamplePercent",
        window: { from: Date.parse("2024-05-01T11:45:00Z"), to: Date.parse("2024-05-01T12:00:00Z") },
        selected: 12,
        expected: 30,
        percent: 40,
        first: Date.parse("2024-05-01T11:53:30Z"),
        last: Date.parse("2024-05-01T11:59:00Z"),
        failed: false,
        value: "40",
      },
      { metric: "$PendingTasks", method: "GetSample", count: 1, selected: 1, first: Date.parse("2024-05-01T11:59:00Z"), last: Date.parse("2024-05-01T11:59:00Z"), failed: false },
    ]);
    // A vector result is described by selected/first/last, not printed.
    expect("value" in explanation.queries[1]!).toBe(false);
    // Values are formatted when read, and JSON carries them.
    expect(JSON.parse(JSON.stringify(explanation.statements[0]))).toMatchObject({ target: "$samples", value: "40" });
    // The else-branch's GetSample(15 min) never ran: it is not in the trace.
    expect(explanation.queries).toHaveLength(2);
  });

  it("which way every ?: went", () => {
    expect(explanation.branches.map((b) => [b.op, b.outcome])).toEqual([
      ["?:", true],
      ["?:", true],
    ]);
  });

  it("findings: the cap at line 11, the thin window", () => {
    expect(explanation.end).toEqual({ kind: "end" });
    expect(explanation.findings.map((f) => [f.kind, f.line, f.message])).toEqual([
      ["window", 2, "the 15-minute window of $PendingTasks received 40 % (12 of 30 samples)"],
      ["cap", 11, "`$TargetDedicatedNodes` was capped by `min(…, 20)` at line 11: 20"],
    ]);
  });
});

describe("explain: spec E1 (pending tasks, 180-second window)", () => {
  const E1 = readFileSync(new URL("../../samples/e01-pending-tasks.formula", import.meta.url), "utf8");

  it("with the 60 s availability delay the window never reaches 70 %: the starting size, nothing capped", () => {
    // 12 samples of 40, newest now − 60 s. The window (now − 180 s, now] holds the visible ones at
    // now − 60, − 90, − 120, − 150 s: 4 of the 6 it expects, 66.6667 % < 70 → startingNumberOfVMs = 1;
    // min(maxNumberofVMs = 25, 1) = 1, decided by the formula's value, not by the cap.
    const { run, explanation } = evaluateAutoScale(E1, { now: NOW, pool: POOL, samples: { $PendingTasks: series(12, 40) } }, { explain: true });
    expect(run.results).toBe("$TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;maxNumberofVMs=25;pendingTaskSamplePercent=66.6667;pendingTaskSamples=1;startingNumberOfVMs=1");
    expect(explanation.branches.map((b) => [b.op, b.outcome])).toEqual([["?:", true]]);
    expect(explanation.queries).toMatchObject([{ method: "GetSamplePercent", selected: 4, expected: 6, value: "66.6667" }]);
    expect(explanation.findings.map((f) => [f.kind, f.line, f.message])).toEqual([["window", 3, "the 3-minute window of $PendingTasks received 66.7 % (4 of 6 samples)"]]);
  });

  it("with no availability delay the full window averages, and the 25-node cap binds", () => {
    // Availability delay 0: samples at now, now − 30 … now − 150 s are all in (now − 180 s, now]:
    // 6 of 6 = 100 % → avg(40 × 6) = 40; min(25, 40) = 25: capped by maxNumberofVMs (only ever 25).
    const samples = { $PendingTasks: Array.from({ length: 12 }, (_, i) => [NOW - (11 - i) * 30_000, 40] as [number, number]) };
    const { run, explanation } = evaluateAutoScale(E1, { now: NOW, pool: POOL, samples, options: { availabilityDelayMs: 0 } }, { explain: true });
    expect(run.results.startsWith("$TargetDedicatedNodes=25;")).toBe(true);
    expect(explanation.branches.map((b) => [b.op, b.outcome])).toEqual([["?:", false]]);
    expect(explanation.queries).toMatchObject([
      { method: "GetSamplePercent", selected: 6, expected: 6, percent: 100 },
      { method: "GetSample", selected: 6, expected: 6, percent: 100, required: 70, failed: false },
    ]);
    expect(explanation.findings.map((f) => f.message)).toEqual(["`$TargetDedicatedNodes` was capped by `min(maxNumberofVMs, …)` at line 5: 25"]);
  });
});

describe("explain: a window short of data fails the run", () => {
  // 8 samples: the 10-minute window expects 20, sees 8 = 40 % < 70 % → InsufficientSampleData at 2:50 (the argument list).
  const formula = "$NodeDeallocationOption = requeue;\n$TargetDedicatedNodes = avg($CPUPercent.GetSample(TimeInterval_Minute * 10));\n";
  const { run, explanation } = evaluateAutoScale(formula, { now: NOW, pool: POOL, samples: { $CPUPercent: series(8, 50) } }, { explain: true });

  it("the query failed with 40 % of 70 %, and the run ended there", () => {
    expect(run.error?.code).toBe("InsufficientSampleData");
    expect(explanation.queries).toMatchObject([{ metric: "$CPUPercent", method: "GetSample", selected: 8, expected: 20, percent: 40, required: 70, failed: true }]);
    expect(explanation.end).toMatchObject({ kind: "error", line: 2, column: 50 });
    expect(explanation.statements.map((s) => s.target)).toEqual(["$NodeDeallocationOption"]);
  });

  it("findings say why, in plain words", () => {
    expect(explanation.findings.map((f) => f.message)).toEqual([
      "the 10-minute window of $CPUPercent received 40 % (8 of 20 samples), under the 70 % required: this statement fails for the first minutes of a new pool, or after a gap in the metric",
      "the run failed at line 2, col 50 (Line 2, Col 50: Insufficient data from data set: $CPUPercent wanted 70%, received 40%): the pool keeps its targets (4 dedicated, 0 low-priority)",
    ]);
  });
});

describe("explain: truncation, unset options, stop(), && and ||", () => {
  it("a fractional target is truncated; an unset deallocation option is requeue", () => {
    const { explanation } = evaluateAutoScale("$TargetDedicatedNodes = 2.9;", { now: NOW, pool: POOL }, { explain: true });
    expect(explanation.findings.map((f) => f.message)).toEqual([
      "`$TargetDedicatedNodes` = 2.9 is truncated to 2 nodes",
      "`$NodeDeallocationOption` is not set: requeue (tasks running on removed nodes are stopped and requeued)",
    ]);
  });

  it("a floor that binds is a finding; a min/max that did not bind is not", () => {
    // max(0, min(-3, 20)) = 0: the floor 0 bound (-3 < 0). max(0, min(5, 20)) = 5: nothing bound.
    const floor = evaluateAutoScale("$TargetDedicatedNodes = max(0, min($CurrentDedicatedNodes - 7, 20));\n$NodeDeallocationOption = requeue;", { now: NOW, pool: POOL }, { explain: true });
    expect(floor.explanation.findings.map((f) => f.message)).toEqual(["`$TargetDedicatedNodes` was held at the floor of `max(0, …)` at line 1: 0"]);
    const free = evaluateAutoScale("$TargetDedicatedNodes = max(0, min($CurrentDedicatedNodes + 1, 20));\n$NodeDeallocationOption = requeue;", { now: NOW, pool: POOL }, { explain: true });
    expect(free.explanation.findings).toEqual([]);
    // All arguments equal: nothing bound.
    const tie = evaluateAutoScale("$TargetDedicatedNodes = max(0, min($CurrentDedicatedNodes - 4, 20));\n$NodeDeallocationOption = requeue;", { now: NOW, pool: POOL }, { explain: true });
    expect(tie.explanation.findings).toEqual([]);
  });

  it("stop() ends the run where it is called", () => {
    const formula = "$TargetDedicatedNodes = 3;\n$x = $CurrentDedicatedNodes > 2 ? stop() : 1;\n$TargetDedicatedNodes = 5;\n";
    const { run, explanation } = evaluateAutoScale(formula, { now: NOW, pool: POOL }, { explain: true });
    expect(run.results.startsWith("$TargetDedicatedNodes=3;")).toBe(true);
    expect(explanation.end).toMatchObject({ kind: "stop", line: 2, column: 35 });
    expect(explanation.findings.map((f) => f.kind)).toContain("stop");
  });

  it("&& and || record their result", () => {
    // 4 > 2 && 0 → false; 0 || 4 > 2 → true.
    const { explanation } = evaluateAutoScale("$a = $CurrentDedicatedNodes > 2 && 0;\n$b = 0 || $CurrentDedicatedNodes > 2;\n$TargetDedicatedNodes = $a + $b;", { now: NOW, pool: POOL }, { explain: true });
    expect(explanation.branches.map((b) => [b.op, b.outcome])).toEqual([
      ["&&", false],
      ["||", true],
    ]);
    expect(explanation.findings.map((f) => f.kind)).toEqual(["unset"]);
  });

  it("a formula that does not compile: the run's syntax error, no trace", () => {
    const { run, explanation } = evaluateAutoScale("$TargetDedicatedNodes = ;", { now: NOW, pool: POOL }, { explain: true });
    expect(run.error?.code).toBe("AutoScalingFormulaSyntaxError");
    expect(explanation).toMatchObject({ statements: [], end: { kind: "error" } });
  });

  it("a bad context: the context error, no trace", () => {
    const { program } = compile("$TargetDedicatedNodes = 1;");
    const { run, explanation } = program!.explain({ now: "never", pool: POOL });
    expect(run.error?.code).toBe("InvalidAutoScaleEvaluationContext");
    expect(explanation.end.kind).toBe("error");
  });
});

describe("explain never changes the run", () => {
  const dir = new URL("../../samples/", import.meta.url);
  const formulas = readdirSync(dir).filter((f) => f.endsWith(".formula"));
  const contexts: EvalContext[] = [
    { now: NOW, pool: POOL },
    { now: NOW, pool: POOL, samples: { $PendingTasks: series(40, 12), $CPUPercent: series(40, 80), $ActiveTasks: series(40, 3), $RunningTasks: series(40, 2) } },
    { now: NOW, pool: { ...POOL, currentLowPriorityNodes: 3 }, samples: { $PendingTasks: series(5, 2), $PreemptedNodeCount: series(30, 1) } },
  ];
  it.each(formulas)("%s", (name) => {
    const { program } = compile(readFileSync(new URL(name, dir), "utf8"));
    if (!program) return;
    for (const ctx of contexts) expect(program.explain(ctx).run).toEqual(program.evaluate(ctx).run);
  });
});
