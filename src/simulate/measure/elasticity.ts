// Elasticity metrics of a closed-loop run, after the SPEC Research Group's cloud elasticity
// metrics (Herbst et al., "Ready for Rain? A View from SPEC Research on the Future of Cloud
// Metrics", 2016; Herbst, "Methods and Benchmarks for Auto-Scaling Mechanisms in Elastic Cloud
// Environments", 2018): supply against demand at every 30-s sample. Definitions and formulas:
// docs/dry-run.md#elasticity. Browser-safe; no single score (the figures stand side by side).

import type { ClosedLoopResult } from "../closed-loop.ts";
import { timelineColumnsOf } from "../columns.ts";
import type { TimelineEntry } from "../types.ts";

/** Supply and demand at equally spaced sample times. */
export interface SupplyDemand {
  readonly times: ArrayLike<number>;
  /** usable nodes (idle + running) */
  readonly supply: ArrayLike<number>;
  /** nodes the queued and running tasks need: ceil(slots / slots per node) */
  readonly demand: ArrayLike<number>;
}

/** The metrics; percentages are 0–100. */
export interface ElasticityMetrics {
  /** θU: mean of max(d − s, 0) / max(d, 1) over the samples, % (how short, relative to demand) */
  readonly underAccuracy: number;
  /** θO: mean of max(s − d, 0) / max(d, 1), % (how much extra, relative to demand) */
  readonly overAccuracy: number;
  /** τU: share of samples with s < d, % */
  readonly underTimeshare: number;
  /** τO: share of samples with s > d, % */
  readonly overTimeshare: number;
  /** SPEC instability k: share of sample steps where sgn Δs ≠ sgn Δd, % */
  readonly instability: number;
  /** share of sample steps where supply and demand move in opposite directions, % */
  readonly oppositeMoves: number;
  /** SPEC jitter: (supply adaptations − demand changes) per hour (negative: supply follows less often than demand moves) */
  readonly jitter: number;
  /** evaluations that changed the pool's targets */
  readonly resizes: number;
  /** bursts: demand rising above supply (a shortage starting) */
  readonly bursts: number;
  /** bursts that ended (demand fell back) before any node was added */
  readonly burstsAbsorbed: number;
  /** from a burst's start to the first added usable node, over bursts that got one, ms (NaN: none) */
  readonly firstNodeMean: number;
  readonly firstNodeMax: number;
}

/** The metrics of a supply/demand series plus the resize count (from the timeline). */
export function elasticityOf(series: SupplyDemand, resizes: number): ElasticityMetrics {
  const n = Math.min(series.times.length, series.supply.length, series.demand.length);
  let under = 0;
  let over = 0;
  let underN = 0;
  let overN = 0;
  let unstable = 0;
  let opposite = 0;
  let supplyMoves = 0;
  let demandMoves = 0;
  let bursts = 0;
  let absorbed = 0;
  const firstNode: number[] = [];
  let burst: { start: number; supply: number } | undefined;
  for (let i = 0; i < n; i++) {
    const s = series.supply[i]!;
    const d = series.demand[i]!;
    const t = series.times[i]!;
    if (d > s) {
      under += (d - s) / Math.max(d, 1);
      underN++;
    } else if (s > d) {
      over += (s - d) / Math.max(d, 1);
      overN++;
    }
    if (i > 0) {
      const ds = Math.sign(s - series.supply[i - 1]!);
      const dd = Math.sign(d - series.demand[i - 1]!);
      if (ds !== dd) unstable++;
      if (ds * dd < 0) opposite++;
      if (ds !== 0) supplyMoves++;
      if (dd !== 0) demandMoves++;
    }
    // Bursts: a shortage starts; it is served when supply first rises above its level at the start.
    const short = d > s;
    if (burst !== undefined) {
      if (s > burst.supply) {
        firstNode.push(t - burst.start);
        burst = undefined;
      } else if (!short) {
        absorbed++;
        burst = undefined;
      }
    }
    if (short && (i === 0 || series.demand[i - 1]! <= series.supply[i - 1]!)) {
      bursts++;
      burst = { start: t, supply: s };
    }
  }
  const pct = (x: number, of: number) => (of > 0 ? (100 * x) / of : NaN);
  const hours = n > 1 ? (series.times[n - 1]! - series.times[0]!) / 3_600_000 : NaN;
  let sum = 0;
  let max = NaN;
  for (const x of firstNode) {
    sum += x;
    if (!(x <= max)) max = x;
  }
  return {
    underAccuracy: pct(under, n),
    overAccuracy: pct(over, n),
    underTimeshare: pct(underN, n),
    overTimeshare: pct(overN, n),
    instability: pct(unstable, n - 1),
    oppositeMoves: pct(opposite, n - 1),
    jitter: hours > 0 ? (supplyMoves - demandMoves) / hours : NaN,
    resizes,
    bursts,
    burstsAbsorbed: absorbed,
    firstNodeMean: firstNode.length > 0 ? sum / firstNode.length : NaN,
    firstNodeMax: max,
  };
}

/** Evaluations whose integer targets differ from the ones in force before (the first from `initial`). */
export function countResizes(timeline: readonly TimelineEntry[], initial = { dedicated: 0, lowPriority: 0 }): number {
  let prev = initial;
  let n = 0;
  for (const e of timeline) {
    if (e.poolTargets.dedicated !== prev.dedicated || e.poolTargets.lowPriority !== prev.lowPriority) n++;
    prev = e.poolTargets;
  }
  return n;
}

/**
 * Supply and demand of a finished run at its 30-s samples: supply from the recorded
 * $UsableNodeCount, demand from the tasks (a task counts from its submission until its end, as
 * queued or running), in nodes of the pool's slots.
 */
export function supplyDemandOf(result: ClosedLoopResult): SupplyDemand | undefined {
  const pool = result.pool;
  const usable = result.store.get("$UsableNodeCount");
  if (pool === undefined || usable === undefined) return undefined;
  const times = usable.times;
  // The task table's columns, not pool.tasks (which would build an object per task).
  const tasks = pool.taskTable;
  const n = tasks.length;
  // Slot changes: +slots at submit, −slots at end (tasks not finished stay until the end).
  const at = new Float64Array(2 * n);
  const delta = new Float64Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const slots = tasks.slotsOf(i);
    at[m] = tasks.submit[i]!;
    delta[m++] = slots;
    if (!Number.isNaN(tasks.end[i]!)) {
      at[m] = tasks.end[i]!;
      delta[m++] = -slots;
    }
  }
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => at[a]! - at[b]!);
  const demand = new Float64Array(times.length);
  const perNode = pool.config.taskSlotsPerNode;
  let slots = 0;
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    while (k < m && at[order[k]!]! <= t) slots += delta[order[k++]!]!;
    demand[i] = Math.ceil(slots / perNode);
  }
  return { times, supply: usable.values, demand };
}

/** The elasticity metrics of a closed-loop run (undefined when it did not run). */
export function elasticityOfRun(result: ClosedLoopResult, initial?: { dedicated: number; lowPriority: number }): ElasticityMetrics | undefined {
  const series = supplyDemandOf(result);
  if (series === undefined) return undefined;
  // From the timeline's columns when the result has them (no TimelineEntry objects built).
  const columns = timelineColumnsOf(result);
  return elasticityOf(series, columns ? columns.countResizes(initial ?? { dedicated: 0, lowPriority: 0 }) : countResizes(result.timeline, initial));
}
