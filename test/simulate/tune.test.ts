// Tune (issue 11): settings, constant replacement, a tiny grid with a Pareto front known by hand,
// and shards whose --json reports merge into the unsharded one.
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { runCandidates } from "../../src/cli/parallel.ts";
import { constantSetter, expandGrid, mergeTuneReports, parseSetting, pointOf, shardIndices, tuneReport, type TuneReport } from "../../src/simulate/sweep/tune.ts";
import { fakeIo } from "../cli/fake-io.ts";

// A pool of `nodes` fixed dedicated nodes (usable 5 min after the first evaluation at t = 0) and
// four 60-minute tasks submitted at t = 0. `spare` is assigned but unused: its two values give
// identical runs.
const FORMULA = "// fixed pool\nnodes = 1;\nspare = 0;\n$TargetDedicatedNodes = nodes;\n";
const TRACE = "submit,duration\n0,3600\n0,3600\n0,3600\n0,3600\n";

describe("tune building blocks", () => {
  it.each([
    ["maxNodes=10..50:10", { name: "maxNodes", values: [10, 20, 30, 40, 50] }],
    ["threshold=50,70,90", { name: "threshold", values: [50, 70, 90] }],
    ["x=0..0.3:0.1", { name: "x", values: [0, 0.1, 0.2, 0.3] }],
    ["$n=3", { name: "$n", values: [3] }],
  ])("--set %s", (text, setting) => expect(parseSetting(text)).toEqual({ setting }));

  it.each(["x", "x=1..", "x=5..1", "x=1..5:0", "x=a,b"])("bad --set %s", (text) => expect(parseSetting(text).problem).toBeDefined());

  it("replaces the constant's literal, keeping comments and layout; names without a constant are errors", () => {
    const s = constantSetter("a = 1; // one\nb = -2;\nc = a + b;\n", ["a", "b"]);
    expect(s.apply!({ a: 10, b: -0.5 })).toBe("a = 10; // one\nb = -0.5;\nc = a + b;\n");
    expect(constantSetter("c = 1 + 2;", ["c"]).problem).toContain("not a number constant");
    expect(constantSetter("c = 1;", ["d"]).problem).toContain("assigns nothing to 'd'");
  });

  it("grid order (last setting fastest) and shards", () => {
    expect(expandGrid([{ name: "a", values: [1, 2] }, { name: "b", values: [7, 8] }])).toEqual([{ a: 1, b: 7 }, { a: 1, b: 8 }, { a: 2, b: 7 }, { a: 2, b: 8 }]);
    expect([1, 2, 3].map((i) => shardIndices(8, { index: i, count: 3 }))).toEqual([[0, 3, 6], [1, 4, 7], [2, 5]]);
  });
});

