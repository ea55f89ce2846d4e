// Summary of a closed-loop run: node-hours, task waits, makespan, demand vs supply. Built from
// the final pool plus a running integral of supply and demand at every 30-s sample.

import { SAMPLE_PERIOD_MS } from "../metrics/series.ts";
import type { Pool } from "../resizer/pool.ts";
import { FAILED, QUEUED, SUCCEEDED } from "../resizer/tasks.ts";
import type { NodeCounts, SimulationSummary, WaitStats } from "./types.ts";

const HOUR = 3_600_000;

/** Nodes needed to run every queued and running task: ceil(slots wanted / slots per node). */
export function demandOf(pool: Pool): number {
  return Math.ceil((pool.busySlots + pool.queuedSlots) / pool.config.taskSlotsPerNode);
}

/** A copy of a pool's per-state counts without `left`. */
export function nodeCounts(c: Readonly<Record<string, number>>): NodeCounts {
  return { allocating: c.allocating ?? 0, idle: c.idle ?? 0, running: c.running ?? 0, leaving: c.leaving ?? 0, preempted: c.preempted ?? 0 };
}

/** Accumulates per-sample observations, then computes the summary once at the end. */
export class SummaryBuilder {
  evaluationErrors = 0;
  refusedTargets = 0;
  private above = 0;
  private below = 0;
  private excess = 0;
  private shortfall = 0;
  private peak = 0;
  /** billed node time with no task running on the node, per kind (ms, at the sample period) */
  private readonly idle = { dedicated: 0, lowPriority: 0 };
  private readonly pool: Pool;
  private readonly start: number;

  constructor(pool: Pool, start: number) {
    this.pool = pool;
    this.start = start;
  }

  /** One 30-s sample: supply (usable nodes) against demand, each held for one sample period. */
  observe(_t: number, supply: number, demand: number): void {
    const total = this.pool.current("dedicated") + this.pool.current("lowPriority");
    if (total > this.peak) this.peak = total;
    this.observeIdle();
    if (supply > demand) {
      this.above += SAMPLE_PERIOD_MS;
      this.excess += (supply - demand) * SAMPLE_PERIOD_MS;
    } else if (supply < demand) {
      this.below += SAMPLE_PERIOD_MS;
      this.shortfall += (demand - supply) * SAMPLE_PERIOD_MS;
    }
  }

  /**
   * Billed nodes (allocating, idle, running, leaving: not preempted) with no running task. A
   * leaving node may still run tasks (taskcompletion), so leaving nodes are looked at one by one,
   * and only when there are some.
   */
  private observeIdle(): void {
    const { dedicated: d, lowPriority: l } = this.pool.counts;
    // Two counters, not an object: this runs at every sample (86,400 in 30 days).
    let busyD = 0;
    let busyL = 0;
    if (d.leaving + l.leaving > 0) {
      for (const n of this.pool.active) {
        if (n.state === "leaving" && n.tasks.length > 0) {
          if (n.kind === "dedicated") busyD++;
          else busyL++;
        }
      }
    }
    this.idle.dedicated += (d.allocating + d.idle + d.leaving - busyD) * SAMPLE_PERIOD_MS;
    this.idle.lowPriority += (l.allocating + l.idle + l.leaving - busyL) * SAMPLE_PERIOD_MS;
  }

