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

describe("autoscale simulate --explain-at and --json reasons", () => {
  const QUEUE = "$TargetDedicatedNodes = max(0, min($PendingTasks.GetSample(1), 3));\n$NodeDeallocationOption = taskcompletion;\n";
  // 6 one-hour tasks submitted at 00:20 (relative trace: 2024-01-01T00:00Z + 20 min).
  const TRACE = "submit,duration\n1200,3600\n1200,3600\n1200,3600\n1200,3600\n1200,3600\n1200,3600\n";

  it("explains the evaluation at (or first after) the time, after the usual output", async () => {
    const { io, captured } = fakeIo({ "q.formula": QUEUE, "w.csv": TRACE });
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "w.csv", "--explain-at", "2024-01-01T00:40:00Z"])).toBe(0);
    const why = captured.out.slice(captured.out.indexOf("Why:"));
    expect(why.split("\n").slice(0, 2)).toEqual(["Why: the evaluation at 2024-01-01T00:45:00.000Z", "$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion"]);
    expect(why).toContain("1 | $TargetDedicatedNodes = max(0, min($PendingTasks.GetSample(1), 3));    // $TargetDedicatedNodes = 3; $PendingTasks.GetSample: 1 sample\n");
    expect(why).toContain("line 1: `$TargetDedicatedNodes` was capped by `min(…, 3)` at line 1: 3\n");
  });

  it("a time after the last evaluation is a usage error", async () => {
    const { io, captured } = fakeIo({ "q.formula": QUEUE, "w.csv": TRACE });
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "w.csv", "--explain-at", "2030-01-01T00:00:00Z"])).toBe(2);
    expect(captured.err).toContain("--explain-at 2030-01-01T00:00:00Z: no evaluation at or after that time");
  });

  it("--json: every timeline entry says why its targets changed or stayed", async () => {
    const { io, captured } = fakeIo({ "q.formula": QUEUE, "w.csv": TRACE });
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "w.csv", "--json"])).toBe(0);
    const { timeline } = JSON.parse(captured.out);
    expect(timeline.every((e: { reason?: string }) => typeof e.reason === "string" && e.reason.length > 0)).toBe(true);
    const at = (minute: number) => timeline.find((e: { time: number }) => e.time === Date.UTC(2024, 0, 1, 0, minute)).reason;
    // 00:00: no sample yet, min over the empty vector and 3 is 3; 00:15: the queue's 0 is visible;
    // 00:30: 6 pending, capped at 3; 00:45: still 3.
    expect(at(0)).toBe("scaled dedicated 0 → 3");
    expect(at(15)).toBe("scaled dedicated 3 → 0");
    expect(at(30)).toBe("scaled dedicated 0 → 3; `$TargetDedicatedNodes` was capped by `min(…, 3)` at line 1: 3");
    expect(at(45)).toBe("no change: the formula chose 3 dedicated, 0 low-priority, as before; `$TargetDedicatedNodes` was capped by `min(…, 3)` at line 1: 3");
  });
});
