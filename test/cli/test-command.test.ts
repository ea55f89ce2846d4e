// `autoscale test`: in-process for exact output, and once as a real child process on the shipped samples.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "./fake-io.ts";

const FORMULA = "$TargetDedicatedNodes = max(0, min($PendingTasks.GetSample(1), 20));\n$NodeDeallocationOption = taskcompletion;\n";
const PASSING = `formula: q.formula
tests:
  - name: follows the queue
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "0+1x5" }
    expect: { $TargetDedicatedNodes: 5, $NodeDeallocationOption: taskcompletion }
  - name: capped at 20
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "50" }
    expect: { results: "$TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion" }
`;
const FAILING = `formula: q.formula
tests:
  - name: wrong cap
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "50" }
    expect: { $TargetDedicatedNodes: 30 }
`;
const MALFORMED = `formula: q.formula
tests:
  - name: bad series
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "5y3" }
    expect: { $TargetDedicatedNodes: 30 }
`;

describe("autoscale test", () => {
  it("passing file: one line per test and the summary, exit 0", async () => {
    const { io, captured } = fakeIo({ "t/q.formula": FORMULA, "t/q.test.yaml": PASSING });
    expect(await runCli(io, ["test", "t"])).toBe(0);
    expect(captured.out).toBe(["PASS t/q.test.yaml:3 follows the queue", "PASS t/q.test.yaml:7 capped at 20", "2 passed, 0 failed", ""].join("\n"));
    expect(captured.err).toBe("");
  });

  it("failing test: expected vs actual, exit 1", async () => {
    const { io, captured } = fakeIo({ "t/q.formula": FORMULA, "t/q.test.yaml": PASSING, "t/r.test.yaml": FAILING });
    expect(await runCli(io, ["test", "t"])).toBe(1);
    expect(captured.out).toBe(
      [
        "PASS t/q.test.yaml:3 follows the queue",
        "PASS t/q.test.yaml:7 capped at 20",
        "FAIL t/r.test.yaml:3 wrong cap",
        "       $TargetDedicatedNodes: expected 30, got 20",
        "2 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("malformed file: file, line and column, exit 2 (the other files still run)", async () => {
    const { io, captured } = fakeIo({ "t/q.formula": FORMULA, "t/q.test.yaml": PASSING, "t/bad.test.yaml": MALFORMED });
    expect(await runCli(io, ["test", "t"])).toBe(2);
    expect(captured.err).toBe("t/bad.test.yaml:5:31: error: series '$PendingTasks': '5y3' is not a series piece (a, axn, a+bxn, a-bxn, _ or _xn)\n");
    expect(captured.out).toContain("2 passed, 0 failed");
  });

  it("a missing formula file is exit 2", async () => {
    const { io, captured } = fakeIo({ "t/q.test.yaml": PASSING });
    expect(await runCli(io, ["test", "t/q.test.yaml"])).toBe(2);
    expect(captured.err).toBe("t/q.test.yaml: error: cannot read the formula 't/q.formula'\n");
  });

  it("--json carries every test's run", async () => {
    const { io, captured } = fakeIo({ "t/q.formula": FORMULA, "t/r.test.yaml": FAILING });
    expect(await runCli(io, ["test", "t", "--json"])).toBe(1);
    const json = JSON.parse(captured.out);
    expect(json).toMatchObject({ passed: 0, failed: 1, files: [{ file: "t/r.test.yaml", formula: "t/q.formula" }] });
    expect(json.files[0].tests[0]).toMatchObject({ name: "wrong cap", passed: false, mismatches: [{ what: "$TargetDedicatedNodes", expected: "30", actual: "20" }] });
    expect(json.files[0].tests[0].run.results).toBe("$TargetDedicatedNodes=20;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion");
  });

  it("--reporter junit writes JUnit XML with escaped text", async () => {
    const { io, captured } = fakeIo({ "t/q.formula": FORMULA, "t/r.test.yaml": FAILING.replace("wrong cap", "wrong <cap> & \"more\"") });
    expect(await runCli(io, ["test", "t", "--reporter", "junit"])).toBe(1);
    expect(captured.out).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="autoscale test" tests="1" failures="1">',
        '  <testsuite name="t/r.test.yaml" tests="1" failures="1">',
        '    <testcase name="wrong &lt;cap&gt; &amp; &quot;more&quot;" classname="t/r.test.yaml" file="t/r.test.yaml" line="3">',
        '      <failure message="$TargetDedicatedNodes">$TargetDedicatedNodes: expected 30, got 20</failure>',
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
  });

  it("an unknown reporter is a usage error", async () => {
    const { io } = fakeIo({ "t/q.formula": FORMULA, "t/q.test.yaml": PASSING });
    expect(await runCli(io, ["test", "t", "--reporter", "tap"])).toBe(2);
  });

  it("the shipped samples' tests pass, run as a user runs them", () => {
    const repo = fileURLToPath(new URL("../..", import.meta.url));
    const r = spawnSync(process.execPath, ["src/cli/bin.ts", "test", "samples"], { cwd: repo, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });
});

describe("autoscale test --coverage", () => {
  const BRANCHY = "$TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1)) > 10 ? 10 : 1;\n";
  const ONE_WAY = `formula: b.formula
tests:
  - name: big queue
    now: 2024-05-01T12:00:00Z
    series: { $PendingTasks: "50" }
    expect: { $TargetDedicatedNodes: 10 }
`;
  it("prints the uncovered outcomes with carets", async () => {
    const { io, captured } = fakeIo({ "t/b.formula": BRANCHY, "t/b.test.yaml": ONE_WAY });
    expect(await runCli(io, ["test", "t", "--coverage"])).toBe(0);
    expect(captured.out).toBe(
      [
        "PASS t/b.test.yaml:3 big queue",
        "1 passed, 0 failed",
        "coverage of t/b.formula by t/b.test.yaml: 66.6 % (2 of 3)",
        "t/b.formula:1:25: condition never false: the second branch never taken",
        "    $TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1)) > 10 ? 10 : 1;",
        "                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "",
      ].join("\n"),
    );
  });

  it("--min-coverage fails under the threshold, passes at or above it", async () => {
    const under = fakeIo({ "t/b.formula": BRANCHY, "t/b.test.yaml": ONE_WAY });
    expect(await runCli(under.io, ["test", "t", "--min-coverage", "80"])).toBe(1);
    expect(under.captured.err).toBe("autoscale test: coverage of t/b.formula by t/b.test.yaml is 66.6 %, under the minimum 80 %\n");
    const enough = fakeIo({ "t/b.formula": BRANCHY, "t/b.test.yaml": ONE_WAY });
    expect(await runCli(enough.io, ["test", "t", "--min-coverage", "66"])).toBe(0);
    const bad = fakeIo({ "t/b.formula": BRANCHY, "t/b.test.yaml": ONE_WAY });
    expect(await runCli(bad.io, ["test", "t", "--min-coverage", "lots"])).toBe(2);
  });

  it("--json carries the coverage and the uncovered spans", async () => {
    const { io, captured } = fakeIo({ "t/b.formula": BRANCHY, "t/b.test.yaml": ONE_WAY });
    expect(await runCli(io, ["test", "t", "--coverage", "--json"])).toBe(0);
    expect(JSON.parse(captured.out).files[0].coverage).toMatchObject({ covered: 2, total: 3, uncovered: [{ line: 1, column: 25, kind: "branch" }] });
  });
});
