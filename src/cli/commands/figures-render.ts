// Rendering of the cost and elasticity figures (simulate's summary, compare's table): numbers
// formatted once, here. CLI only.

import { formatDuration, type CostFigures, type ElasticityMetrics } from "../../entry/simulate.ts";

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : "-");

/** A money amount with 2 decimals (4 below 1). */
export function money(x: number): string {
  return !Number.isFinite(x) ? "-" : Math.abs(x) < 1 ? x.toFixed(4) : x.toFixed(2);
}

/** A percentage with one decimal. */
export const pct = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)}%` : "-");

/** A duration, or "-" for NaN. */
export const dur = (ms: number): string => (Number.isFinite(ms) ? formatDuration(ms) : "-");

/** The summary lines `autoscale simulate` adds: cost (with --price) and elasticity. */
export function renderFigures(cost: CostFigures | undefined, e: ElasticityMetrics | undefined): string {
  const lines: string[] = [];
  if (cost) lines.push(`cost             ${money(cost.total)} (dedicated ${money(cost.dedicated)}, low-priority ${money(cost.lowPriority)}); idle ${money(cost.idle)} (${fixed((100 * cost.idle) / cost.total, 1)}% of the cost: nodes with no task running)`);
  if (e) {
    lines.push(`elasticity       under-provisioned ${pct(e.underTimeshare)} of the time, by ${pct(e.underAccuracy)} of demand on average; over-provisioned ${pct(e.overTimeshare)} of the time, by ${pct(e.overAccuracy)}`);
    lines.push(`                 ${e.resizes} resizes; instability ${pct(e.instability)} (opposite moves ${pct(e.oppositeMoves)}), jitter ${fixed(e.jitter, 2)}/h; ${e.bursts} bursts, first node after ${dur(e.firstNodeMean)} on average (max ${dur(e.firstNodeMax)}, ${e.burstsAbsorbed} absorbed without one)`);
  }
  return lines.join("\n");
}
