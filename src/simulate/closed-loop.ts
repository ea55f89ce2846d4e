// Closed-loop dry-run ("what if"): runs a pool in simulated time on a workload trace, records the
// metric samples the service would record (every 30 s), evaluates the formula at enable time and
// then every interval, and resizes. Event-driven: cost grows with events, never tasks × steps.
// Browser-safe. Evaluation is a `Decide` callback, so this file never imports the evaluator.

import { report, type Diagnostic } from "../base/diagnostics.ts";
import { SAMPLE_PERIOD_MS, SharedTimes, type TimeSeries } from "../metrics/series.ts";
import { DEFAULT_AVAILABILITY_DELAY_MS, MetricsStore } from "../metrics/store.ts";
import { advanceTo, EventLimitError } from "../resizer/engine.ts";
import { checkInvariants } from "../resizer/invariant.ts";
import { DEFAULT_POOL_CONFIG, Pool, type PoolConfig, type TaskSpec } from "../resizer/pool.ts";
import { resize } from "../resizer/resize.ts";
import { createRng } from "../resizer/rng.ts";
import { dispatch } from "../resizer/scheduler.ts";
import { decideSafely, evaluationSeed, keepsNoContext, metricsRead } from "./decide.ts";
import { checkInterval, DEFAULT_INTERVAL_MS } from "./duration.ts";
import { checkSpan } from "./limits.ts";
import { attachTimelineColumns, TimelineColumns } from "./columns.ts";
import { demandOf, SummaryBuilder } from "./summary.ts";
import type { Decide, DecideContext, Decision, EvaluatedTargets, PoolSnapshot, SimulationSummary, TimelineEntry } from "./types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Settings of a closed-loop run; every field has a default. */
export interface ClosedLoopOptions {
  /** enable time, epoch ms (default: the first submission, or 0 for an empty trace) */
  readonly start?: number;
  /** evaluation interval (default 15 min; outside 5 min … 168 h → R501) */
  readonly intervalMs?: number;
  /** evaluate once at enable time, then every interval (default true, spec §11.6) */
  readonly evaluateAtEnable?: boolean;
  /** a sample is visible once this old (default 60 s, spec §11.4) */
  readonly availabilityDelayMs?: number;
  /** hard stop, epoch ms (default: last submission + 24 h) */
  readonly end?: number;
  /** once every task has completed, keep evaluating this long, to show the scale-down (default 1 h) */
  readonly drainMs?: number;
  readonly pool?: Partial<PoolConfig>;
  /** seeds preemption, CPU noise and the formula's rand() (default 1) */
  readonly seed?: number;
  /** ± amplitude of the uniform noise added to the modelled $CPUPercent, in points (default 2) */
  readonly cpuNoise?: number;
  /** verify the task invariant after every event (slow: tests only) */
  readonly checkInvariants?: boolean;
  /** called now and then with the fraction of simulated time done (CLI progress bar) */
  readonly onProgress?: (fraction: number) => void;
}

/** Output of a closed-loop run. */
export interface ClosedLoopResult {
  /**
   * One entry per evaluation. Kept as columns of numbers during the run and built on first read
   * (the same array afterwards): callers that want only the summary never pay for it.
   */
  readonly timeline: readonly TimelineEntry[];
  /** undefined when the options were invalid and nothing ran */
  readonly summary: SimulationSummary | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * the samples recorded during the run (input for an open-loop replay). With a formula (a
   * decision function marked with the metrics it reads, decide.ts), only those series and
   * $UsableNodeCount are recorded while it runs; the others are listed and made on their first
   * read, by running the pool again with the decisions this run took: the same samples.
   */
  readonly store: MetricsStore;
  /** final pool state: tasks with their timing, nodes with their departure times */
  readonly pool: Pool | undefined;
}

/**
 * Runs the dry-run. Never throws: a throwing `decide` becomes a failed evaluation, an internal
 * inconsistency becomes an R503 diagnostic.
 */
