// `autoscale eval --explain`: the annotated formula and findings; with --json, an `explain` field.
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "./fake-io.ts";

const FORMULA = [
  "$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);",
  "$tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : avg($PendingTasks.GetSample(TimeInterval_Minute * 15));",
  "$TargetDedicatedNodes = max(0, min($tasks, 20));",
  "",
].join("\n");
// 3 visible samples in the 15-minute window (11:45, 12:00]: 3 of 30 = 10 % → the then-branch, 40 → capped at 20.
const CONTEXT = JSON.stringify({
  now: "2024-05-01T12:00:00Z",
  pool: { targetDedicatedNodes: 4, currentDedicatedNodes: 4 },
  samples: { $PendingTasks: [["2024-05-01T11:53:30Z", 40], ["2024-05-01T11:56:00Z", 40], ["2024-05-01T11:59:00Z", 40]] },
});

describe("autoscale eval --explain", () => {
  it("prints the results, then each line with its values, then the findings", async () => {
    const { io, captured } = fakeIo({ "f.formula": FORMULA, "c.json": CONTEXT });
    expect(await runCli(io, ["eval", "f.formula", "--context", "c.json", "--explain"])).toBe(0);
    expect(captured.out).toBe(
      [
        "$TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$samples=10;$tasks=40",
        "",
        "1 | $samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);    // $samples = 10; $PendingTasks.GetSamplePercent: 3/30 samples in 00:15:00 (10 %)",
        "2 | $tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : avg($PendingTasks.GetSample(TimeInterval_Minute * 15));    // $tasks = 40; $PendingTasks.GetSample: 1 sample; ?: then",
        "3 | $TargetDedicatedNodes = max(0, min($tasks, 20));    // $TargetDedicatedNodes = 20",
        "",
        "The run completed.",
        "",
        "Findings:",
        "  line 1: `$NodeDeallocationOption` is not set: requeue (tasks running on removed nodes are stopped and requeued)",
        "  line 1: the 15-minute window of $PendingTasks received 10 % (3 of 30 samples)",
        "  line 3: `$TargetDedicatedNodes` was capped by `min(…, 20)` at line 3: 20",
        "",
      ].join("\n"),
    );
  });

  it("marks statements that did not run and says where the run failed", async () => {
    const failing = "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 15));\n$NodeDeallocationOption = taskcompletion;\n";
    const { io, captured } = fakeIo({ "f.formula": failing, "c.json": CONTEXT });
    expect(await runCli(io, ["eval", "f.formula", "--context", "c.json", "--explain"])).toBe(1);
    expect(captured.out).toContain("// $PendingTasks.GetSample: 3/30 samples in 00:15:00 (10 %, needs 70 %) FAILED; not run\n");
    expect(captured.out).toContain("2 | $NodeDeallocationOption = taskcompletion;    // not run\n");
    expect(captured.out).toContain("The run failed: Line 1, Col 52: Insufficient data from data set: $PendingTasks wanted 70%, received 10%\n");
  });

  it("--json: the AutoScaleRun with the trace as its `explain` field", async () => {
    const { io, captured } = fakeIo({ "f.formula": FORMULA, "c.json": CONTEXT });
    expect(await runCli(io, ["eval", "f.formula", "--context", "c.json", "--explain", "--json"])).toBe(0);
    const json = JSON.parse(captured.out);
    expect(json.results).toBe("$TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$samples=10;$tasks=40");
    expect(json.explain.statements).toHaveLength(3);
    expect(json.explain.queries[0]).toMatchObject({ metric: "$PendingTasks", selected: 3, expected: 30, percent: 10 });
    expect(json.explain.branches).toEqual([{ span: expect.any(Object), op: "?:", outcome: true }]);
  });

  it("without --explain the output is unchanged", async () => {
    const { io, captured } = fakeIo({ "f.formula": FORMULA, "c.json": CONTEXT });
    expect(await runCli(io, ["eval", "f.formula", "--context", "c.json", "--json"])).toBe(0);
    expect(JSON.parse(captured.out).explain).toBeUndefined();
  });
});
