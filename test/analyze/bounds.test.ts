// Hand-worked bounds of the spec's examples and the dry-run samples, each verified by reasoning
// in a comment; small formulas per built-in and per finding; the CLI in-process.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bounds, formatBounds, formatInterval, parseAssumption } from "../../src/entry/analyze.ts";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "../cli/fake-io.ts";

const sample = (path: string) => readFileSync(new URL(`../../samples/${path}`, import.meta.url), "utf8");
const target = (text: string, assume = {}) => formatInterval(bounds(text, { assume }).targets.$TargetDedicatedNodes);
const variable = (text: string, name: string, assume = {}) => {
  const v = bounds(text, { assume }).variables.find((x) => x.name === name);
  return v === undefined ? undefined : v.kind === "doubleVec" ? `${formatInterval(v.interval)} × ${formatInterval(v.length!)}` : formatInterval(v.interval);
};
const codes = (text: string, options = {}) => bounds(text, options).findings.map((d) => d.code);

describe("hand-worked bounds of the samples", () => {
  it("e06-task-based: $TargetDedicatedNodes ∈ [0, 20]", () => {
    // $tasks = max(0, last) or max(last, avg(window)): $PendingTasks samples are ≥ 0, so [0, +∞]
    // (+∞ itself only by overflowing a sum of huge samples). $targetVMs = $tasks > 0 ? $tasks :
    // max(0, $TargetDedicatedNodes / 2): both branches ≥ 0. The target is max(0, min(x, 20)):
    // min caps at 20, max floors at 0, and a NaN target would fail the run.
    expect(formatBounds(bounds(sample("e06-task-based.formula")))).toEqual([
      "$TargetDedicatedNodes ∈ [0, 20]",
      "$TargetLowPriorityNodes ∈ [0, +∞): never assigned (the pool's own target); no upper bound",
      "$samples ∈ [0, 100]",
      "$targetVMs ∈ [0, +∞]",
      "$tasks ∈ [0, +∞]",
    ]);
  });

  it("dry-run/queue-depth: [0, 50]", () => {
    // ($tasks + slots − 1) / slots with $tasks ≥ 0 (refined by $tasks > 0) and slots ≥ 1 is ≥ 0;
    // the other branch max(0, …) ≥ 0; max(0, min(x, 50)) ∈ [0, 50].
    expect(target(sample("dry-run/queue-depth.formula"))).toBe("[0, 50]");
  });

  it("dry-run/cpu: [1, 30]", () => {
    // $cpu is 50 or avg of CPU samples in [0, 100]; $grow, $size ≥ 0 (node counts × positive
    // factors); max(1, min(30, $size)) ∈ [1, 30]: the pool never empties (A602).
    const text = sample("dry-run/cpu.formula");
    expect(target(text)).toBe("[1, 30]");
    expect(variable(text, "$cpu")).toBe("[0, 100]");
    expect(codes(text)).toEqual(["A602"]);
  });

  it("dry-run/spot-mix: dedicated [0, 2], low-priority [0, 40]", () => {
    // $base is 2 or 0; the low-priority target is min(40, max(0, $needed − $base)) ∈ [0, 40].
    // .hour ∈ [0, 23], .weekday ∈ [0, 6] keep both conditions undecided (no dead branch).
    const b = bounds(sample("dry-run/spot-mix.formula"));
    expect(formatInterval(b.targets.$TargetDedicatedNodes)).toBe("[0, 2]");
    expect(formatInterval(b.targets.$TargetLowPriorityNodes)).toBe("[0, 40]");
    expect(b.findings).toEqual([]);
  });

  it("assumptions narrow the inputs", () => {
    // queue-depth with ≤ 30 pending tasks: the busy branch asks for ≤ 30 nodes, but the idle branch
    // halves the pool's own target, which is unbounded: the cap of 50 decides. With the pool's
    // target ≤ 20 and one slot per node as well, the idle branch gives ≤ 10 and the busy one
    // ($tasks + 1 − 1) / 1 ≤ 30. (With slots unbounded, ($tasks + slots − 1) / slots is only known
    // to be ≥ 0: intervals forget that numerator and denominator grow together.)
    expect(target(sample("dry-run/queue-depth.formula"), { $PendingTasks: "0..30" })).toBe("[0, 50]");
    expect(target(sample("dry-run/queue-depth.formula"), { $PendingTasks: "0..30", $TargetDedicatedNodes: "0..20", $TaskSlotsPerNode: 1 })).toBe("[0, 30]");
    // spot-mix: ≤ 10 active and ≤ 5 running tasks, 1 slot per node → $needed ∈ [0, 15]
    const b = bounds(sample("dry-run/spot-mix.formula"), { assume: { $ActiveTasks: [0, 10], $RunningTasks: { max: 5 }, $TaskSlotsPerNode: 1 } });
    expect(formatInterval(b.targets.$TargetLowPriorityNodes)).toBe("[0, 15]");
  });
});

