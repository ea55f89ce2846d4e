import { describe, expect, it } from "vitest";
import { parseTestFile } from "../../src/testing/test-file.ts";
import { runTest, testContext, testSubject } from "../../src/testing/run.ts";

const E06 = `$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
$tasks = $samples < 70 ? max(0,$PendingTasks.GetSample(1)) : max( $PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
$targetVMs = $tasks > 0? $tasks:max(0, $TargetDedicatedNodes/2);
$TargetDedicatedNodes = max(0, min($targetVMs, 20));
$NodeDeallocationOption = taskcompletion;`;

function parseOk(text: string) {
  const r = parseTestFile(text);
  if (!r.file) throw new Error(JSON.stringify(r.problems));
  return r.file;
}

describe("test files", () => {
  it("reads the minimal format; omitted pool fields are 0 and taskSlotsPerNode 1", () => {
    const file = parseOk(`formula: f.formula
tests:
  - name: t
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "1 2 _ 4" }
    expect: { $TargetDedicatedNodes: 3 }
`);
    expect(file.formula).toBe("f.formula");
    const [t] = file.tests;
    expect(t!.line).toBe(3);
    expect(t!.pool).toEqual({ targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 });
    expect(t!.expect.values).toEqual([["$TargetDedicatedNodes", 3]]);
    // One value per 30 s; the newest is stamped now − 60 s (just visible); `_` is skipped.
    const now = Date.UTC(2024, 4, 1, 12);
    expect(testContext(t!).samples).toEqual({
      $PendingTasks: [
        [now - 60_000 - 90_000, 1],
        [now - 60_000 - 60_000, 2],
        [now - 60_000, 4],
      ],
    });
  });

  it("`every` on a test overrides the 30 s period; the availability delay comes from options", () => {
    const file = parseOk(`formula: f.formula
every: 2m
tests:
  - name: t
    now: 2024-05-01T12:00:00Z
    every: 1m
    options: { availabilityDelayMs: 0 }
    series: { $CPUPercent: "5x1" }
    expect: { x: 1 }
`);
    const now = Date.UTC(2024, 4, 1, 12);
    expect(testContext(file.tests[0]!).samples).toEqual({ $CPUPercent: [[now - 60_000, 5], [now, 5]] });
  });

  it.each([
    ["tests: []\n", 1, 1, "missing 'formula'"],
    ["formula: f\ntests:\n  - name: a\n    now: yesterday\n    expect: { x: 1 }\n", 4, 10, "now: 'yesterday' is not"],
    ["formula: f\ntests:\n  - name: a\n    now: 2024-01-01T00:00:00Z\n    series: { $X: \"1 2 zz\" }\n    expect: { x: 1 }\n", 5, 24, "series '$X': 'zz' is not a series piece"],
    ["formula: f\ntests:\n  - name: a\n    now: 2024-01-01T00:00:00Z\n", 3, 5, "the test has no 'expect'"],
    ["formula: f\ntests:\n  - name: a\n    now: 2024-01-01T00:00:00Z\n    pool: { currentDedicatedNodes: many }\n    expect: { x: 1 }\n", 5, 36, "pool.currentDedicatedNodes must be a finite number"],
    ["formula: f\ntests:\n  - name: a\n    now: 2024-01-01T00:00:00Z\n    expcet: { x: 1 }\n", 5, 5, "unknown test field 'expcet'"],
    ["formula: f\ntests: [\n", 3, 1, ""],
    ["formula: f\nformula: g\ntests: []\n", 2, 1, "Map keys must be unique"],
  ])("malformed file → line and column: %j", (text, line, column, message) => {
    const r = parseTestFile(text);
    expect(r.file).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ line, column });
    expect(r.problems[0]!.message).toContain(message);
  });

  it("never throws on arbitrary text", () => {
    for (const text of ["", "---", "- 1", "{", "formula: [", "&a [*a, *a]", "\u0000", "x: !!binary zz", "a: &a\n  b: *a\n"]) {
      expect(() => parseTestFile(text)).not.toThrow();
    }
  });
});

describe("running tests", () => {
  const file = parseOk(`formula: e06.formula
tests:
  - name: busy queue scales out
    now: 2024-05-01T12:00:00Z
    pool: { currentDedicatedNodes: 4, taskSlotsPerNode: 1 }
    series: { $PendingTasks: "12x29" }
    expect: { $TargetDedicatedNodes: 12, $NodeDeallocationOption: taskcompletion, $samples: 93.3333 }
  - name: wrong on purpose
    now: 2024-05-01T12:00:00Z
    pool: { targetDedicatedNodes: 8 }
    series: { $PendingTasks: "0x29" }
    expect: { $TargetDedicatedNodes: 5, $nothing: 1 }
  - name: no history fails for insufficient data
    now: 2024-05-01T12:00:00Z
    expect: { error: InsufficientSampleData, message: "wanted 70%" }
  - name: expecting an error that does not happen
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "3x40" }
    expect: { error: InsufficientSampleData }
`);
  const subject = testSubject(E06);
  const [busy, wrong, empty, noError] = file.tests.map((t) => runTest(subject, t));

  it("passes when every expectation holds (28 of 30 samples in the 15-minute window: 93.3333 %)", () => {
    expect(busy).toMatchObject({ passed: true, mismatches: [] });
  });

  it("reports each mismatch with expected and actual", () => {
    expect(wrong!.passed).toBe(false);
    expect(wrong!.mismatches).toEqual([
      { what: "$TargetDedicatedNodes", expected: "5", actual: "4" },
      { what: "$nothing", expected: "1", actual: "not in the results (never assigned)" },
    ]);
  });

  it("checks error codes and message substrings", () => {
    // GetSample over 15 minutes with no history: 0 % received, under the 70 % default.
    const windowed = testSubject("$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 15));");
    expect(runTest(windowed, file.tests[2]!)).toMatchObject({ passed: true });
    // e06 guards its window with GetSamplePercent: an empty history gives 0 nodes, no error.
    expect(empty!.mismatches).toEqual([{ what: "error", expected: "InsufficientSampleData", actual: "none" }, { what: "message", expected: "…wanted 70%…", actual: "no error" }]);
    expect(noError!.mismatches).toEqual([{ what: "error", expected: "InsufficientSampleData", actual: "none" }]);
  });

  it("a formula that does not compile still runs as the service would (syntax error run)", () => {
    const r = runTest(testSubject("$TargetDedicatedNodes = ;"), file.tests[2]!);
    expect(r.passed).toBe(false);
    expect(r.mismatches[0]).toMatchObject({ what: "error", expected: "InsufficientSampleData" });
    expect(r.mismatches[0]!.actual).toContain("AutoScalingFormulaSyntaxError");
  });
});