export function runClosedLoop(decide: Decide, tasks: readonly TaskSpec[], options: ClosedLoopOptions = {}): ClosedLoopResult {
  const availabilityDelayMs = options.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS;
  const store = new MetricsStore({ availabilityDelayMs });
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const bad = checkInterval(intervalMs);
  if (bad) return { timeline: [], summary: undefined, diagnostics: [bad], store, pool: undefined };
  const diagnostics: Diagnostic[] = [];
  try {
    return run(decide, tasks, options, intervalMs, store, diagnostics, metricsRead(decide));
  } catch (e) {
    // The engine's safety net is a limit the options ran into, not a bug.
    if (e instanceof EventLimitError) diagnostics.push(report("BadSimulationOption", { start: 0, end: 0 }, e.message));
    else diagnostics.push(report("SimulatorInternal", { start: 0, end: 0 }, e instanceof Error ? e.message : String(e)));
    return { timeline: [], summary: undefined, diagnostics, store, pool: undefined };
  }
}

/** An evaluation's decision again: its targets, or (null) a failed run that leaves the pool unchanged. */
function decidedBefore(targets: EvaluatedTargets | undefined | null): Decision {
  if (targets === null) return FAILED;
  return { run: undefined, runLater: NO_RUN, targets };
}
const NO_RUN = () => ({ timestamp: "", results: "" });
const FAILED: Decision = { run: { timestamp: "", results: "", error: { code: "SimulatorReplay", message: "", values: [] } }, targets: undefined };

/** The pool's tasks as specs again, from its columns (FIFO order; ids are not needed to re-run). */
function specsOf(pool: Pool): TaskSpec[] {
  const t = pool.taskTable;
  const specs = new Array<TaskSpec>(t.length);
  for (let row = 0; row < t.length; row++) {
    const slots = t.slots?.[row];
    const retention = t.retention?.[row];
    specs[row] = { submit: t.submit[row]!, duration: t.duration[row]!, ...(slots === undefined ? {} : { slots }), ...(retention === undefined ? {} : { retention }) };
  }
  return specs;
}

