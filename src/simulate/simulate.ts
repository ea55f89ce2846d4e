// Simulator façade: `simulate` (closed-loop dry-run on a workload) and `replay` (open-loop over
// recorded metrics), each taking formula text or a plain decision function. Never throws.

import { report, showValue, type Diagnostic } from "../base/diagnostics.ts";
import type { EvalOptions } from "../eval/evaluate.ts";
import { MetricsStore } from "../metrics/store.ts";
import type { PoolConfig, TaskSpec } from "../resizer/pool.ts";
import { runClosedLoop, type ClosedLoopOptions, type ClosedLoopResult } from "./closed-loop.ts";
import { withDiagnosticsBefore } from "./columns.ts";
import { loadWorkload, validateTasks, type Workload } from "./load.ts";
import { runOpenLoop, type ReplayOptions, type ReplayResult } from "./open-loop.ts";
import { formulaDecide } from "./formula-decide.ts";
import { DEFAULT_POOL_QUOTA } from "./limits.ts";
import { checkOptions, POOL_OPTIONS, PREEMPTION_OPTIONS, preemptionTraceProblem, REPLAY_OPTIONS, SIMULATE_OPTIONS } from "./options.ts";
import { resolvePreemptionEvents, type PreemptionOption } from "./traces/preemptions.ts";
import type { Decide } from "./types.ts";

/** Enable time of traces whose submit times are relative: Monday 2024-01-01T00:00:00Z. */
export const DEFAULT_RELATIVE_START = Date.UTC(2024, 0, 1);

/**
 * Options of `simulate`: the closed-loop settings plus the evaluator's. `pool.preemption` is a
 * rate or a trace whose times may be ISO 8601 text or, with `relative`, ms from the start
 * (PreemptionOption; a loaded `--preemptions` file fits as `{ ...trace, recoveryMs }`).
 */
