// Simulator façade: `simulate` (closed-loop dry-run on a workload) and `replay` (open-loop over
// recorded metrics), each taking formula text or a plain decision function. Never throws.

import type { Diagnostic } from "../lang/diagnostics.ts";
import type { EvalOptions } from "../lang/evaluate.ts";
import { MetricsStore } from "../metrics/store.ts";
import type { TaskSpec } from "../resizer/pool.ts";
import { runClosedLoop, type ClosedLoopOptions, type ClosedLoopResult } from "./closed-loop.ts";
import { loadWorkload, validateTasks, type Workload } from "./load.ts";
import { runOpenLoop, type ReplayOptions, type ReplayResult } from "./open-loop.ts";
import { formulaDecide } from "./formula-decide.ts";
import type { Decide } from "./types.ts";

/** Enable time of traces whose submit times are relative: Monday 2024-01-01T00:00:00Z. */
export const DEFAULT_RELATIVE_START = Date.UTC(2024, 0, 1);

/** Options of `simulate`: the closed-loop settings plus the evaluator's. */
export interface SimulateOptions extends ClosedLoopOptions {
  /** default samplePercent of window-form GetSample (the evaluator's default 70) */
  readonly defaultSamplePercent?: number;
}

/** Options of `replay`: the open-loop settings plus the evaluator's. */
export interface ReplayFormulaOptions extends ReplayOptions {
  readonly defaultSamplePercent?: number;
}

/**
 * Closed-loop dry-run of a formula on a workload: a trace as CSV/JSONL text, a loaded
 * `Workload`, or tasks with absolute epoch-ms submit times. Relative traces start at
 * `options.start` (default {@link DEFAULT_RELATIVE_START}); absolute ones at `options.start` or
 * the hour of the first submission.
 */
export function simulate(formula: string | Decide, workload: string | Workload | readonly TaskSpec[], options: SimulateOptions = {}): ClosedLoopResult & { readonly diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let loaded: Workload;
  if (typeof workload === "string") {
    const r = loadWorkload(workload);
    diagnostics.push(...r.diagnostics);
    loaded = r.workload;
  } else if (Array.isArray(workload)) {
    loaded = { tasks: workload as readonly TaskSpec[], relative: false };
    diagnostics.push(...validateTasks(loaded.tasks));
  } else {
    loaded = workload as Workload;
    diagnostics.push(...validateTasks(loaded.tasks));
  }
  let decide: Decide | undefined;
  if (typeof formula === "function") decide = formula;
  else {
    const c = formulaDecide(formula, evalOptions(options));
    diagnostics.push(...c.diagnostics);
    decide = c.decide;
  }
  if (decide === undefined || diagnostics.some((d) => d.severity === "error")) return { timeline: [], summary: undefined, diagnostics, store: new MetricsStore(), pool: undefined };
  let tasks = loaded.tasks;
  let start = options.start;
  if (loaded.relative) {
    const base = start ?? DEFAULT_RELATIVE_START;
    tasks = tasks.map((t) => ({ ...t, submit: base + t.submit }));
    start = base;
  } else if (start === undefined && tasks.length > 0) {
    let first = Infinity;
    for (const t of tasks) first = Math.min(first, t.submit);
    start = Math.floor(first / 3_600_000) * 3_600_000;
  }
  const result = runClosedLoop(decide, tasks, { ...options, ...(start === undefined ? {} : { start }) });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

/** Open-loop replay of a formula over recorded samples: the targets it would have chosen. */
export function replay(formula: string | Decide, store: MetricsStore, options: ReplayFormulaOptions = {}): ReplayResult {
  let decide: Decide | undefined;
  let diagnostics: readonly Diagnostic[] = [];
  if (typeof formula === "function") decide = formula;
  else ({ decide, diagnostics } = formulaDecide(formula, evalOptions(options)));
  if (decide === undefined) return { entries: [], evaluationErrors: 0, diagnostics };
  const result = runOpenLoop(decide, store, options);
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

function evalOptions(o: { readonly defaultSamplePercent?: number }): EvalOptions {
  return o.defaultSamplePercent === undefined ? {} : { defaultSamplePercent: o.defaultSamplePercent };
}