function run(
  decide: Decide,
  tasks: readonly TaskSpec[],
  options: ClosedLoopOptions,
  intervalMs: number,
  store: MetricsStore,
  diagnostics: Diagnostic[],
  reads: readonly string[] | undefined,
): ClosedLoopResult {
  const seed = options.seed ?? 1;
  const config: PoolConfig = { ...DEFAULT_POOL_CONFIG, seed, ...options.pool };
  let firstSubmit = Infinity;
  let lastSubmit = -Infinity;
  // Indexed loops in the once-per-run passes over 100k tasks: they run before the JIT has
  // optimised them, and an unoptimised for…of allocates an iterator result per element.
  for (let i = 0; i < tasks.length; i++) {
    const submit = tasks[i]!.submit;
    if (submit < firstSubmit) firstSubmit = submit;
    if (submit > lastSubmit) lastSubmit = submit;
  }
  const start = options.start ?? (Number.isFinite(firstSubmit) ? firstSubmit : 0);
  const end = options.end ?? Math.max(start, Number.isFinite(lastSubmit) ? lastSubmit : start) + 24 * 3_600_000;
  const drainMs = options.drainMs ?? 3_600_000;
  const tooLong = checkSpan("the simulation", start, end);
  if (tooLong) {
    diagnostics.push(tooLong);
    return { timeline: [], summary: undefined, diagnostics, store, pool: undefined };
  }
  const pool = new Pool(config, tasks, start);
  let clamps = 0;
  let firstClamp: { time: number; dedicated: number; lowPriority: number } | undefined;
  const noise = options.cpuNoise ?? 2;
  const cpuRng = createRng(seed * 31 + 7);
  const summary = new SummaryBuilder(pool, start);
  // Rows of numbers while the loop runs; TimelineEntry objects only when `timeline` is read.
  const timeline = new TimelineColumns(Math.ceil((end - start + Math.min(drainMs, 3_600_000)) / intervalMs) + 2);
  const check = options.checkInvariants
    ? (p: Pool) => {
        const errors = checkInvariants(p);
        if (errors.length > 0) throw new Error(`invariant violated at ${new Date(p.now).toISOString()}: ${errors.join("; ")}`);
      }
    : undefined;

  // One sample every 30 s until the run stops (end, plus the drain): sized once, the series do
  // not regrow (about a fifth of a 30-day run's time went to regrowing them).
  // (The span is at most 366 days, checked above; a drain past an hour grows them as usual.)
  const capacity = Math.ceil((end - start + Math.min(drainMs, 3_600_000)) / SAMPLE_PERIOD_MS) + 2;
  // Every series but $CPUPercent (no sample without a reporting node) gets a sample at every
  // instant: they share one times buffer. A 30-day run's series are 16 MB of fresh memory
  // otherwise, and first touching fresh pages cost more than the appends themselves.
  const clock = new SharedTimes(capacity);
  // The series the formula cannot read are 0.7 MB each of a 30-day run (more than half of what
  // it allocates): recorded only when the decision function may read anything. The others get
  // an empty placeholder (their place in names()) and are made on first read (see the end).
  // $UsableNodeCount is always recorded: the elasticity figures read it.
  const keep = reads === undefined ? undefined : new Set([...reads, "$UsableNodeCount"]);
  /** the series not recorded, in the order the store lists them */
  const placeholders: string[] = [];
  const ensure = (name: string): TimeSeries | undefined => {
    if (keep !== undefined && !keep.has(name)) {
      store.ensure(name, 1);
      placeholders.push(name);
      return undefined;
    }
    return store.ensure(name, capacity, name === "$CPUPercent" ? undefined : clock);
  };
  /** What each evaluation decided (targets, or null for a failed one), for that re-run. */
  const decisions: (EvaluatedTargets | undefined | null)[] | undefined = keep === undefined ? undefined : [];
  const series = {
    active: ensure("$ActiveTasks"),
    running: ensure("$RunningTasks"),
    pending: ensure("$PendingTasks"),
    succeeded: ensure("$SucceededTasks"),
    failed: ensure("$FailedTasks"),
    cpu: ensure("$CPUPercent"),
    preempted: ensure("$PreemptedNodeCount"),
    usable: ensure("$UsableNodeCount"),
    sampleNodes: ensure("$SampleNodeCount"),
    dedicated: ensure("$CurrentDedicatedNodes"),
    lowPriority: ensure("$CurrentLowPriorityNodes"),
  };
  const slotsPerNode = config.taskSlotsPerNode;

  /**
   * One 30-s sample. $SucceededTasks/$FailedTasks count completions during the period that ends
   * at the sample (the service leaves cumulative vs per-period open; per-period is what a formula
   * comparing successive samples expects). $CPUPercent = busy slots / slots of reporting nodes
   * × 100 ± noise, clamped to 0…100; with no reporting node there is no CPU sample at all.
   */
  function sample(t: number): void {
    const d = pool.counts.dedicated;
    const l = pool.counts.lowPriority;
    const usable = d.idle + d.running + l.idle + l.running;
    const reporting = usable + d.leaving + l.leaving;
    series.active?.append(t, pool.queued);
    series.running?.append(t, pool.running);
    series.pending?.append(t, pool.queued + pool.running);
    series.succeeded?.append(t, pool.periodSucceeded);
    series.failed?.append(t, pool.periodFailed);
    pool.periodSucceeded = 0;
    pool.periodFailed = 0;
    series.preempted?.append(t, d.preempted + l.preempted);
    series.usable?.append(t, usable);
    series.sampleNodes?.append(t, reporting);
    series.dedicated?.append(t, pool.current("dedicated"));
    series.lowPriority?.append(t, pool.current("lowPriority"));
    if (reporting > 0) {
      const cpu = (100 * pool.busySlots) / (reporting * slotsPerNode) + (cpuRng() * 2 - 1) * noise;
      series.cpu?.append(t, Math.min(100, Math.max(0, cpu)));
    }
    summary.observe(t, usable, demandOf(pool));
  }

  // One context for every evaluation when the decision function keeps none (the library's
  // formulas, decide.ts), else a fresh one each time.
  const fresh = (): Omit<Mutable<DecideContext>, "pool"> & { pool: Mutable<PoolSnapshot> } => ({
    now: 0,
    pool: { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: slotsPerNode },
    store,
    seed: 0,
    wantRun: "later",
  });
  const reused = keepsNoContext(decide) ? fresh() : undefined;

  function evaluate(t: number, index: number): void {
    const ctx = reused ?? fresh();
    ctx.now = t;
    ctx.pool.targetDedicatedNodes = pool.targetDedicated;
    ctx.pool.targetLowPriorityNodes = pool.targetLowPriority;
    ctx.pool.currentDedicatedNodes = pool.current("dedicated");
    ctx.pool.currentLowPriorityNodes = pool.current("lowPriority");
    ctx.seed = evaluationSeed(seed, index);
    const decision = decideSafely(decide, ctx);
    let applied = false;
    let note: string | undefined;
    // Formatting every evaluation's results text cost more than the rest of the loop, and most
    // callers (compare, tune, the summary) never read it: a successful formula run is formatted
    // when its entry's `run` is first read (same text, see formula-decide.ts).
    const runLater = decision.run === undefined ? decision.runLater : undefined;
    const run = decision.run ?? (runLater === undefined ? { timestamp: new Date(t).toISOString(), results: "" } : undefined);
    if (run?.error) {
      summary.evaluationErrors++;
      note = `evaluation error ${run.error.code}: pool left unchanged`;
    } else if (decision.targets) {
      // planResize on a zero-copy view of the pool, then the plan applied (resizer/resize.ts).
      const r = resize(pool, decision.targets, t);
      applied = r.applied;
      if (r.clamped) {
        clamps++;
        firstClamp ??= { time: t, ...r.clamped };
      }
      if (!r.applied) {
        summary.refusedTargets++;
        note = r.refused;
      }
      dispatch(pool, t);
    }
    timeline.record(t, run ?? runLater!, decision.targets, applied, note, pool);
    decisions?.push(run?.error ? null : decision.targets);
  }

  // Once the run has ended (or thrown), the series not recorded are made on first read: the same
  // pool run again (the same tasks, from the pool's own columns), each evaluation replaced by the
  // decision this run took, every series recorded.
  let deferRest = () => {};
  if (keep !== undefined) {
    const rerun = (): MetricsStore => {
      const full = new MetricsStore({ availabilityDelayMs: store.availabilityDelayMs });
      let i = 0;
      const replayed: Decide = () => decidedBefore(decisions![i++]);
      try {
        run(replayed, specsOf(pool), { ...options, onProgress: undefined }, intervalMs, full, [], undefined);
      } catch {
        // the limit this run ran into: the samples up to there, as this run recorded them
      }
      return full;
    };
    deferRest = () => store.defer(placeholders, rerun);
  }

  const done = () => pool.submitted === pool.taskTable.length && pool.queued === 0 && pool.running === 0;
  let nextSample = start;
  let nextEval = options.evaluateAtEnable === false ? start + intervalMs : start;
  let evaluations = 0;
  let doneAt = Infinity;
  let lastProgress = 0;
  const span = Math.max(1, end - start);
  try {
    for (;;) {
      const t = Math.min(nextSample, nextEval);
      if (t > end) break;
      advanceTo(pool, t, check);
      if (t === nextSample) {
        sample(t);
        nextSample += SAMPLE_PERIOD_MS;
      }
      if (t === nextEval) {
        evaluate(t, evaluations++);
        check?.(pool);
        nextEval += intervalMs;
        if (doneAt === Infinity && done()) doneAt = t;
        if (t >= doneAt + drainMs) break;
      } else if (doneAt === Infinity && done()) {
        doneAt = t;
      }
      if (options.onProgress && t - lastProgress > span / 200) {
        lastProgress = t;
        options.onProgress((t - start) / span);
      }
    }
  } finally {
    deferRest();
  }
  const finalTime = Math.min(end, Math.max(pool.now, start));
  if (pool.unschedulable > 0) {
    // The first in FIFO order (rows are in FIFO order; few tasks fail).
    let first = Infinity;
    for (const [row, failure] of pool.taskTable.failure) if (row < first && failure.startsWith("unschedulable")) first = row;
    diagnostics.push(report("UnschedulableTask", { start: 0, end: 0 }, pool.unschedulable, slotsPerNode, Number.isFinite(first) ? pool.taskTable.id(first) : "?"));
  }
  if (firstClamp) {
    const asked = `$TargetDedicatedNodes=${firstClamp.dedicated}, $TargetLowPriorityNodes=${firstClamp.lowPriority}`;
    diagnostics.push(report("TargetAboveQuota", { start: 0, end: 0 }, clamps, config.maxDedicated, config.maxLowPriority, new Date(firstClamp.time).toISOString(), asked));
  }
  options.onProgress?.(1);
  const finished = summary.finish(finalTime, evaluations);
  const result: ClosedLoopResult = {
    get timeline() {
      return timeline.entries();
    },
    summary: finished,
    diagnostics,
    store,
    pool,
  };
  return attachTimelineColumns(result, timeline);
}