describe("built-ins and operators", () => {
  it.each([
    ["x = rand()", "x", "[0, 1]"],
    ["x = time().hour", "x", "[0, 23]"],
    ["x = time().weekday", "x", "[0, 6]"],
    ["x = $CPUPercent.GetSamplePercent(TimeInterval_Minute)", "x", "[0, 100]"],
    ["x = $PendingTasks.Count()", "x", "[0, +∞)"],
    ["x = 3 < 4", "x", "{1}"],
    ["x = $CurrentDedicatedNodes >= 0", "x", "{1}"],
    ["x = $CurrentDedicatedNodes > 0", "x", "[0, 1]"],
    ["x = 1 / 0", "x", "[−∞, +∞]"],
    ["x = 0 / 0", "x", "[−∞, +∞] or NaN"],
    ["x = ln(-1)", "x", "NaN"],
    ["x = log($CurrentDedicatedNodes)", "x", "[−∞, +∞]"],
    ["x = len($PendingTasks.GetSample(5))", "x", "[0, 5]"],
    ["x = $PendingTasks.GetSample(3)", "x", "[0, +∞) × [0, 3]"],
    ["x = ceil($CPUPercent.GetSample(3)) / 2", "x", "[0, 50] × [0, 3]"],
    ["x = percentile($CPUPercent.GetSample(10), 90)", "x", "[0, 100]"],
    ["x = std($CPUPercent.GetSample(10))", "x", "[0, 75]"],
    ["x = sum(1, 2, 3)", "x", "{6}"],
    ["x = avg(1, 5)", "x", "[1, 5]"],
    ["x = max(0, min($CurrentDedicatedNodes, 7))", "x", "[0, 7]"],
    ["x = round(2.5)", "x", "{3}"],
    ["x = !$CurrentDedicatedNodes", "x", "[0, 1]"],
    ["x = 0 && rand()", "x", "{0}"],
    ["x = 1 || stop()", "x", "{1}"],
    // ?: refines a compared variable in each branch
    ["c = $CurrentDedicatedNodes; x = c > 10 ? c : 10", "x", "[10, +∞)"],
    ["c = $CurrentDedicatedNodes; x = c < 5 ? c : 5", "x", "[0, 5]"],
    ["c = $CPUPercent.GetSamplePercent(TimeInterval_Hour); x = c >= 70 && c <= 80 ? c : 75", "x", "[70, 80]"],
  ])("%s: %s ∈ %s", (text, name, expected) => {
    expect(variable(text, name)).toBe(expected);
  });

  it("stop() ends a run: the values before it count, the assignment it interrupts does not", () => {
    // runs that stop keep $TargetDedicatedNodes = 3; the others set it to 5
    expect(target("$TargetDedicatedNodes = 3; $TargetDedicatedNodes = rand() < 0.5 ? stop() : 5")).toBe("[3, 5]");
    expect(target("$TargetDedicatedNodes = 3; x = stop(); $TargetDedicatedNodes = 9")).toBe("{3}");
  });

  it("an evaluation error ends the run: only completed runs count", () => {
    // the avg of an empty vector fails; a completed run had at least one sample, in [0, 100]
    expect(variable("x = avg($CPUPercent.GetSample(1))", "x")).toBe("[0, 100]");
    // a target that can only be NaN fails every run
    const b = bounds("$TargetDedicatedNodes = ln(-1)");
    expect(formatInterval(b.targets.$TargetDedicatedNodes)).toBe("∅");
    expect(b.findings.map((d) => d.code)).toEqual(["A608"]);
  });

  it("the initial targets are the pool's (assumed) targets", () => {
    expect(target("x = 1", { $TargetDedicatedNodes: "3..8" })).toBe("[3, 8]");
    expect(target("$TargetDedicatedNodes = $TargetDedicatedNodes + 1", { $TargetDedicatedNodes: "3..8" })).toBe("[4, 9]");
    // the alias is its own cell, starting at the pool's target too
    expect(target("$TargetDedicated = 4")).toBe("{4}");
  });
});

