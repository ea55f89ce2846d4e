// `autoscale simulate` on Batch exports and SWF, `--price`, and `autoscale compare`, in-process.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "./fake-io.ts";

const read = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), "utf8");
const files = {
  "q.formula": read("dry-run/queue-depth.formula"),
  "cpu.formula": read("dry-run/cpu.formula"),
  "fixed.formula": "$TargetDedicatedNodes = 3;",
  "broken.formula": "$TargetDedicatedNodes = ;",
  "render.json": read("workloads/batch-job-render.json"),
  "tiny.swf": read("workloads/tiny.swf"),
  "log.txt": read("workloads/tiny.swf"),
  "trace.csv": "submit,duration\n0,600\n60,300\n120,900\n",
  "bad.json": '[\n  {"id": "a", "creationTime": "2024-03-04T09:00:00Z", "executionInfo": {"startTime": "2024-03-04T09:00:00Z", "endTime": "2024-03-04T09:01:00Z"}},\n  {"id": "b", "creationTime": "soon"}\n]\n',
  "bad.swf": "; UnixStartTime: 0\n1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\n2 0 0 60\n",
  "prices.json": '{"dedicated": 1, "lowPriority": 0.25}',
};

describe("simulate on Batch exports and SWF", () => {
  it("a Batch export (streamed in 7-byte chunks): tasks that did not run are reported, not replayed", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "render.json", "--interval", "5m", "--slots", "2"])).toBe(0);
    expect(captured.err).toBe("note: 3 of 5 records not replayed: 1 still running (e.g. render/frame-003); 1 never ran (state active) (e.g. render/frame-004); 1 completed without running (ResourceFilesDownloadError) (e.g. render/frame-005)\n");
    expect(captured.out).toContain("tasks            2 total: 2 succeeded");
  });

  it("SWF with --cores-per-node: wide jobs as per-node tasks on 4-slot nodes; the format from the content", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["simulate", "q.formula", "--workload", "log.txt", "--cores-per-node", "4", "--json"])).toBe(0);
    const json = JSON.parse(captured.out) as { summary: { tasks: { total: number; unschedulable: number } } };
    expect(json.summary.tasks).toMatchObject({ total: 6, unschedulable: 0 });
    expect(captured.err).toContain("note: 2 of 6 records not replayed: 1 cancelled (status 5) (e.g. 4); 1 run time 0");
    expect(captured.err).toContain("note: 1 jobs wider than a node (4 cores) run as 3 per-node tasks");
  });

  it("bad files: file:line (and JSON path) of the problems, exit 2", async () => {
    const a = fakeIo(files);
    expect(await runCli(a.io, ["simulate", "q.formula", "--workload", "bad.json"])).toBe(2);
    expect(a.captured.err).toBe('bad.json:3: error R502: $[1]: task \'bad/b\': creationTime "soon" is not an ISO 8601 date-time\n');
    const b = fakeIo(files);
    expect(await runCli(b.io, ["simulate", "q.formula", "--workload", "bad.swf"])).toBe(2);
    expect(b.captured.err).toBe("bad.swf:3: error R502: 4 fields, expected the 18 fields of the Standard Workload Format\n");
    const c = fakeIo(files);
    expect(await runCli(c.io, ["simulate", "q.formula", "--workload", "trace.csv", "--format", "swf"])).toBe(2);
    expect(c.captured.err).toContain("trace.csv:1: error R502: 1 fields");
    const d = fakeIo(files);
    expect(await runCli(d.io, ["simulate", "q.formula", "--workload", "trace.csv", "--format", "xml"])).toBe(2);
    expect(d.captured.err).toContain("--format xml: expected one of batch-json, swf, csv, jsonl");
  });

  it("--price: cost and idle cost in the summary and the JSON", async () => {
    const a = fakeIo(files);
    expect(await runCli(a.io, ["simulate", "fixed.formula", "--workload", "trace.csv", "--price", "prices.json"])).toBe(0);
    expect(a.captured.out).toMatch(/^cost {13}\d+\.\d+ \(dedicated/m);
    expect(a.captured.out).toMatch(/^elasticity {7}under-provisioned/m);
    const b = fakeIo(files);
    expect(await runCli(b.io, ["simulate", "fixed.formula", "--workload", "trace.csv", "--price", "dedicated=2", "--json"])).toBe(0);
    const json = JSON.parse(b.captured.out) as { summary: { nodeHours: { dedicated: number }; idleNodeHours: { dedicated: number } }; cost: { total: number; idle: number }; elasticity: { resizes: number } };
    expect(json.cost.total).toBeCloseTo(2 * json.summary.nodeHours.dedicated, 12);
    expect(json.cost.idle).toBeCloseTo(2 * json.summary.idleNodeHours.dedicated, 12);
    expect(json.elasticity.resizes).toBe(1);
    const c = fakeIo(files);
    expect(await runCli(c.io, ["simulate", "fixed.formula", "--workload", "trace.csv", "--price", "gpu=3"])).toBe(2);
    expect(c.captured.err).toContain("--price gpu=3: unknown node kind 'gpu'");
  });
});

