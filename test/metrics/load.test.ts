import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";
import { loadSamplesCsv, parseSampleTime, samplesFromRecord } from "../../src/metrics/load.ts";

describe("parseSampleTime", () => {
  it.each([
    ["2024-01-01T00:00:30Z", Date.UTC(2024, 0, 1, 0, 0, 30)],
    ["2024-01-01T01:00:30+01:00", Date.UTC(2024, 0, 1, 0, 0, 30)],
    ["2024-01-01T00:00:30.123456Z", Date.UTC(2024, 0, 1, 0, 0, 30, 123)],
    [1_700_000_000_000, 1_700_000_000_000],
    ["1700000000000", 1_700_000_000_000],
  ])("%s", (input, expected) => expect(parseSampleTime(input)).toBe(expected));
  it.each([["yesterday"], ["2024-01-01"], ["2024-01-01T00:00:30"], [NaN], [null], [1e18], [-1e15]])("rejects %s", (input) =>
    expect(parseSampleTime(input)).toBeUndefined(),
  );
});

describe("samplesFromRecord", () => {
  it("loads [[time, value], …] per metric, with or without $", () => {
    const { store, diagnostics } = samplesFromRecord({ PendingTasks: [["2024-01-01T00:00:30Z", 2], [0, 1]], $CPUPercent: [] });
    expect(diagnostics).toEqual([]);
    expect([...store.get("$PendingTasks").values]).toEqual([1, 2]);
    expect(store.has("$CPUPercent")).toBe(true);
  });
  it("reports bad entries without throwing", () => {
    const { store, diagnostics } = samplesFromRecord({ $PendingTasks: [["nope", 1], [1, "x"], [2, 3], 5], $X: 3 });
    expect(diagnostics.map((d) => d.code)).toEqual(["R502", "R502", "R502", "R502"]);
    expect(diagnostics[0]!.message).toContain("$PendingTasks[0]");
    expect([...store.get("$PendingTasks").values]).toEqual([3]);
    expect(samplesFromRecord([1, 2]).diagnostics).toHaveLength(1);
  });
});

describe("loadSamplesCsv", () => {
  it("reads a timestamp column and one column per metric; empty cells are missing samples", () => {
    const csv = "timestamp,$PendingTasks,ActiveTasks\n2024-01-01T00:00:00Z,1,2\n\n2024-01-01T00:00:30Z,3,\n";
    const { store, diagnostics } = loadSamplesCsv(csv);
    expect(diagnostics).toEqual([]);
    expect([...store.get("$PendingTasks").values]).toEqual([1, 3]);
    expect([...store.get("$ActiveTasks").values]).toEqual([2]);
  });
  it("reports bad rows at their file line", () => {
    const csv = "timestamp,$PendingTasks\n2024-01-01T00:00:00Z,1\nlater,2\n2024-01-01T00:01:00Z,abc\n";
    const { store, diagnostics } = loadSamplesCsv(csv);
    expect(store.get("$PendingTasks").length).toBe(1);
    const rendered = diagnostics.map((d) => formatDiagnostic(d, csv, { fileName: "m.csv" }).split("\n")[0]);
    expect(rendered).toEqual([
      'm.csv:3:1: error R502: timestamp "later" is neither epoch milliseconds nor an ISO 8601 date-time with a zone',
      'm.csv:4:1: error R502: $PendingTasks: "abc" is not a number',
    ]);
  });
  it("reports a missing timestamp column, an empty file and a broken quote", () => {
    expect(loadSamplesCsv("time,$X\n1,2\n").diagnostics[0]!.message).toContain("no 'timestamp' column");
    expect(loadSamplesCsv("").diagnostics[0]!.message).toContain("empty");
    const broken = loadSamplesCsv('timestamp,$X\n1,"2\n');
    expect(broken.diagnostics[0]!.message).toMatch(/^CSV: /);
  });
});
