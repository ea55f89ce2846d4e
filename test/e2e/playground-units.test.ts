// The playground's pure modules, in Node (no browser): share links and state files, the series
// notation round trip, the dry-run runner behind the worker, exports and duration words.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDryRun } from "../../playground/dryrun-run.ts";
import { chartSvg, formatDuration, timelineCsv } from "../../playground/export.ts";
import { stampSeries, toNotation } from "../../playground/series-editor.ts";
import { decodeHash, encodeState, parseStateJson } from "../../playground/share.ts";
import { parseSeries } from "../../src/entry/testing.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("share", () => {
  it("round-trips every control's state", () => {
    const state = { formula: "$TargetDedicatedNodes = 1;", context: "a.json", workload: "w.csv", interval: 5, tab: "dryrun", live: false, edits: { pool: "{}" }, compare: "$TargetDedicatedNodes = 2;", prices: { dedicated: 1, lowPriority: 0.25 } };
    const d = decodeHash(encodeState(state));
    expect(d).toEqual({ kind: "state", state: { ...state, example: undefined, edits: { now: undefined, pool: "{}", samples: undefined } } });
  });

  it.each([
    ["", "none"],
    ["#", "none"],
    ["#s=", "damaged"],
    ["#s=garbage!!", "damaged"],
    ["#x=1", "damaged"],
  ])("%j is %s", (hash, kind) => {
    expect(decodeHash(hash).kind).toBe(kind);
  });

  it("reads a state file and says why one is not", () => {
    expect(parseStateJson('{"formula":"x = 1;"}').kind).toBe("state");
    expect(parseStateJson("{")).toEqual({ kind: "damaged", reason: "it is not valid JSON" });
    expect(parseStateJson('{"formula":1}')).toEqual({ kind: "damaged", reason: "it has no formula" });
    // Prices must be two non-negative numbers; anything else falls back to the defaults.
    for (const prices of ['{"dedicated":-1,"lowPriority":0}', '{"dedicated":1}', '"cheap"']) {
      const d = parseStateJson(`{"formula":"x = 1;","prices":${prices}}`);
      expect(d.kind === "state" && d.state.prices).toBeUndefined();
    }
  });
});

describe("series notation", () => {
  it.each([
    [[12, 12, 12], "12x2"],
    [[1, 2, 2, undefined, undefined, 3], "1 2x1 _x2 3"],
    [[5], "5"],
  ])("%j → %j and back", (values, notation) => {
    expect(toNotation(values)).toBe(notation);
    expect(parseSeries(notation)).toEqual({ values });
  });

  it("stamps the newest value at now − 60 s, one every 30 s, leaving missing samples out", () => {
    const now = Date.parse("2024-05-06T12:00:00Z");
    expect(stampSeries([1, undefined, 3], now)).toEqual([
      ["2024-05-06T11:58:00.000Z", 1],
      ["2024-05-06T11:59:00.000Z", 3],
    ]);
  });
});