describe("tune on a tiny grid", () => {
  it("the Pareto front known by hand", async () => {
    // nodes = n: waits (nearest-rank p95 of 4 tasks = the largest):
    //   n=1: 5, 65, 125, 185 min → p95 185m; n=2: 5, 5, 65, 65 → 65m; n=3: 5, 5, 5, 65 → 65m; n=4: all 5m → 5m.
    // Node-hours grow with n (n nodes billed until the run stops, one hour after the last task):
    //   n=1: 1 × 5.25 h, n=2: 2 × 3.25 h = 6.5, n=3: 3 × 3.25 h = 9.75, n=4: 4 × 2.25 h = 9.
    // n=3 is dominated (n=2 is cheaper with the same wait; n=4 cheaper and faster): front = n=1, 2, 4.
    const settings = [{ name: "nodes", values: [1, 2, 3, 4] }];
    const grid = expandGrid(settings);
    const setter = constantSetter(FORMULA, ["nodes"]);
    const { loadWorkload } = await import("../../src/simulate/load.ts");
    const results = await runCandidates(grid.map((v, i) => ({ name: String(i), formula: setter.apply!(v) })), loadWorkload(TRACE).workload, {}, { workers: 0 });
    const points = results.map((r, i) => pointOf(i, grid[i]!, r));
    expect(points.map((p) => p.waitP95! / 60_000)).toEqual([185, 65, 65, 5]);
    expect(points.map((p) => p.nodeHours)).toEqual([5.25, 6.5, 9.75, 9]);
    const report = tuneReport(settings, "nodeHours", null, points);
    expect(report.front.map((i) => grid[i]!.nodes)).toEqual([1, 2, 4]);
    expect(grid[report.best!]!.nodes).toBe(4); // no constraint: the front's lowest wait
    const within70 = tuneReport(settings, "nodeHours", 70 * 60_000, points);
    expect(within70.meeting.map((i) => grid[i]!.nodes)).toEqual([2, 4, 3]); // cheapest first
    expect(grid[within70.best!]!.nodes).toBe(2);
    expect(grid[tuneReport(settings, "nodeHours", 60 * 60_000, points).best!]!.nodes).toBe(4);
  });

  it("autoscale tune --shard i/n: the pieces' --json merge (tune --merge) to the unsharded report", async () => {
    const files = { "f.formula": FORMULA, "t.csv": TRACE };
    const base = ["tune", "f.formula", "--set", "nodes=1..4", "--set", "spare=0,1", "--workload", "t.csv", "--price", "dedicated=0.5", "--max-wait-p95", "70m", "--json", "--workers", "0"];
    const whole = fakeIo(files);
    expect(await runCli(whole.io, base)).toBe(0);
    const unsharded = JSON.parse(whole.captured.out) as TuneReport & { bestFormula: string };
    expect(unsharded.points).toHaveLength(8);
    expect(unsharded.bestFormula).toBe("// fixed pool\nnodes = 2;\nspare = 0;\n$TargetDedicatedNodes = nodes;\n");
    const pieces: Record<string, string> = {};
    for (const i of [1, 2, 3]) {
      const piece = fakeIo(files);
      expect(await runCli(piece.io, [...base, "--shard", `${i}/3`, "--workers", i === 2 ? "2" : "0"])).toBe(0);
      pieces[`p${i}.json`] = piece.captured.out;
      expect((JSON.parse(piece.captured.out) as TuneReport).shard).toEqual({ index: i, count: 3 });
    }
    const merged = fakeIo({ ...files, ...pieces });
    expect(await runCli(merged.io, ["tune", "f.formula", "--merge", "p3.json", "p1.json", "p2.json", "--json"])).toBe(0);
    expect(merged.captured.out).toBe(whole.captured.out);
    // A missing piece is an error, not a smaller front.
    const partial = mergeTuneReports([JSON.parse(pieces["p1.json"]!) as TuneReport]);
    expect(partial.problem).toContain("5 of 8 combinations are missing");
  }, 120_000);

  it("text output: the front, the constraint, the best formula", async () => {
    const { io, captured } = fakeIo({ "f.formula": FORMULA, "t.csv": TRACE });
    expect(await runCli(io, ["tune", "f.formula", "--set", "nodes=1..4", "--workload", "t.csv", "--max-wait-p95", "70m", "--workers", "0"])).toBe(0);
    expect(captured.out).toContain("4 combinations; Pareto front of node-h against task wait p95 (3 points)");
    expect(captured.out).toContain("3 of 4 combinations meet wait p95 ≤ 1h10m");
    expect(captured.out).toContain("best (the cheapest meeting the constraint): nodes=2\n\n// fixed pool\nnodes = 2;");
  });

  it("usage errors", async () => {
    const { io, captured } = fakeIo({ "f.formula": FORMULA, "t.csv": TRACE });
    expect(await runCli(io, ["tune", "f.formula", "--set", "missing=1,2", "--workload", "t.csv"])).toBe(2);
    expect(captured.err).toContain("assigns nothing to 'missing'");
  });
});
