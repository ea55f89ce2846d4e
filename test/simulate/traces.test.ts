// Trace loaders (issue 11): Azure Batch task exports and SWF, on hand-written files: normal,
// partial (tasks that never ran), malformed (file line / JSON path), huge (streamed).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadBatchTasks } from "../../src/simulate/traces/batch-json.ts";
import { detectTraceFormat, loadTrace, mergeTraces } from "../../src/simulate/traces/load-trace.ts";
import { loadSwf } from "../../src/simulate/traces/swf.ts";

const sample = (p: string) => readFileSync(new URL(`../../samples/workloads/${p}`, import.meta.url), "utf8");
const T0 = Date.parse("2024-03-04T09:00:00Z");

/** The text in chunks of `n` characters (as a stream would deliver it). */
async function* chunked(text: string, n: number) {
  for (let i = 0; i < text.length; i += n) yield text.slice(i, i + n);
}

describe("Batch task export (List Tasks JSON)", () => {
  it("reads completed tasks; counts tasks that did not run by reason", async () => {
    const r = await loadBatchTasks(sample("batch-job-render.json"));
    expect(r.problems).toEqual([]);
    expect(r.records).toBe(5);
    expect(r.workload.relative).toBe(false);
    expect(r.workload.tasks).toEqual([
      { id: "render/frame-001", submit: T0, duration: 12 * 60_000, slots: 1, retries: 0 },
      { id: "render/frame-002", submit: T0 + 30_000, duration: 30 * 60_000, slots: 2, retries: 2 },
    ]);
    expect(r.skipped).toEqual([
      { reason: "still running", count: 1, examples: ["render/frame-003"] },
      { reason: "never ran (state active)", count: 1, examples: ["render/frame-004"] },
      { reason: "completed without running (ResourceFilesDownloadError)", count: 1, examples: ["render/frame-005"] },
    ]);
  });

  it("streams: the same tasks whatever the chunk size", async () => {
    const text = sample("batch-job-render.json");
    const whole = await loadBatchTasks(text);
    for (const n of [1, 7, 64]) expect((await loadBatchTasks(chunked(text, n))).workload).toEqual(whole.workload);
  });

  it("a bare array (az batch task list --output json); the job id from the option when urls lack it", async () => {
    const text = `[
  {"id": "t1", "creationTime": "2024-03-04T09:00:00Z", "state": "completed", "executionInfo": {"startTime": "2024-03-04T09:01:00Z", "endTime": "2024-03-04T09:02:00Z", "retryCount": 1}},
  {"id": "t2", "creationTime": "2024-03-04T09:00:10Z", "state": "completed", "executionInfo": {"startTime": "2024-03-04T09:01:00Z", "endTime": "2024-03-04T09:01:30Z"}}
]`;
    const r = await loadBatchTasks(text, { jobId: "nightly" });
    expect(r.workload.tasks.map((t) => [t.id, t.duration, t.retries])).toEqual([["nightly/t1", 60_000, 1], ["nightly/t2", 30_000, undefined]]);
  });

  it("several files (one per job) merge into one workload", async () => {
    const a = await loadBatchTasks(`[{"id": "t1", "creationTime": "2024-03-04T09:00:00Z", "executionInfo": {"startTime": "2024-03-04T09:00:00Z", "endTime": "2024-03-04T09:01:00Z"}}]`, { jobId: "a" });
    const b = await loadBatchTasks(`[{"id": "t1", "creationTime": "2024-03-04T09:00:00Z", "state": "active"}]`, { jobId: "b" });
    const m = mergeTraces([a, b]);
    expect(m.workload.tasks.map((t) => t.id)).toEqual(["a/t1"]);
    expect(m.skipped).toEqual([{ reason: "never ran (state active)", count: 1, examples: ["b/t1"] }]);
    expect(m.records).toBe(2);
  });

  it("malformed: the line and JSON path of each problem", async () => {
    const text = `{
  "value": [
    {"id": "ok", "creationTime": "2024-03-04T09:00:00Z", "executionInfo": {"startTime": "2024-03-04T09:00:00Z", "endTime": "2024-03-04T09:01:00Z"}},
    {"id": "bad-time", "creationTime": "yesterday", "executionInfo": {}},
    {"id": "bad-json", "creationTime": "2024-03-04T09:00:00Z",, },
    42,
    {"id": "backwards", "creationTime": "2024-03-04T09:00:00Z", "requiredSlots": 0, "executionInfo": {"startTime": "2024-03-04T09:00:00Z", "endTime": "2024-03-04T09:01:00Z"}}
  ]
}`;
    const r = await loadBatchTasks(text);
    expect(r.workload.tasks.map((t) => t.id)).toEqual(["ok"]);
    expect(r.problems.map((p) => [p.line, p.path])).toEqual([[4, "$.value[1]"], [5, "$.value[2]"], [6, "$.value[3]"], [7, "$.value[4]"]]);
    expect(r.problems[0]!.message).toContain("creationTime \"yesterday\" is not an ISO 8601 date-time");
    expect(r.problems[1]!.message).toContain("invalid JSON");
    expect(r.problems[2]!.message).toBe("expected a task object, found 42");
    expect(r.problems[3]!.message).toContain("requiredSlots 0");
  });

  it("truncated file and wrong top-level shape", async () => {
    expect((await loadBatchTasks(`[{"id": "t1", "creationTime": "2024-`)).problems[0]).toMatchObject({ line: 1, message: expect.stringContaining("unexpected end") });
    expect((await loadBatchTasks(`{"odata.metadata": "x"}`)).problems[0]!.message).toContain("no 'value' array");
    expect((await loadBatchTasks(`"tasks"`)).problems[0]!.message).toContain("expected a JSON array");
  });
});

