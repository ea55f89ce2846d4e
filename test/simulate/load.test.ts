// Workload loading: CSV with and without header, ISO and relative times, JSONL, and errors that
// name their line.
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";
import { loadWorkload, validateTasks } from "../../src/simulate/load.ts";
import { formatDuration, parseDuration } from "../../src/simulate/duration.ts";

describe("loadWorkload", () => {
  it("reads a headerless CSV positionally: submit,duration,slots,retention,id", () => {
    const r = loadWorkload("0,60\n30,1.5,2,600,t-b\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.workload).toEqual({
      relative: true,
      tasks: [
        { submit: 0, duration: 60_000, slots: 1 },
        { submit: 30_000, duration: 1_500, slots: 2, retention: 600_000, id: "t-b" },
      ],
    });
  });

  it("reads a header in any order, comments, ISO times and duration strings", () => {
    const r = loadWorkload("# a comment\nid,duration,submit\nx,15m,2024-03-04T01:00:00Z\ny,PT1H,2024-03-04T01:00:30.5Z\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.workload.relative).toBe(false);
    expect(r.workload.tasks).toEqual([
      { id: "x", submit: Date.UTC(2024, 2, 4, 1), duration: 900_000, slots: 1 },
      { id: "y", submit: Date.UTC(2024, 2, 4, 1, 0, 30, 500), duration: 3_600_000, slots: 1 },
    ]);
  });

  it("reads JSON Lines (detected from the first data line)", () => {
    const r = loadWorkload('{"submit": 0, "duration": 60}\n\n{"submit": 5, "duration": "2m", "slots": 3, "id": "b"}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.workload.tasks).toEqual([
      { submit: 0, duration: 60_000, slots: 1 },
      { submit: 5_000, duration: 120_000, slots: 3, id: "b" },
    ]);
  });

  it.each([
    ["submit,duration\n0,60\nabc,10\n", 3, 'submit "abc" is neither seconds'],
    ["submit,duration\n0,60\n5,-3\n", 3, 'duration "-3"'],
    ["submit,duration,slots\n0,60,0\n", 2, 'slots "0" is not a positive integer'],
    ["submit,duration\n0,60\n2024-01-01T00:00:00Z,5\n", 3, "mixes absolute date-times"],
    ["id,submit,duration\na,0,1\na,1,1\n", 3, "task id 'a' was already used on line 2"],
    ["submit,duration,colour\n0,1,red\n", 1, "unknown column 'colour'"],
    ["submit\n0\n", 1, "no 'duration' column"],
    ['{"submit": 0, "duration": 1}\n{"submit": 0,\n', 2, "invalid JSON"],
    ['{"submit": 0, "duration": 1, "prio": 3}\n', 1, "unknown field 'prio'"],
    ['0,1\n"unterminated,2\n', 2, "CSV:"],
  ])("reports %j at line %i", (text, line, message) => {
    const r = loadWorkload(text);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("R502");
    expect(d.message).toContain(message);
    expect(formatDiagnostic(d, text, { fileName: "trace.csv" })).toMatch(new RegExp(`^trace\\.csv:${line}:1: error R502`));
  });

  it("never throws on arbitrary text", () => {
    for (const text of ["", "\u0000", "{", "[1,2]\n", ",,,\n", '"', "submit,duration\n\n\n"]) {
      expect(() => loadWorkload(text)).not.toThrow();
    }
  });

  it("validates tasks given directly", () => {
    expect(validateTasks([{ submit: 0, duration: 1 }])).toEqual([]);
    expect(validateTasks([{ submit: NaN, duration: 1 }])[0]?.message).toMatch(/submit/);
    expect(validateTasks([{ submit: 0, duration: 1, slots: 1.5 }])[0]?.message).toMatch(/slots/);
    // JavaScript callers can pass anything: a diagnostic, never a TypeError.
    expect(validateTasks([null as never, 7 as never])).toEqual([
      expect.objectContaining({ code: "R502", message: "task 1 is not an object" }),
      expect.objectContaining({ code: "R502", message: "task 2 is not an object" }),
    ]);
    expect(validateTasks(null as never)[0]?.message).toBe("tasks must be an array, got null");
    expect(loadWorkload(42 as never).diagnostics[0]?.message).toMatch(/expected a string, got a number/);
  });
});

describe("durations", () => {
  it.each([
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["90", 90_000],
    ["PT15M", 900_000],
    ["P1DT2H", 93_600_000],
    ["500ms", 500],
    ["2w", 1_209_600_000],
    ["abc", undefined],
    ["15 m", undefined],
    ["PT", undefined],
  ])("parseDuration(%j) = %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("formats compactly", () => {
    expect(formatDuration(900_000)).toBe("15m");
    expect(formatDuration(93_784_000)).toBe("1d2h3m4s");
    expect(formatDuration(0)).toBe("0s");
  });
});
