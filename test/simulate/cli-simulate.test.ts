// `autoscale simulate` in-process through a fake Io.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { loadSamplesCsv } from "../../src/metrics/load.ts";
import { REPLAY_COLUMNS, replayToCsv } from "../../src/simulate/export.ts";
import { fakeIo } from "../cli/fake-io.ts";

const read = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), "utf8");
const files = {
  "q.formula": read("dry-run/queue-depth.formula"),
  "small.jsonl": read("workloads/small.jsonl"),
  "trace.csv": "submit,duration\n0,600\n60,300\n",
  "bad.csv": "submit,duration\n0,60\nabc,10\n",
  "metrics.csv": read("metrics/trickle-recorded.csv"),
  "broken.formula": "$TargetDedicatedNodes = ;",
};

describe("autoscale simulate", () => {
  it("prints a table, the summary and a terminal chart", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "small.jsonl", "--interval", "5m"])).toBe(0);
    expect(captured.out).toMatch(/^time \(UTC\)\s+target D\/LP/);
    expect(captured.out).toContain("2024-01-01T00:05Z  5/0");
    expect(captured.out).toContain("tasks            10 total: 10 succeeded");
    expect(captured.out).toContain("task wait        mean 8m, p50 8m, p95 10m, max 10m");
    expect(captured.out).toMatch(/┤/);
    expect(captured.err).toBe("");
  });

  it("--json and --csv", async () => {
    const a = fakeIo(files);
    expect(await runCli(a.io, ["simulate", "q.formula", "--workload", "small.jsonl", "--json"])).toBe(0);
    const json = JSON.parse(a.captured.out) as { summary: { tasks: { total: number } }; timeline: unknown[] };
    expect(json.summary.tasks.total).toBe(10);
    expect(json.timeline.length).toBeGreaterThan(3);
    const b = fakeIo(files);
    expect(await runCli(b.io, ["simulate", "q.formula", "--workload", "small.jsonl", "--csv"])).toBe(0);
    expect(b.captured.out.split("\n")[0]).toMatch(/^time,targetDedicated,targetLowPriority,/);
  });

  it("writes an SVG chart and the recorded samples", async () => {
    const { io, fs } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "trace.csv", "--chart", "out.svg", "--samples-out", "s.csv"])).toBe(0);
    expect(fs.get("out.svg")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(fs.get("out.svg")).toContain("demand");
    expect(fs.get("out.svg")).toContain("role-legend"); // which line is which
    const back = loadSamplesCsv(fs.get("s.csv")!);
    expect(back.diagnostics).toEqual([]);
    expect(back.store.get("$PendingTasks").length).toBeGreaterThan(10);
  }, 20_000);

  it("names the file and line of trace errors", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "bad.csv"])).toBe(2);
    expect(captured.err).toContain("bad.csv:3:1: error R502: line 3: submit \"abc\"");
  });

  it("reports formula errors against the formula file", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "broken.formula", "--workload", "trace.csv"])).toBe(1);
    expect(captured.err).toMatch(/^broken\.formula:1:\d+: error P2/);
  });

  it.each([
    [["simulate", "q.formula"], 2, "exactly one of --workload"],
    [["simulate", "q.formula", "--workload", "trace.csv", "--metrics", "metrics.csv"], 2, "exactly one of --workload"],
    [["simulate", "q.formula", "--workload", "trace.csv", "--interval", "1m"], 2, "--interval 1m: The evaluation interval must be between 5 minutes and 168 hours"],
    [["simulate", "q.formula", "--workload", "trace.csv", "--interval", "soon"], 2, "--interval soon"],
    [["simulate", "q.formula", "--workload", "missing.csv"], 2, "autoscale simulate: cannot read 'missing.csv': no such file or directory"],
    [["simulate", "q.formula", "--workload", "trace.csv", "--slots", "0"], 2, "--slots"],
  ])("%j exits %i", async (argv, code, message) => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, argv)).toBe(code);
    expect(captured.err).toContain(message);
  });

  it("replays recorded metrics (open loop)", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--metrics", "metrics.csv"])).toBe(0);
    expect(captured.out).toMatch(/^time \(UTC\)\s+recorded D\/LP\s+formula target D\/LP/);
    // samples span 00:00 … next day 01:15 (the dry-run drained for 1 h) → 102 evaluations at 15 min
    expect(captured.out).toMatch(/\n102 evaluations, 0 failed\n$/);
  });

  it("replays recorded metrics as CSV: one row per evaluation, cells quoted when they must be", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--metrics", "metrics.csv", "--csv"])).toBe(0);
    const lines = captured.out.trimEnd().split("\n");
    expect(lines[0]).toBe(REPLAY_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 102);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z,\d+,\d+,\d+,\d+,taskcompletion,,\$TargetDedicatedNodes=/);
    const entry = { time: 0, current: { dedicated: 1, lowPriority: 0 }, poolTargets: { dedicated: 2, lowPriority: 0 }, targets: undefined };
    const run = { timestamp: "1970-01-01T00:00:00.000Z", results: 'a,"b"', error: { code: "E401", message: "m", values: [] } };
    expect(replayToCsv([{ ...entry, run }])).toBe(`${REPLAY_COLUMNS.join(",")}\n1970-01-01T00:00:00.000Z,1,0,2,0,,E401,"a,""b"""\n`);
  });
});
