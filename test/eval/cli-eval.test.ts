// `autoscale eval` in-process through runCli with a fake Io.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "../cli/fake-io.ts";

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
const E6 = read("samples/e06-task-based.formula");
const BUSY = read("samples/contexts/pending-tasks-busy.json");
const EMPTY = read("samples/contexts/new-pool-no-history.json");
const CSV = read("samples/contexts/pending-tasks-busy.csv");
// E6 over the busy context: 28 of 30 samples of 12 → 93.3333 %; tasks max(12, 12) = 12 → 12 nodes.
const BUSY_RESULTS = "$TargetDedicatedNodes=12;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$samples=93.3333;$targetVMs=12;$tasks=12";

describe("autoscale eval", () => {
  it("prints the results string and exits 0", async () => {
    const { io, captured } = fakeIo({ "e6.formula": E6, "ctx.json": BUSY });
    expect(await runCli(io, ["eval", "e6.formula", "--context", "ctx.json"])).toBe(0);
    expect(captured.out).toBe(`${BUSY_RESULTS}\n`);
    expect(captured.err).toBe("");
  });

  it("--json prints the AutoScaleRun; stdin works with -", async () => {
    const { io, captured } = fakeIo({ "ctx.json": EMPTY }, { stdin: E6 });
    expect(await runCli(io, ["eval", "-", "--context", "ctx.json", "--json"])).toBe(0);
    // no history: 0 % → tasks 0 → half of the pool's 4 → 2.
    expect(JSON.parse(captured.out)).toEqual({
      timestamp: "2024-05-01T12:00:00.000Z",
      results: "$TargetDedicatedNodes=2;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$samples=0;$targetVMs=2;$tasks=0",
    });
  });

  it("--metrics CSV replaces the context's samples; --now overrides the time", async () => {
    const { io, captured } = fakeIo({ "e6.formula": E6, "ctx.json": EMPTY, "m.csv": CSV });
    expect(await runCli(io, ["eval", "e6.formula", "--context", "ctx.json", "--metrics", "m.csv"])).toBe(0);
    expect(captured.out).toBe(`${BUSY_RESULTS}\n`);
    const later = fakeIo({ "e6.formula": E6, "ctx.json": EMPTY, "m.csv": CSV });
    // An hour later the newest sample is 60 minutes old: 0 % in the window, last sample 12 → 12.
    expect(await runCli(later.io, ["eval", "e6.formula", "--context", "ctx.json", "--metrics", "m.csv", "--now", "2024-05-01T13:00:00Z"])).toBe(0);
    expect(later.captured.out).toBe("$TargetDedicatedNodes=12;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$samples=0;$targetVMs=12;$tasks=12\n");
  });

  it("an evaluation error exits 1 with the results on stdout and the error on stderr", async () => {
    const { io, captured } = fakeIo({ "f.formula": "a = 1;\n$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 10));", "ctx.json": EMPTY });
    expect(await runCli(io, ["eval", "f.formula", "--context", "ctx.json"])).toBe(1);
    expect(captured.out).toBe("$TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;a=1\n");
    expect(captured.err).toContain("InsufficientSampleData: Autoscale evaluation failed due to insufficient sample data");
    expect(captured.err).toContain("f.formula:2:52: error E401: Insufficient data from data set: $PendingTasks wanted 70%, received 0%");
  });

  it("a syntax error exits 1 with rendered diagnostics (and the REST shape with --json)", async () => {
    const files = { "s.formula": "$TargetDedicatedNodes = min(1, 2)\n$NodeDeallocationOption = taskcompletion;", "ctx.json": EMPTY };
    const plain = fakeIo(files);
    expect(await runCli(plain.io, ["eval", "s.formula", "--context", "ctx.json"])).toBe(1);
    expect(plain.captured.err).toContain("s.formula:1:34: error P202: Missing ';' between statements.");
    const json = fakeIo(files);
    expect(await runCli(json.io, ["eval", "s.formula", "--context", "ctx.json", "--json"])).toBe(1);
    expect(JSON.parse(json.captured.out).error.code).toBe("AutoScalingFormulaSyntaxError");
  });

  it("an undefined name runs the statements before it, like the service", async () => {
    const { io, captured } = fakeIo({ "u.formula": "a = 1; $TargetDedicatedNodes = $something_useless;", "ctx.json": EMPTY });
    expect(await runCli(io, ["eval", "u.formula", "--context", "ctx.json"])).toBe(1);
    expect(captured.out).toBe("$TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;a=1\n");
    expect(captured.err).toContain("AutoScalingFormulaEvaluationError: Line 1, Col 32: Undefined symbol: $something_useless");
  });

  it("bad context JSON: file:line:col message, exit 2, no stack trace", async () => {
    const { io, captured } = fakeIo({ "e6.formula": E6, "ctx.json": '{\n  "now": "2024-05-01T12:00:00Z",\n  "pool": { "targetDedicatedNodes": 1, }\n}' });
    expect(await runCli(io, ["eval", "e6.formula", "--context", "ctx.json"])).toBe(2);
    expect(captured.err).toMatch(/^ctx\.json:3:40: error R502: invalid JSON: /);
    expect(captured.err).not.toContain("    at ");
  });

  it("a truncated context file gives one diagnostic, not one per open brace", async () => {
    const { io, captured } = fakeIo({ "e6.formula": E6, "ctx.json": '{"now": 5, "pool": {\n' });
    expect(await runCli(io, ["eval", "e6.formula", "--context", "ctx.json"])).toBe(2);
    expect(captured.err.match(/error R502/g)).toHaveLength(1);
  });

  it("invalid context values are reported at their place", async () => {
    const ctx = '{\n  "now": "soon",\n  "pool": { "targetDedicatedNodes": "two" },\n  "samples": { "$PendingTasks": [["2024-05-01T11:00:00Z", "x"]] }\n}';
    const { io, captured } = fakeIo({ "e6.formula": E6, "ctx.json": ctx });
    expect(await runCli(io, ["eval", "e6.formula", "--context", "ctx.json"])).toBe(2);
    expect(captured.err).toContain('ctx.json:2:10: error R502: now: "soon" is not an ISO 8601 / RFC 1123 time or epoch milliseconds');
    expect(captured.err).toContain('ctx.json:3:37: error R502: pool.targetDedicatedNodes: "two" is not a number');
    expect(captured.err).toContain('ctx.json:4:34: error R502: $PendingTasks[0]: value "x" is not a finite number');
  });

  it("bad CSV rows are reported at their line; missing files and flags are usage errors", async () => {
    const bad = fakeIo({ "e6.formula": E6, "ctx.json": EMPTY, "m.csv": "timestamp,$PendingTasks\nnope,1\n" });
    expect(await runCli(bad.io, ["eval", "e6.formula", "--context", "ctx.json", "--metrics", "m.csv"])).toBe(2);
    expect(bad.captured.err).toContain("m.csv:2:1: error R502:");
    const missing = fakeIo({ "e6.formula": E6 });
    expect(await runCli(missing.io, ["eval", "e6.formula", "--context", "nope.json"])).toBe(2);
    expect(missing.captured.err).toBe("autoscale eval: cannot read 'nope.json': no such file or directory\n");
    const noFlag = fakeIo({ "e6.formula": E6 });
    expect(await runCli(noFlag.io, ["eval", "e6.formula"])).toBe(2);
  });
});