export interface SimulateOptions extends Omit<ClosedLoopOptions, "pool"> {
  readonly pool?: Partial<Omit<PoolConfig, "preemption">> & { readonly preemption?: PreemptionOption | undefined };
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
export function simulate(formula: string | Decide, workload: string | Workload | readonly TaskSpec[], options: SimulateOptions = {}): ClosedLoopResult {
  try {
    return simulateUnsafe(formula, workload, options ?? {});
  } catch (e) {
    return { timeline: [], summary: undefined, diagnostics: [internal(e)], store: new MetricsStore(), pool: undefined };
  }
}

function simulateUnsafe(formula: string | Decide, workload: string | Workload | readonly TaskSpec[], options: SimulateOptions): ClosedLoopResult {
  const diagnostics: Diagnostic[] = [];
  const none = (): ClosedLoopResult => ({ timeline: [], summary: undefined, diagnostics, store: new MetricsStore(), pool: undefined });
  const badOption = simulateOptionProblem(options);
  if (badOption !== undefined) {
    diagnostics.push(badOption);
    return none();
  }
  if (typeof formula !== "string" && typeof formula !== "function") {
    diagnostics.push(report("BadSimulationOption", NO_SPAN, "the formula must be formula text or a decision function"));
    return none();
  }
  if (typeof workload !== "string" && !Array.isArray(workload) && !(typeof workload === "object" && workload !== null && Array.isArray((workload as Workload).tasks))) {
    diagnostics.push(report("BadSimulationOption", NO_SPAN, "the workload must be CSV/JSONL text, a list of tasks or a { tasks, relative } object"));
    return none();
  }
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
  if (decide === undefined || diagnostics.some((d) => d.severity === "error")) return none();
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
  const result = runClosedLoop(decide, tasks, { ...options, ...(start === undefined ? {} : { start }), pool: poolConfig(options.pool, start ?? 0) });
  return withDiagnosticsBefore(result, diagnostics);
}

/** Open-loop replay of a formula over recorded samples: the targets it would have chosen. */
export function replay(formula: string | Decide, store: MetricsStore, options: ReplayFormulaOptions = {}): ReplayResult {
  try {
    if (!(store instanceof MetricsStore)) return { entries: [], evaluationErrors: 0, diagnostics: [report("BadSimulationOption", NO_SPAN, "replay needs a MetricsStore of recorded samples")] };
    const badOption = typeof options === "object" && options !== null ? checkOptions("options", options, REPLAY_OPTIONS) : notAnObject(options);
    if (badOption !== undefined) return { entries: [], evaluationErrors: 0, diagnostics: [badOption] };
    return replayUnsafe(formula, store, options ?? {});
  } catch (e) {
    return { entries: [], evaluationErrors: 0, diagnostics: [internal(e)] };
  }
}

function replayUnsafe(formula: string | Decide, store: MetricsStore, options: ReplayFormulaOptions): ReplayResult {
  let decide: Decide | undefined;
  let diagnostics: readonly Diagnostic[] = [];
  if (typeof formula === "function") decide = formula;
  else if (typeof formula === "string") ({ decide, diagnostics } = formulaDecide(formula, evalOptions(options)));
  else diagnostics = [report("BadSimulationOption", NO_SPAN, "the formula must be formula text or a decision function")];
  if (decide === undefined) return { entries: [], evaluationErrors: 0, diagnostics };
  const result = runOpenLoop(decide, store, options);
  return withDiagnosticsBefore(result, diagnostics);
}

const NO_SPAN = { start: 0, end: 0 };

function notAnObject(options: unknown): Diagnostic | undefined {
  return options === undefined || options === null ? undefined : report("BadSimulationOption", NO_SPAN, `options must be an object, not ${showValue(options)}`);
}

/** The first unusable simulate option, pool setting or preemption setting (options.ts). */
function simulateOptionProblem(options: unknown): Diagnostic | undefined {
  if (typeof options !== "object" || options === null) return notAnObject(options);
  const pool = (options as SimulateOptions).pool;
  const preemption = pool?.preemption;
  return (
    checkOptions("options", options, SIMULATE_OPTIONS) ??
    (pool === undefined ? undefined : checkOptions("options.pool", pool, POOL_OPTIONS)) ??
    (preemption === undefined ? undefined : checkOptions("options.pool.preemption", preemption, PREEMPTION_OPTIONS) ?? preemptionTraceProblem(preemption)) ??
    (pool === undefined ? undefined : initialAboveQuota(pool))
  );
}

/** The pool settings as the closed loop takes them: a preemption trace's times as epoch ms. */
function poolConfig(pool: SimulateOptions["pool"], start: number): Partial<PoolConfig> | undefined {
  const p = pool?.preemption;
  if (p?.events === undefined) return pool as Partial<PoolConfig> | undefined;
  return { ...pool, preemption: { recoveryMs: p.recoveryMs ?? Infinity, events: resolvePreemptionEvents(p, start) } };
}

/** A pool cannot start with more nodes than its quota. */
function initialAboveQuota(pool: NonNullable<SimulateOptions["pool"]>): Diagnostic | undefined {
  for (const [initial, max] of [["initialDedicated", "maxDedicated"], ["initialLowPriority", "maxLowPriority"]] as const) {
    const n = pool[initial] ?? 0;
    const quota = pool[max] ?? DEFAULT_POOL_QUOTA;
    if (n > quota) return report("BadSimulationOption", NO_SPAN, `options.pool.${initial} (${n}) is above the pool's quota options.pool.${max} (${quota})`);
  }
  return undefined;
}

function internal(e: unknown): Diagnostic {
  return report("SimulatorInternal", NO_SPAN, e instanceof Error ? e.message : String(e));
}

function evalOptions(o: { readonly defaultSamplePercent?: number }): EvalOptions {
  return o.defaultSamplePercent === undefined ? {} : { defaultSamplePercent: o.defaultSamplePercent };
}
