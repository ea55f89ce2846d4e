// `--preemptions FILE` for simulate, compare and tune, as users run it: a real child process per
// run, real files (the shipped sample, hand-written good and bad traces).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), "autoscale-preempt-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function autoscale(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO, "src/cli/bin.ts"), ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const file = (name: string, text: string): string => {
  const path = join(TMP, name);
  writeFileSync(path, text);
  return path;
};

// 4 low-priority nodes kept by a fixed formula; 8 tasks of 40 min from the start.
const FIXED = file("fixed.formula", "$TargetLowPriorityNodes = 4;\n$NodeDeallocationOption = taskcompletion;\n");
const TRACE = file("trace.csv", `submit,duration\n${Array.from({ length: 8 }, () => "0,2400").join("\n")}\n`);
const RUN = ["--workload", TRACE, "--low-priority", "4", "--interval", "5m", "--allocation-delay", "0s"];

interface Entry {
  readonly time: number;
  readonly nodes: { readonly lowPriority: { readonly preempted: number; readonly running: number } };
}

describe("simulate --preemptions", { timeout: 120_000 }, () => {
  it("preempts the nodes a trace names at its times: the timeline shows them, their tasks are requeued", () => {
    // at 10 min 3 of the 4 nodes, at 30 min the last one; each back 30 min later
    const preemptions = file("evictions.csv", "# two evictions\ntime,count\n600,3\n1800\n");
    const r = autoscale("simulate", FIXED, ...RUN, "--preemptions", preemptions, "--preempt-recovery", "30m", "--json");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.out) as { timeline: Entry[]; summary: { tasks: { requeuedByPreemption: number; succeeded: number } } };
    const preempted = Object.fromEntries(json.timeline.map((e) => [new Date(e.time).toISOString().slice(11, 16), e.nodes.lowPriority.preempted]));
    expect([preempted["00:05"], preempted["00:10"], preempted["00:30"], preempted["00:40"], preempted["01:00"]]).toEqual([0, 3, 4, 1, 0]);
    expect(json.summary.tasks.requeuedByPreemption).toBe(4);
    expect(json.summary.tasks.succeeded).toBe(8);
  });

  it("an epoch header reads Unix seconds: the same run as the ISO and the relative file", () => {
    const relative = autoscale("simulate", FIXED, ...RUN, "--preemptions", file("rel.csv", "600,3\n"), "--json");
    const iso = autoscale("simulate", FIXED, ...RUN, "--preemptions", file("iso.csv", "2024-01-01T00:10:00Z,3\n"), "--json");
    const epoch = autoscale("simulate", FIXED, ...RUN, "--preemptions", file("epoch.csv", `epoch,count\n${Date.UTC(2024, 0, 1, 0, 10) / 1000},3\n`), "--json");
    for (const r of [relative, iso, epoch]) expect(r.status).toBe(0);
    const summary = (r: { out: string }) => (JSON.parse(r.out) as { summary: unknown }).summary;
    expect(summary(iso)).toEqual(summary(relative));
    expect(summary(epoch)).toEqual(summary(relative));
    expect((summary(relative) as { tasks: { requeuedByPreemption: number } }).tasks.requeuedByPreemption).toBe(3);
  });

  it("a bad line: file:line:col with the line number, exit 2, nothing on stdout", () => {
    const bad = file("bad.csv", "time,count\n600,2\nlater,1\n900,-1\n");
    const r = autoscale("simulate", FIXED, ...RUN, "--preemptions", bad);
    expect(r.status).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${bad}:3:1: error R502: line 3: time "later" is not seconds from the start or an ISO 8601 date-time with a zone`);
    expect(r.err).toContain(`${bad}:4:1: error R502: line 4: count "-1" is not a whole number of nodes from 0 to 100,000`);
  });

  it("a rate and a trace together, a missing file, a file over 8 MiB, a bad recovery: one line, exit 2", () => {
    const good = file("one.csv", "600\n");
    const both = autoscale("simulate", FIXED, ...RUN, "--preemptions", good, "--preempt", "2h");
    expect([both.status, both.err]).toEqual([2, "error: --preempt and --preemptions: give a preemption rate or a preemption trace, not both\n"]);
    const missing = autoscale("simulate", FIXED, ...RUN, "--preemptions", join(TMP, "nope.csv"));
    expect([missing.status, missing.err]).toEqual([2, `autoscale simulate: cannot read '${join(TMP, "nope.csv")}': no such file or directory\n`]);
    const big = file("big.csv", "60,1\n".repeat(1_800_000));
    const large = autoscale("compare", FIXED, FIXED, ...RUN, "--preemptions", big);
    expect([large.status, large.err]).toEqual([2, `autoscale compare: '${big}' is larger than 8 MiB, the limit for a preemption trace\n`]);
    const recovery = autoscale("tune", FIXED, "--set", "x=1", ...RUN, "--preemptions", good, "--preempt-recovery", "soon");
    expect(recovery.status).toBe(2);
  });

  it("events before the start or after the end never fire, and a note says so", () => {
    const r = autoscale("simulate", FIXED, ...RUN, "--preemptions", file("outside.csv", "-60,2\n600,1\n9999999,1\n"));
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/^note: 2 of 3 preemption events never fired: 1 before the start \(2024-01-01T00:00:00.000Z\), 1 after the end \(2024-01-0\dT[\d:.]+Z\)\n$/);
  });
});

describe("compare and tune --preemptions", { timeout: 120_000 }, () => {
  const SAMPLE = ["--workload", "samples/workloads/daily-batch.csv", "--preemptions", "samples/preemption/spot-evictions.csv", "--interval", "5m", "--preempt-recovery", "1h"];
  interface Row {
    readonly name: string;
    readonly summary: { readonly nodeHours: { readonly lowPriority: number }; readonly wait: { readonly p95: number }; readonly tasks: { readonly requeuedByPreemption: number } };
  }

  it("the shipped sample: replacing preempted nodes costs node-hours and shortens waits on the same trace", () => {
    const r = autoscale("compare", "samples/preemption/spot-keep.formula", "samples/preemption/spot-replace.formula", ...SAMPLE, "--json", "--workers", "0");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const [keep, replace] = (JSON.parse(r.out) as { results: Row[] }).results;
    expect(keep!.summary.tasks.requeuedByPreemption).toBeGreaterThan(0);
    expect(replace!.summary.nodeHours.lowPriority).toBeGreaterThan(keep!.summary.nodeHours.lowPriority);
    expect(replace!.summary.wait.p95).toBeLessThan(keep!.summary.wait.p95 - 15 * 60_000);
    // without the trace the two formulas are the same pool
    const calm = autoscale("compare", "samples/preemption/spot-keep.formula", "samples/preemption/spot-replace.formula", ...SAMPLE.slice(0, 2), "--interval", "5m", "--json", "--workers", "0");
    const [a, b] = (JSON.parse(calm.out) as { results: Row[] }).results;
    expect(b!.summary).toEqual(a!.summary);
  });

  it("tune sweeps a constant under the same trace; a bad trace is exit 2 before any run", () => {
    const formula = file("cap.formula", "cap = 40;\n$queue = max(0, $ActiveTasks.GetSample(1)) + max(0, $RunningTasks.GetSample(1));\n$TargetLowPriorityNodes = min(cap, $queue);\n$NodeDeallocationOption = taskcompletion;\n");
    const r = autoscale("tune", formula, "--set", "cap=20,40", ...SAMPLE, "--json", "--workers", "0");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.out) as { points: unknown[] }).points).toHaveLength(2);
    const bad = autoscale("tune", formula, "--set", "cap=20,40", "--workload", "samples/workloads/daily-batch.csv", "--preemptions", file("mixed.csv", "600\n2024-03-04T01:00:00Z\n"));
    expect(bad.status).toBe(2);
    expect(bad.out).toBe("");
    expect(bad.err).toContain("mixed.csv:2:1: error R502: line 2: time \"2024-03-04T01:00:00Z\" mixes absolute times with the file's seconds from the start");
  });
});
