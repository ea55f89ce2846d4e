// Open-loop replay: evaluates a formula over recorded metric samples at every evaluation instant
// and reports the targets it would have chosen. Nothing is resized: the recorded history does
// not react to the formula. Browser-safe; evaluation is a `Decide` callback.

import { report, type Diagnostic } from "../base/diagnostics.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { TimeSeries } from "../metrics/series.ts";
import { normalizeTarget } from "../resizer/resize.ts";
import { decideSafely, evaluationSeed, keepsNoContext } from "./decide.ts";
import { checkInterval, DEFAULT_INTERVAL_MS } from "./duration.ts";
import { checkSpan } from "./limits.ts";
import { ReplayColumns, type ReplayEntry } from "./columns.ts";
import type { Decide } from "./types.ts";

/** Settings of a replay; every field has a default. */
export interface ReplayOptions {
  /** first evaluation, epoch ms (default: the oldest sample in the store) */
  readonly start?: number;
  /** last possible evaluation, epoch ms (default: the newest sample) */
  readonly end?: number;
  /** default 15 min; outside 5 min … 168 h → R501 */
  readonly intervalMs?: number;
  /** pool targets before the first evaluation (default 0 and 0) */
  readonly targetDedicatedNodes?: number;
  readonly targetLowPriorityNodes?: number;
  readonly taskSlotsPerNode?: number;
  readonly seed?: number;
  /**
   * Keep every evaluation's AutoScaleRun (default true). With false, successful evaluations
   * record only their targets — the fast path for long histories; failed ones keep their run.
   */
  readonly keepRuns?: boolean;
}

export type { ReplayEntry } from "./columns.ts";

/** Output of a replay. */
export interface ReplayResult {
  /** One entry per evaluation, built on first read (the same array afterwards). */
  readonly entries: readonly ReplayEntry[];
  readonly evaluationErrors: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Evaluates at `start`, `start + interval`, … ≤ `end`. Targets feed forward: each evaluation
 * starts from the targets the previous one chose (what the service would hold), so formulas that
 * read `$TargetDedicatedNodes` behave as deployed. `$CurrentDedicatedNodes` and
 * `$CurrentLowPriorityNodes` come from series of those names in the store when present (latest
 * sample at or before the instant), otherwise they equal the targets in force (pool assumed to
 * have reached them). Never throws.
 */
export function runOpenLoop(decide: Decide, store: MetricsStore, options: ReplayOptions = {}): ReplayResult {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const bad = checkInterval(intervalMs);
  if (bad) return { entries: [], evaluationErrors: 0, diagnostics: [bad] };
  let first = Infinity;
  let last = -Infinity;
  for (const name of store.names()) {
    const s = store.get(name);
    if (s.length === 0) continue;
    first = Math.min(first, s.timeAt(0));
    last = Math.max(last, s.timeAt(s.length - 1));
  }
  const start = options.start ?? first;
  const end = options.end ?? last;
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    return { entries: [], evaluationErrors: 0, diagnostics: [report("BadSimulationOption", { start: 0, end: 0 }, "the metrics hold no samples: nothing to replay")] };
  }
  const tooLong = checkSpan("the replay", start, end);
  if (tooLong) return { entries: [], evaluationErrors: 0, diagnostics: [tooLong] };
  const dedicatedSeries = store.has("$CurrentDedicatedNodes") ? new Cursor(store.get("$CurrentDedicatedNodes")) : undefined;
  const lowSeries = store.has("$CurrentLowPriorityNodes") ? new Cursor(store.get("$CurrentLowPriorityNodes")) : undefined;
  const slots = options.taskSlotsPerNode ?? 1;
  const seed = options.seed ?? 1;
  const wantRun = options.keepRuns ?? true;
  let targetD = normalizeTarget(options.targetDedicatedNodes ?? 0) ?? 0;
  let targetL = normalizeTarget(options.targetLowPriorityNodes ?? 0) ?? 0;
  // Rows of numbers while the loop runs; ReplayEntry objects only when `entries` is read.
  const entries = new ReplayColumns(Math.floor((end - start) / intervalMs) + 1, start, intervalMs, { dedicated: targetD, lowPriority: targetL }, { dedicated: dedicatedSeries !== undefined, lowPriority: lowSeries !== undefined });
  let errors = 0;
  let index = 0;
  // One context for every evaluation when the decision function keeps none (the library's
  // formulas), else a fresh one each time.
  const reuse = keepsNoContext(decide);
  const pool = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: slots };
  const ctx = { now: 0, pool, store, seed: 0, wantRun };
  for (let t = start; t <= end; t += intervalMs) {
    const currentD = dedicatedSeries?.at(t) ?? targetD;
    const currentL = lowSeries?.at(t) ?? targetL;
    const c = reuse ? ctx : { now: 0, pool: { ...pool }, store, seed: 0, wantRun };
    c.now = t;
    c.pool.targetDedicatedNodes = targetD;
    c.pool.targetLowPriorityNodes = targetL;
    c.pool.currentDedicatedNodes = currentD;
    c.pool.currentLowPriorityNodes = currentL;
    c.seed = evaluationSeed(seed, index++);
    const decision = decideSafely(decide, c);
    // Each field read once: the entries recompute the targets in force from what is recorded.
    const run = decision.run;
    const failed = Boolean(run?.error);
    // (no targets is `undefined`; a caller's Decide answering null reads back as undefined)
    const targets = decision.targets ?? undefined;
    const rawD = targets === undefined ? NaN : targets.dedicated;
    const rawL = targets === undefined ? NaN : targets.lowPriority;
    if (failed) errors++;
    else if (targets) {
      const d = normalizeTarget(rawD);
      const l = normalizeTarget(rawL);
      if (d !== undefined && l !== undefined) {
        targetD = d;
        targetL = l;
      }
    }
    entries.record(t, run, failed, targets, rawD, rawL, currentD, currentL);
  }
  return {
    get entries() {
      return entries.entries();
    },
    evaluationErrors: errors,
    diagnostics: [],
  };
}

/** Latest value at or before t, for increasing t: amortised O(1). */
class Cursor {
  private i = 0;
  private readonly s: TimeSeries;
  constructor(s: TimeSeries) {
    this.s = s;
  }
  at(t: number): number | undefined {
    const s = this.s;
    // The series' own search starts from its last answer, a few comparisons per evaluation;
    // walking sample by sample cost ten steps per 5-min evaluation over 30-s samples (a million
    // a year), most of them before the JIT had optimised this loop. A series holding a NaN time
    // has no total order: it keeps the walk, whose answer defines this cursor.
    if (s.ordered) this.i = Math.max(this.i, s.upperBound(t));
    else while (this.i < s.length && s.timeAt(this.i) <= t) this.i++;
    return this.i === 0 ? undefined : s.valueAt(this.i - 1);
  }
}