describe("dry-run runner", () => {
  const csv = "submit,duration\n0,600\n0,600\n60,1200\n";
  it("runs a formula over a workload", async () => {
    const r = await runDryRun({ formula: "$TargetDedicatedNodes = 2;", trace: { name: "t.csv", text: csv }, intervalMs: 300_000 });
    expect(r.problems).toEqual([]);
    expect(r.rows.length).toBeGreaterThan(1);
    expect(r.summary?.tasks.total).toBe(3);
  });

  it("places a syntax error at its line and column", async () => {
    const r = await runDryRun({ formula: "$a = 1;\n$TargetDedicatedNodes = ;", trace: { name: "t.csv", text: csv }, intervalMs: 300_000 });
    expect(r.rows).toEqual([]);
    expect(r.problems.join("\n")).toMatch(/^formula:2:\d+: error P2\d\d/m);
  });

  it.each(["", "hello\nworld\n", "submit,duration\n"])("refuses a workload with no tasks: %j", async (text) => {
    const r = await runDryRun({ formula: "$TargetDedicatedNodes = 2;", trace: { name: "x.csv", text }, intervalMs: 300_000 });
    expect(r.rows).toEqual([]);
    expect(r.summary).toBeUndefined();
    expect(r.problems.at(-1)).toContain("no tasks found");
  });

  it("reads an Azure Batch task export and SWF (detected from the name or the content), with cost and elasticity", async () => {
    const batch = readFileSync(join(REPO_ROOT, "samples/workloads/batch-job-render.json"), "utf8");
    const swf = readFileSync(join(REPO_ROOT, "samples/workloads/tiny.swf"), "utf8");
    for (const trace of [{ name: "render.json", text: batch }, { name: "pasted", text: batch }, { name: "tiny.swf", text: swf }, { name: "pasted", text: swf }]) {
      const r = await runDryRun({ formula: "$TargetDedicatedNodes = 2;", trace, intervalMs: 300_000, slotsPerNode: 4 });
      expect(r.problems, trace.name).toEqual([]);
      expect(r.format).toBe(trace.text === batch ? "batch-json" : "swf");
      expect(r.summary!.tasks.total).toBeGreaterThan(0);
      expect(r.cost!.total).toBeCloseTo(r.summary!.nodeHours.dedicated * 0.192 + r.summary!.nodeHours.lowPriority * 0.038, 9);
      expect(r.elasticity!.resizes).toBeGreaterThanOrEqual(1);
    }
  });

  it("a bad Batch export names its line and JSON path", async () => {
    const text = '{"value": [\n{"id": "t1", "creationTime": "x"}\n]}';
    const r = await runDryRun({ formula: "$TargetDedicatedNodes = 2;", trace: { name: "bad.json", text }, intervalMs: 300_000 });
    expect(r.summary).toBeUndefined();
    expect(r.problems.at(-1)).toContain("no tasks found");
    expect(r.problems[0]).toMatch(/^bad\.json:2: error R502: \$\.value\[0\]: task 'bad\/t1': creationTime "x"/);
  });

  it("compares two formulas on the same trace", async () => {
    const r = await runDryRun({ formula: "$TargetDedicatedNodes = 2;", compare: "$TargetDedicatedNodes = 4;", trace: { name: "t.csv", text: csv }, intervalMs: 300_000, prices: { dedicated: 1, lowPriority: 0 } });
    expect(r.compare!.summary!.tasks.total).toBe(3);
    expect(r.compare!.cost!.total).toBeGreaterThan(r.cost!.total);
    expect(r.compare!.rows.length).toBeGreaterThan(1);
  });
});

describe("exports", () => {
  const rows = [
    { time: Date.parse("2024-03-04T00:00:00Z"), demand: 2, queued: 1, running: 1, dedicated: 1, lowPriority: 0, targetDedicated: 2, targetLowPriority: 0, applied: true, note: "" },
    { time: Date.parse("2024-03-04T00:15:00Z"), demand: 0, queued: 0, running: 0, dedicated: 2, lowPriority: 0, targetDedicated: 0, targetLowPriority: 0, applied: false, note: 'a "quoted", note' },
  ];
  it("writes the timeline as CSV with quoting", () => {
    expect(timelineCsv(rows).split("\n")).toEqual([
      "time,demand,queued,running,dedicated_usable,low_priority_usable,target_dedicated,target_low_priority,applied,note",
      "2024-03-04T00:00:00.000Z,2,1,1,1,0,2,0,true,",
      '2024-03-04T00:15:00.000Z,0,0,0,2,0,0,0,false,"a ""quoted"", note"',
      "",
    ]);
  });

  it("draws a standalone SVG with one path per series and escaped labels", () => {
    const svg = chartSvg(rows.map((r) => r.time), [{ label: "a<b", stroke: "#f00", values: [1, 2] }, { label: "c", stroke: "#00f", values: [0, 1], dash: [4, 2] }]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("a&lt;b");
    expect(svg).toContain('stroke-dasharray="4 2"');
    expect(svg).toContain("time (UTC)");
  });

  it.each([
    [NaN, "—"],
    [950, "950 ms"],
    [42_000, "42 s"],
    [200_000, "3 min 20 s"],
    [155_636_000, "43 h 13 min"],
    [3_600_000, "1 h"],
  ])("formatDuration(%d) = %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

it("the workload globs name data files only (the generator script stays out of the bundle)", () => {
  const examples = readFileSync(new URL("../../playground/examples.ts", import.meta.url), "utf8");
  expect(examples).not.toMatch(/samples\/workloads\/\*"/);
});