  /** Final figures at `end` (nodes still in the pool are billed up to `end`). */
  finish(end: number, evaluations: number): SimulationSummary {
    const pool = this.pool;
    const hours = { dedicated: 0, lowPriority: 0 };
    for (const n of pool.nodes) {
      const until = Number.isNaN(n.leftAt) ? end : n.leftAt;
      const preempted = n.preemptedMs + (n.state === "preempted" ? end - n.preemptedSince : 0);
      hours[n.kind] += Math.max(0, until - n.requestedAt - preempted) / HOUR;
    }
    // Waits straight into a typed array (sorted in place by waitStats), and an indexed loop: this
    // pass runs once per run, unoptimised, where for…of allocates per element.
    const t = pool.taskTable;
    const n = t.length;
    const waits = scratch(n);
    let count = 0;
    let first = Infinity;
    let last = -Infinity;
    let incomplete = 0;
    for (let i = 0; i < n; i++) {
      const state = t.state[i]!;
      if (!Number.isNaN(t.firstStart[i]!)) waits[count++] = state === QUEUED ? t.waitOf(i) + (end - t.queuedSinceOf(i)) : t.waitOf(i);
      if (t.submit[i]! < first) first = t.submit[i]!;
      if (state === SUCCEEDED || state === FAILED) {
        if (t.end[i]! > last) last = t.end[i]!;
      } else incomplete++;
    }
    return {
      start: this.start,
      end,
      evaluations,
      evaluationErrors: this.evaluationErrors,
      refusedTargets: this.refusedTargets,
      nodeHours: hours,
      // Sampled every 30 s while node-hours are exact: never report more idle than billed time.
      idleNodeHours: { dedicated: Math.min(hours.dedicated, this.idle.dedicated / HOUR), lowPriority: Math.min(hours.lowPriority, this.idle.lowPriority / HOUR) },
      peakNodes: this.peak,
      tasks: {
        total: n,
        succeeded: pool.succeeded,
        failed: pool.failed,
        terminated: pool.terminated,
        unschedulable: pool.unschedulable,
        requeuedByResize: pool.requeuedByResize,
        requeuedByPreemption: pool.requeuedByPreemption,
        incomplete,
      },
      wait: waitStats(waits.subarray(0, count)),
      makespan: incomplete > 0 || n === 0 ? NaN : last - first,
      demand: {
        hoursAbove: this.above / HOUR,
        hoursBelow: this.below / HOUR,
        excessNodeHours: this.excess / HOUR,
        shortfallNodeHours: this.shortfall / HOUR,
      },
    };
  }
}

/**
 * A buffer of `n` numbers for the waits, reused from run to run (they are only sorted and summed
 * here): fresh memory is the dearest part of a dry-run's first runs in one Node instance. Up to 2^20
 * numbers (8 MB) are kept between runs.
 */
function scratch(n: number): Float64Array {
  if (spare !== undefined && spare.length >= n) return spare.subarray(0, n);
  const buffer = new Float64Array(n);
  if (n <= 1 << 20) spare = buffer;
  return buffer;
}
let spare: Float64Array | undefined;

/** Mean, nearest-rank p50/p95, max. All NaN for no data except count 0. Reorders `waits`. */
export function waitStats(waits: Float64Array): WaitStats {
  const n = waits.length;
  if (n === 0) return { count: 0, mean: NaN, p50: NaN, p95: NaN, max: NaN };
  const rankOf = (p: number) => Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  // Waits are whole milliseconds as a rule: then the sum is exact in any order (below 2^53), and
  // two selections give the ranks a sort would (no need to sort 100k waits). Anything else (a
  // fraction, -0, NaN) takes the sort, whose order the sum then follows.
  let sum = 0;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const w = waits[i]!;
    if (!(w > 0 && Number.isInteger(w)) && !(w === 0 && 1 / w > 0)) whole = false;
    sum += w;
    if (w > max) max = w;
  }
  if (whole && sum <= Number.MAX_SAFE_INTEGER) {
    const k95 = rankOf(95);
    const k50 = rankOf(50);
    select(waits, k95, 0, n - 1);
    select(waits, k50, 0, k95);
    return { count: n, mean: sum / n, p50: waits[k50]!, p95: waits[k95]!, max };
  }
  const sorted = waits.sort();
  sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return { count: n, mean: sum / n, p50: sorted[rankOf(50)]!, p95: sorted[rankOf(95)]!, max: sorted[n - 1]! };
}

/** Puts the k-th smallest of a[lo..hi] at a[k], smaller ones before it, larger after (Hoare's selection). */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // median of three as the pivot
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