describe("SWF (Standard Workload Format)", () => {
  it("reads jobs; absolute times from UnixStartTime; cancelled and unrun jobs counted; wide jobs split per node", async () => {
    const r = await loadSwf(sample("tiny.swf"), { coresPerNode: 4 });
    expect(r.problems).toEqual([]);
    expect(r.header).toMatchObject({ UnixStartTime: "1709542800", MaxProcs: "16", MaxNodes: "4" });
    expect(r.records).toBe(6);
    expect(r.workload.relative).toBe(false);
    expect(r.workload.tasks).toEqual([
      { id: "1", submit: T0, duration: 600_000, slots: 2 },
      { id: "2", submit: T0 + 60_000, duration: 300_000, slots: 1 },
      // allocated unknown (-1): the requested 4 processors; status 0 (failed) still ran
      { id: "3", submit: T0 + 120_000, duration: 1_200_000, slots: 4 },
      // 10 processors on 4-core nodes: 3 tasks of 4, 4 and 2 slots
      { id: "6.1", submit: T0 + 300_000, duration: 900_000, slots: 4 },
      { id: "6.2", submit: T0 + 300_000, duration: 900_000, slots: 4 },
      { id: "6.3", submit: T0 + 300_000, duration: 900_000, slots: 2 },
    ]);
    expect(r.skipped).toEqual([
      { reason: "cancelled (status 5)", count: 1, examples: ["4"] },
      { reason: "run time 0 (never ran, or under 0.5 s)", count: 1, examples: ["5"] },
    ]);
    expect(r.split).toEqual({ jobs: 1, tasks: 3 });
  });

  it("without UnixStartTime the times are relative", async () => {
    const r = await loadSwf("1 30 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\n");
    expect(r.workload).toEqual({ tasks: [{ id: "1", submit: 30_000, duration: 60_000, slots: 1 }], relative: true });
  });

  it("malformed: the line of each problem", async () => {
    const text = "; UnixStartTime: 0\n1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\n2 0 0 60 1\n3 0 0 sixty 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\r\n\n4 -1 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1";
    const r = await loadSwf(chunked(text, 5));
    expect(r.workload.tasks.map((t) => t.id)).toEqual(["1"]);
    expect(r.problems).toEqual([
      { line: 3, message: "5 fields, expected the 18 fields of the Standard Workload Format" },
      { line: 4, message: "field 4 (run time) 'sixty' is not a number" },
      { line: 6, message: "job 4: submit time -1 is negative or unknown" },
    ]);
  });

  it("huge: 200,000 jobs streamed in 64 KiB chunks, the text never held whole", async () => {
    const N = 200_000;
    let chunks = 0;
    let biggest = 0;
    async function* generate() {
      let buf = "; UnixStartTime: 1709510400\n";
      for (let i = 1; i <= N; i++) {
        buf += `${i} ${i * 3} 0 ${60 + (i % 600)} ${1 + (i % 8)} -1 -1 -1 -1 -1 1 1 1 1 1 1 -1 -1\n`;
        if (buf.length >= 65_536) {
          chunks++;
          biggest = Math.max(biggest, buf.length);
          yield buf;
          buf = "";
        }
      }
      yield buf;
    }
    const r = await loadSwf(generate(), { coresPerNode: 8 });
    expect(r.problemCount).toBe(0);
    expect(r.workload.tasks.length).toBe(N);
    expect(r.workload.tasks[N - 1]).toEqual({ id: String(N), submit: Date.UTC(2024, 2, 4) + N * 3000, duration: (60 + (N % 600)) * 1000, slots: 1 + (N % 8) });
    expect(chunks).toBeGreaterThan(100);
    expect(biggest).toBeLessThan(70_000);
  });
});

describe("format detection", () => {
  it.each([
    ["a.swf", "", "swf"],
    ["a.json", "", "batch-json"],
    ["a.jsonl", "", "jsonl"],
    ["a.csv", "", "csv"],
    ["trace", "[{\"id\": \"t\"}]", "batch-json"],
    ["trace", "{\n  \"value\": []\n}", "batch-json"],
    ["trace", "{\"submit\": 0, \"duration\": 60}\n", "jsonl"],
    ["trace", "; Version: 2.2\n1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\n", "swf"],
    ["trace", "1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 1 1 1 -1 -1\n", "swf"],
    ["trace", "submit,duration\n0,60\n", "csv"],
  ])("%s %j → %s", (name, head, format) => {
    expect(detectTraceFormat(name, head)).toBe(format);
  });

  it("CSV through loadTrace: problems carry their line", async () => {
    const r = await loadTrace("submit,duration\n0,60\nabc,10\n", "csv");
    expect(r.workload.tasks.length).toBe(1);
    expect(r.problems).toEqual([{ line: 3, message: expect.stringContaining("line 3") }]);
  });
});
