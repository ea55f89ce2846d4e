// Regenerates the sample workload traces and the recorded-metrics sample, deterministically
// (fixed seeds): `node samples/workloads/generate.ts` from the repository root.
//
//   daily-batch.csv          3 weekdays: a 300-task burst at 01:00 UTC and an 80-task burst at 13:00 (ISO times)
//   trickle-spikes.csv       24 h of Poisson arrivals (mean gap 90 s) plus three 120-task spikes (seconds offsets)
//   week-quiet-weekend.csv   Mon–Sun: busy weekday office hours, quiet nights, a near-idle weekend (ISO, retention)
//   small.jsonl              10 tasks as JSON Lines (format example)
//   ../metrics/trickle-recorded.csv  the samples a pool running ../dry-run/queue-depth.formula recorded on trickle-spikes.csv

import { readFileSync, writeFileSync } from "node:fs";
import { createRng, exponential, type Rng } from "../../src/resizer/rng.ts";
import { simulate } from "../../src/simulate/simulate.ts";
import { loadWorkload } from "../../src/simulate/load.ts";
import { storeToCsv } from "../../src/simulate/export.ts";

const here = new URL(".", import.meta.url);
const MIN = 60;
const HOUR = 3600;
const MONDAY = Date.UTC(2024, 2, 4); // 2024-03-04, a Monday

interface Row {
  submit: number; // seconds from MONDAY (or from the start for relative traces)
  duration: number; // seconds
  retention?: number;
}

/** Durations between lo and hi seconds, skewed toward the short end (most tasks are short). */
function duration(rng: Rng, lo: number, hi: number): number {
  return Math.round(lo + (hi - lo) * rng() * rng());
}

const iso = (offsetSec: number): string => new Date(MONDAY + offsetSec * 1000).toISOString().replace(".000Z", "Z");

function dailyBatch(): string {
  const rng = createRng(101);
  const rows: Row[] = [];
  for (let day = 0; day < 3; day++) {
    const base = day * 24 * HOUR;
    for (let i = 0; i < 300; i++) rows.push({ submit: base + 1 * HOUR + Math.floor(rng() * 15 * MIN), duration: duration(rng, 10 * MIN, 45 * MIN) });
    for (let i = 0; i < 80; i++) rows.push({ submit: base + 13 * HOUR + Math.floor(rng() * 5 * MIN), duration: duration(rng, 5 * MIN, 20 * MIN) });
  }
  rows.sort((a, b) => a.submit - b.submit);
  return `# daily batch: 3 weekdays from ${iso(0)}, bursts at 01:00 and 13:00 UTC\nid,submit,duration\n${rows
    .map((r, i) => `batch-${String(i + 1).padStart(4, "0")},${iso(r.submit)},${r.duration}`)
    .join("\n")}\n`;
}

function trickleSpikes(): string {
  const rng = createRng(202);
  const rows: Row[] = [];
  for (let t = exponential(rng, 90); t < 24 * HOUR; t += exponential(rng, 90)) rows.push({ submit: Math.floor(t), duration: duration(rng, 3 * MIN, 12 * MIN) });
  for (const hour of [4.5, 11, 19]) {
    for (let i = 0; i < 120; i++) rows.push({ submit: Math.floor(hour * HOUR + rng() * 2 * MIN), duration: duration(rng, 2 * MIN, 6 * MIN) });
  }
  rows.sort((a, b) => a.submit - b.submit);
  return `# steady trickle (mean gap 90 s) with spikes of 120 tasks at 04:30, 11:00 and 19:00; submit = seconds from the start\nsubmit,duration\n${rows
    .map((r) => `${r.submit},${r.duration}`)
    .join("\n")}\n`;
}

function weekQuietWeekend(): string {
  const rng = createRng(303);
  const rows: Row[] = [];
  let t = 0;
  while (t < 7 * 24 * HOUR) {
    const day = Math.floor(t / (24 * HOUR)); // 0 = Monday
    const hour = (t / HOUR) % 24;
    const weekend = day >= 5;
    const meanGap = weekend ? 30 * MIN : hour >= 8 && hour < 18 ? 60 : 12 * MIN;
    t += exponential(rng, meanGap);
    if (t >= 7 * 24 * HOUR) break;
    rows.push({ submit: Math.floor(t), duration: duration(rng, 10 * MIN, 30 * MIN), retention: 1 * HOUR });
  }
  return `# one week from ${iso(0)} (Monday): busy 08:00-18:00 UTC on weekdays, quiet nights, near-idle weekend; task data kept 1 h\nsubmit,duration,retention\n${rows
    .map((r) => `${iso(r.submit)},${r.duration},${r.retention}`)
    .join("\n")}\n`;
}

function smallJsonl(): string {
  const rng = createRng(404);
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ id: `job-${i + 1}`, submit: i * 60, duration: `${5 + Math.floor(rng() * 20)}m`, slots: 1 }));
  return `${lines.join("\n")}\n`;
}

writeFileSync(new URL("daily-batch.csv", here), dailyBatch());
const trickle = trickleSpikes();
writeFileSync(new URL("trickle-spikes.csv", here), trickle);
writeFileSync(new URL("week-quiet-weekend.csv", here), weekQuietWeekend());
writeFileSync(new URL("small.jsonl", here), smallJsonl());

// Recorded metrics for open-loop replays: what the pool recorded while queue-depth.formula ran it.
const formula = readFileSync(new URL("../dry-run/queue-depth.formula", here), "utf8");
const run = simulate(formula, loadWorkload(trickle).workload, { seed: 1 });
if (run.diagnostics.length > 0) throw new Error(run.diagnostics.map((d) => d.message).join("\n"));
const metrics = ["$ActiveTasks", "$RunningTasks", "$PendingTasks", "$CPUPercent", "$CurrentDedicatedNodes", "$CurrentLowPriorityNodes"];
writeFileSync(new URL("../metrics/trickle-recorded.csv", here), storeToCsv(run.store, metrics));
console.log("wrote samples/workloads/*.csv, small.jsonl and samples/metrics/trickle-recorded.csv");
