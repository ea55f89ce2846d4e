// Closed-loop benchmark (issue 4): a 30-day dry-run with 100,000 tasks and 5-minute evaluations
// (8,640) of samples/dry-run/queue-depth.formula. The open-loop replay is bench/replay.ts, in its
// own process: this run's heap (hundreds of MB) would otherwise tax the replay's garbage collection.
import { readFileSync } from "node:fs";
import { createRng } from "../src/resizer/rng.ts";
import type { TaskSpec } from "../src/resizer/pool.ts";
import { simulate } from "../src/simulate/simulate.ts";
import { blackhole, measure, type BenchRow } from "./harness.ts";

const DAY = 86_400_000;
export const FORMULA = readFileSync(new URL("../samples/dry-run/queue-depth.formula", import.meta.url), "utf8");

/** 100,000 tasks over 30 days, busier in daytime, 1–20 minutes each (also bench/compare.ts's workload). */
export function workload(): TaskSpec[] {
  const rng = createRng(2024);
  const tasks: TaskSpec[] = [];
  while (tasks.length < 100_000) {
    const t = Math.floor(rng() * 30 * DAY);
    const hour = (t / 3_600_000) % 24;
    if (hour < 8 || hour >= 20 ? rng() < 0.3 : true) tasks.push({ submit: t, duration: 60_000 + Math.floor(rng() * rng() * 19 * 60_000) });
  }
  return tasks.sort((a, b) => a.submit - b.submit);
}

export async function run(): Promise<BenchRow[]> {
  const tasks = workload();
  const options = { start: 0, intervalMs: 5 * 60_000, pool: { taskSlotsPerNode: 1 } };

  // Cold: the first run in this process (includes JIT warm-up), as a CLI user would see it.
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = performance.now();
  const first = simulate(FORMULA, tasks, options);
  const cold = performance.now() - c0;
  const heapDelta = (process.memoryUsage().heapUsed - heap0) / 1e6;
  if (first.diagnostics.length > 0 || first.summary?.tasks.incomplete !== 0 || first.summary.evaluations < 8_640) {
    throw new Error(`closed-loop bench run is not what it claims: ${JSON.stringify(first.summary?.tasks)} ${first.summary?.evaluations}`);
  }
  blackhole(first);
  const warm = measure(() => simulate(FORMULA, tasks, options), { samples: 5, warmup: 1 }) / 1e6;
  const rssPeak = process.resourceUsage().maxRSS / 1024;

  return [
    { name: "closed loop 30 d, 100k tasks, 8,640 evals — first run (cold JIT)", value: cold, unit: "ms", note: "target < 1000 ms" },
    { name: "closed loop 30 d, 100k tasks, 8,640 evals — warm median", value: warm, unit: "ms", note: "target < 1000 ms" },
    { name: "closed loop — heap growth of one retained run", value: heapDelta, unit: "MB", note: "timeline + 30 d of samples + 100k tasks" },
    { name: "closed loop — process peak RSS", value: rssPeak, unit: "MB", note: "whole bench process so far" },
  ];
}