describe("findings", () => {
  it.each([
    ["$TargetDedicatedNodes = $PendingTasks.Count()", ["A601"]],
    ["$TargetDedicatedNodes = max(2, min(5, $CurrentDedicatedNodes))", ["A602"]],
    ["$TargetDedicatedNodes = min(10, avg($CPUPercent.GetSample(TimeInterval_Minute * 5)))", ["A604"]],
    ["p = $CPUPercent.GetSamplePercent(TimeInterval_Minute * 5); $TargetDedicatedNodes = p < 70 ? 1 : min(10, avg($CPUPercent.GetSample(TimeInterval_Minute * 5)))", []],
    ["$TargetDedicatedNodes = min(10, avg($CPUPercent.GetSample(TimeInterval_Minute * 5, 0)))", []],
    ["$TargetDedicatedNodes = $CurrentDedicatedNodes < 0 ? 1 : min(2, $CurrentDedicatedNodes)", ["A605"]],
    ["x = 5 / ($CurrentDedicatedNodes - 1)", ["A606"]],
    ["x = 5 / $TaskSlotsPerNode", []],
    ["$TargetDedicatedNodes = min(10, max($ActiveTasks.GetSample(1)))", ["A607"]],
    ["$TargetDedicatedNodes = min(10, max($ActiveTasks.GetSample(1)) + max($RunningTasks.GetSample(1)))", []],
  ])("%s → %j", (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it("A603: a low-priority target above the declared maximum", () => {
    expect(codes("$TargetLowPriorityNodes = min(40, $PendingTasks.Count())", { maxLowPriority: 30 })).toEqual(["A603"]);
    expect(codes("$TargetLowPriorityNodes = min(20, $PendingTasks.Count())", { maxLowPriority: 30 })).toEqual([]);
  });

  it("formula errors and bad assumptions are findings too; bounds never throws", () => {
    expect(bounds("x = ").ok).toBe(false);
    expect(codes("x = y")).toEqual(["C301"]);
    expect(codes("x = 1", { assume: { $Nope: "1..2" } })).toEqual(["A609"]);
    expect(codes("x = 1", { assume: { $PendingTasks: "5..1" } })).toEqual(["A609"]);
    expect(bounds(42 as never).ok).toBe(false);
    expect(bounds("x = 1", null as never).ok).toBe(true);
  });

  it("parses --assume text", () => {
    expect(parseAssumption("$PendingTasks=0..5000")).toEqual({ name: "$PendingTasks", range: { min: 0, max: 5000 } });
    expect(parseAssumption("$CPUPercent=..80")).toEqual({ name: "$CPUPercent", range: { max: 80 } });
    expect(parseAssumption("$TaskSlotsPerNode=4")).toEqual({ name: "$TaskSlotsPerNode", range: { min: 4, max: 4 } });
    expect(typeof parseAssumption("$X=a..b")).toBe("string");
  });
});

describe("autoscale bounds", () => {
  it("prints one line per target then per variable; exit 0", async () => {
    const { io, out } = run({ "f.formula": sample("dry-run/spot-mix.formula") });
    expect(await runCli(io, ["bounds", "f.formula"])).toBe(0);
    expect(out().split("\n").slice(0, 2)).toEqual(["$TargetDedicatedNodes ∈ [0, 2]", "$TargetLowPriorityNodes ∈ [0, 40]"]);
  });
  it("--assume, --max-low-priority and --json", async () => {
    const { io, out } = run({ "f.formula": sample("dry-run/spot-mix.formula"), "a.json": '{ "$ActiveTasks": [0, 10] }' });
    expect(await runCli(io, ["bounds", "f.formula", "--assume-file", "a.json", "--assume", "$RunningTasks=0..5", "--assume", "$TaskSlotsPerNode=1", "--max-low-priority", "12", "--json"])).toBe(0);
    const json = JSON.parse(out());
    expect(json.targets.$TargetLowPriorityNodes).toMatchObject({ lo: 0, hi: 15, text: "[0, 15]" });
    expect(json.findings.map((f: { code: string }) => f.code)).toEqual(["A603"]);
  });
  it("unbounded sides are null in JSON", async () => {
    const { io, out } = run({ "f.formula": "$TargetDedicatedNodes = $PendingTasks.Count()" });
    expect(await runCli(io, ["bounds", "f.formula", "--json"])).toBe(0);
    expect(JSON.parse(out()).targets.$TargetDedicatedNodes).toMatchObject({ lo: 0, hi: null, text: "[0, +∞)" });
  });
  it("exit 1 on formula errors, 2 on usage errors", async () => {
    expect(await runCli(run({ "f.formula": "x = " }).io, ["bounds", "f.formula"])).toBe(1);
    expect(await runCli(run({ "f.formula": "x = 1" }).io, ["bounds", "f.formula", "--assume", "nonsense"])).toBe(2);
    expect(await runCli(run({ "f.formula": "x = 1" }).io, ["bounds", "f.formula", "--assume", "$Nope=1..2"])).toBe(2);
    expect(await runCli(run({ "f.formula": "x = 1" }).io, ["bounds", "f.formula", "--max-low-priority", "-1"])).toBe(2);
    expect(await runCli(run({}).io, ["bounds", "missing.formula"])).toBe(2);
  });
});

describe("autoscale check --bounds", () => {
  it("adds the A6xx warnings; plain check stays unchanged", async () => {
    const files = { "f.formula": "$TargetDedicatedNodes = max(1, min(5, $CurrentDedicatedNodes));" };
    const plain = run(files);
    expect(await runCli(plain.io, ["check", "f.formula"])).toBe(0);
    expect(plain.out()).toBe("checked 1 file: no problems\n");
    const withBounds = run(files);
    expect(await runCli(withBounds.io, ["check", "f.formula", "--bounds"])).toBe(0);
    expect(withBounds.out()).toContain("warning A602");
    expect(await runCli(run(files).io, ["check", "f.formula", "--assume", "$PendingTasks=1..2"])).toBe(2);
    expect(await runCli(run(files).io, ["check", "f.formula", "--bounds", "--assume", "$Nope=1..2"])).toBe(2);
  });
});

function run(files: Record<string, string>) {
  const f = fakeIo(files);
  return { io: f.io, out: () => f.captured.out };
}
