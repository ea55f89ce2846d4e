// Compare and tune benchmark (issue 11): 8 formulas on the 30-day / 100,000-task workload of
// bench/simulate.ts, one by one in this thread against 2 worker threads in the same run (the
// speed-up on this 2-core machine), and tune throughput on a 24-hour trace in dry-runs per second.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { runCandidates } from "../src/cli/parallel.ts";
import { loadWorkload } from "../src/simulate/load.ts";
import { constantSetter, expandGrid } from "../src/simulate/sweep/tune.ts";
import { median, type BenchRow } from "./harness.ts";
import { workload } from "./simulate.ts";

const read = (p: string) => readFileSync(new URL(`../samples/${p}`, import.meta.url), "utf8");


/** 8 candidates: the three dry-run samples and queue-depth with five other caps. */
function formulas(): { name: string; formula: string }[] {
  const queue = read("dry-run/queue-depth.formula");
  return [
    { name: "queue-depth", formula: queue },
    { name: "cpu", formula: read("dry-run/cpu.formula") },
    { name: "spot-mix", formula: read("dry-run/spot-mix.formula") },
    ...[25, 40, 60, 80, 120].map((cap) => ({ name: `queue-cap-${cap}`, formula: queue.replace("min($targetVMs, 50)", `min($targetVMs, ${cap})`) })),
  ];
}

export async function run(): Promise<BenchRow[]> {
  const tasks = { tasks: workload(), relative: false };
  const jobs = formulas();
  const options = { start: 0, intervalMs: 5 * 60_000, prices: { dedicated: 0.192, lowPriority: 0.038 } };
  // Worker threads besides the main thread, which claims jobs too (src/cli/parallel.ts).
  const workers = Math.max(1, availableParallelism() - 1);

  // The main thread warmed up first (one run), then one by one and in parallel alternately, twice
  // each: medians. Both modes then have a warm main thread; the parallel one pays its workers'
  // start-up and cold JIT, which is the real price of the threads.
  await runCandidates(jobs.slice(0, 1), tasks, options, { workers: 0 });
  const seqTimes: number[] = [];
  const parTimes: number[] = [];
  let sequential: Awaited<ReturnType<typeof runCandidates>> = [];
  let parallel: Awaited<ReturnType<typeof runCandidates>> = [];
  for (let round = 0; round < 2; round++) {
    let t = performance.now();
    sequential = await runCandidates(jobs, tasks, options, { workers: 0 });
    seqTimes.push(performance.now() - t);
    t = performance.now();
    parallel = await runCandidates(jobs, tasks, options, { workers });
    parTimes.push(performance.now() - t);
  }
  const seqMs = median(seqTimes);
  const parMs = median(parTimes);
  if (JSON.stringify(parallel) !== JSON.stringify(sequential)) throw new Error("compare bench: parallel results differ from sequential ones");
  const failed = sequential.filter((r) => r.summary === undefined);
  if (failed.length > 0) throw new Error(`compare bench: failed runs: ${failed.map((r) => `${r.name}: ${r.diagnostics.map((d) => d.message).join("; ")}`).join(", ")}`);

  // Tune: 15 combinations of queue-cap.formula on the 24-hour trickle-spikes trace.
  const trickle = loadWorkload(read("workloads/trickle-spikes.csv")).workload;
  const grid = expandGrid([{ name: "maxNodes", values: [10, 20, 30, 40, 50] }, { name: "tasksPerNode", values: [1, 2, 4] }]);
  const setter = constantSetter(read("dry-run/queue-cap.formula"), ["maxNodes", "tasksPerNode"]);
  const tuneJobs = grid.map((v, i) => ({ name: String(i), formula: setter.apply!(v) }));
  const t2 = performance.now();
  await runCandidates(tuneJobs, trickle, { intervalMs: 5 * 60_000 }, { workers });
  const tuneMs = performance.now() - t2;

  return [
    { name: "compare 8 formulas, 30 d / 100k tasks — one by one (main thread)", value: seqMs, unit: "ms", note: `${(seqMs / jobs.length).toFixed(0)} ms per formula` },
    { name: `compare 8 formulas, 30 d / 100k tasks — main thread + ${workers} worker thread(s)`, value: parMs, unit: "ms", note: `speed-up ×${(seqMs / parMs).toFixed(2)} on ${availableParallelism()} cores (same run; results identical)` },
    { name: "tune 15 combinations, 24 h trickle-spikes trace (1,280 tasks) — throughput", value: (grid.length / tuneMs) * 1000, unit: "dry-runs/s", note: `${tuneMs.toFixed(0)} ms for 15, main thread + ${workers} worker(s) (incl. start-up)` },
    { name: "tune on the 30 d / 100k-task workload — throughput", value: (jobs.length / parMs) * 1000, unit: "dry-runs/s", note: "from the parallel compare above" },
  ];
}
