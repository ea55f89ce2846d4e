// Compare: the same workload (and the same seed, so the same preemptions) through several
// formulas, one closed-loop dry-run each, reduced to one row of figures per formula with the best
// value of every column marked. No combined score: the columns stand side by side. Browser-safe;
// the CLI runs candidates on worker threads (src/cli/parallel.ts), each through runCandidate.

import type { Diagnostic } from "../../base/diagnostics.ts";
import { costOf, type CostFigures, type Prices } from "../measure/cost.ts";
import { elasticityOfRun, type ElasticityMetrics } from "../measure/elasticity.ts";
import type { Workload } from "../load.ts";
import { simulate, type SimulateOptions } from "../simulate.ts";
import type { SimulationSummary, TimelineEntry } from "../types.ts";

/** Settings of one candidate run: the simulator's (without callbacks) plus prices. */
export interface CandidateOptions extends Omit<SimulateOptions, "onProgress"> {
  readonly prices?: Prices;
  /** keep the nodes/demand series for charts (default false) */
  readonly keepSeries?: boolean;
}

/** Nodes in the pool and demand at every evaluation (for the chart). */
export interface CandidateSeries {
  readonly times: readonly number[];
  readonly nodes: readonly number[];
  readonly demand: readonly number[];
}

/** One formula's dry-run, reduced to what a comparison shows. Plain data (crosses worker threads). */
export interface CandidateResult {
  readonly name: string;
  /** the run's diagnostics, as plain objects */
  readonly diagnostics: readonly Pick<Diagnostic, "code" | "severity" | "message">[];
  readonly summary?: SimulationSummary;
  readonly cost?: CostFigures;
  readonly elasticity?: ElasticityMetrics;
  readonly series?: CandidateSeries;
}

/** Runs one formula on the workload. Never throws (problems are diagnostics). */
export function runCandidate(name: string, formula: string, workload: Workload, options: CandidateOptions = {}): CandidateResult {
  return runCandidateUnless(() => false, name, formula, workload, options)!;
}

/** Thrown through the simulator to stop a run whose result is no longer wanted. */
const STOPPED = Symbol("stopped");

/**
 * {@link runCandidate}, stopped (undefined) as soon as `stop()` says its result is no longer
 * wanted: checked about 200 times over the simulated span and once more before the metrics.
 * Used by the CLI when two threads race on the same candidate and the slower one gives up.
 */
export function runCandidateUnless(stop: () => boolean, name: string, formula: string, workload: Workload, options: CandidateOptions = {}): CandidateResult | undefined {
  const { prices, keepSeries, ...simOptions } = options;
  const onProgress = (): void => {
    if (stop()) throw STOPPED;
  };
  const r = simulate(formula, workload, { ...simOptions, onProgress });
  if (stop()) return undefined;
  const diagnostics = r.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
  if (r.summary === undefined) return { name, diagnostics };
  const pool = simOptions.pool;
  const elasticity = elasticityOfRun(r, { dedicated: pool?.initialDedicated ?? 0, lowPriority: pool?.initialLowPriority ?? 0 });
  if (stop()) return undefined;
  return {
    name,
    diagnostics,
    summary: r.summary,
    ...(prices ? { cost: costOf(r.summary, prices) } : {}),
    ...(elasticity ? { elasticity } : {}),
    ...(keepSeries ? { series: seriesOf(r.timeline) } : {}),
  };
}

function seriesOf(timeline: readonly TimelineEntry[]): CandidateSeries {
  const times: number[] = [];
  const nodes: number[] = [];
  const demand: number[] = [];
  for (const e of timeline) {
    const d = e.nodes.dedicated;
    const l = e.nodes.lowPriority;
    times.push(e.time);
    nodes.push(d.allocating + d.idle + d.running + d.leaving + d.preempted + l.allocating + l.idle + l.running + l.leaving + l.preempted);
    demand.push(e.demand);
  }
  return { times, nodes, demand };
}

/** A column of the comparison: its figure per result, and which way is better. */
export interface CompareColumn {
  readonly key: string;
  readonly label: string;
  readonly better: "lower" | "higher";
  readonly unit: "hours" | "money" | "ms" | "count" | "percent";
  readonly value: (r: CandidateResult) => number;
}

const s = (r: CandidateResult) => r.summary;

/** The columns, in table order. Cost columns only make sense with prices (NaN without). */
export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  { key: "nodeHours", label: "node-h", better: "lower", unit: "hours", value: (r) => (s(r) ? s(r)!.nodeHours.dedicated + s(r)!.nodeHours.lowPriority : NaN) },
  { key: "cost", label: "cost", better: "lower", unit: "money", value: (r) => r.cost?.total ?? NaN },
  { key: "idleCost", label: "idle cost", better: "lower", unit: "money", value: (r) => r.cost?.idle ?? NaN },
  { key: "waitP50", label: "wait p50", better: "lower", unit: "ms", value: (r) => s(r)?.wait.p50 ?? NaN },
  { key: "waitP95", label: "wait p95", better: "lower", unit: "ms", value: (r) => s(r)?.wait.p95 ?? NaN },
  { key: "waitMax", label: "wait max", better: "lower", unit: "ms", value: (r) => s(r)?.wait.max ?? NaN },
  { key: "makespan", label: "makespan", better: "lower", unit: "ms", value: (r) => s(r)?.makespan ?? NaN },
  { key: "requeued", label: "requeued", better: "lower", unit: "count", value: (r) => (s(r) ? s(r)!.tasks.requeuedByResize + s(r)!.tasks.requeuedByPreemption : NaN) },
  { key: "terminated", label: "terminated", better: "lower", unit: "count", value: (r) => s(r)?.tasks.terminated ?? NaN },
  { key: "evaluationErrors", label: "eval errors", better: "lower", unit: "count", value: (r) => s(r)?.evaluationErrors ?? NaN },
  { key: "underAccuracy", label: "θU", better: "lower", unit: "percent", value: (r) => r.elasticity?.underAccuracy ?? NaN },
  { key: "overAccuracy", label: "θO", better: "lower", unit: "percent", value: (r) => r.elasticity?.overAccuracy ?? NaN },
  { key: "underTimeshare", label: "τU", better: "lower", unit: "percent", value: (r) => r.elasticity?.underTimeshare ?? NaN },
  { key: "overTimeshare", label: "τO", better: "lower", unit: "percent", value: (r) => r.elasticity?.overTimeshare ?? NaN },
  { key: "instability", label: "instab.", better: "lower", unit: "percent", value: (r) => r.elasticity?.instability ?? NaN },
  { key: "resizes", label: "resizes", better: "lower", unit: "count", value: (r) => r.elasticity?.resizes ?? NaN },
  { key: "firstNode", label: "1st node", better: "lower", unit: "ms", value: (r) => r.elasticity?.firstNodeMean ?? NaN },
];

/**
 * For every column, the indices of the results holding its best value (ties all marked; NaN never
 * best; a column where every result is equal marks none, as there is nothing to choose).
 */
export function bestPerColumn(results: readonly CandidateResult[], columns: readonly CompareColumn[] = COMPARE_COLUMNS): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const c of columns) {
    const values = results.map(c.value);
    const finite = values.filter(Number.isFinite);
    const best = finite.length === 0 ? NaN : c.better === "lower" ? Math.min(...finite) : Math.max(...finite);
    const marked = new Set<number>();
    if (Number.isFinite(best) && !finite.every((v) => v === best)) values.forEach((v, i) => v === best && marked.add(i));
    out.set(c.key, marked);
  }
  return out;
}