describe("autoscale compare", () => {
  it("one row per formula, the best of each column marked, a chart", async () => {
    const { io, captured } = fakeIo(files);
    expect(await runCli(io, ["compare", "q.formula", "fixed.formula", "--workload", "trace.csv", "--price", "dedicated=1", "--workers", "0"])).toBe(0);
    const [header, , q, fixed] = captured.out.split("\n");
    expect(header).toMatch(/^formula\s+node-h\s+cost\s+idle cost\s+wait p50\s+wait p95/);
    expect(q).toMatch(/^q {6}/);
    expect(fixed).toMatch(/^fixed /);
    expect(captured.out).toContain("* best of the column");
    expect(captured.out).toContain("fixed: nodes in the pool");
    // The fixed pool of 3 nodes never waits longer than queue-depth's allocation delays.
    expect(fixed!.split(/\s{2,}/)[5]).toMatch(/\*$/);
  });

  it("--json (the same results as with worker threads) and --csv", async () => {
    const a = fakeIo(files);
    expect(await runCli(a.io, ["compare", "q.formula", "cpu.formula", "fixed.formula", "--workload", "trace.csv", "--json", "--workers", "0"])).toBe(0);
    const b = fakeIo(files);
    expect(await runCli(b.io, ["compare", "q.formula", "cpu.formula", "fixed.formula", "--workload", "trace.csv", "--json", "--workers", "2"])).toBe(0);
    expect(b.captured.out).toBe(a.captured.out);
    const json = JSON.parse(a.captured.out) as { results: { name: string; summary: unknown; elasticity: unknown }[] };
    expect(json.results.map((r) => r.name)).toEqual(["q", "cpu", "fixed"]);
    const c = fakeIo(files);
    expect(await runCli(c.io, ["compare", "q.formula", "fixed.formula", "--workload", "trace.csv", "--csv", "--workers", "0"])).toBe(0);
    expect(c.captured.out.split("\n")[0]).toBe("formula,nodeHours,waitP50,waitP95,waitMax,makespan,requeued,terminated,evaluationErrors,underAccuracy,overAccuracy,underTimeshare,overTimeshare,instability,resizes,firstNode");
  }, 60_000);

  it("a broken formula is exit 1 with its diagnostics; no --workload is exit 2", async () => {
    const a = fakeIo(files);
    expect(await runCli(a.io, ["compare", "q.formula", "broken.formula", "--workload", "trace.csv"])).toBe(1);
    expect(a.captured.err).toContain("broken.formula:1:");
    const b = fakeIo(files);
    expect(await runCli(b.io, ["compare", "q.formula", "fixed.formula"])).toBe(2);
    expect(b.captured.err).toContain("compare needs --workload");
  });
});
