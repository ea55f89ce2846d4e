// Shapes shared by the closed-loop dry-run, the open-loop replay and their callers. The decision
// interface is deliberately small so the simulator can be driven by plain functions in tests and
// by the real evaluator (src/eval/evaluate.ts) in production.

import type { DeallocOption } from "../check/symbols.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { NodeState } from "../resizer/pool.ts";

/** The pool facts a formula reads as scalars (same shape as the evaluator's PoolState). */
export interface PoolSnapshot {
  readonly targetDedicatedNodes: number;
  readonly targetLowPriorityNodes: number;
  readonly currentDedicatedNodes: number;
  readonly currentLowPriorityNodes: number;
  readonly taskSlotsPerNode: number;
}

/** What one evaluation sees. `store` holds every recorded sample; visibility is the store's option. */
export interface DecideContext {
  /** evaluation instant, epoch ms */
  readonly now: number;
  readonly pool: PoolSnapshot;
  readonly store: MetricsStore;
  /** seed for this evaluation's rand() */
  readonly seed: number;
  /**
   * false: the caller needs only the targets, so a successful run may omit `run` (fast path).
   * "later": the same, but a decision function that can produce the run afterwards (a pure one,
   * like a compiled formula's) hands back `runLater` instead; the closed loop asks this way and
   * formats a run only when someone reads it.
   */
  readonly wantRun?: boolean | "later";
}

/** The service's record of one evaluation (spec §11.5). */
export interface AutoScaleRunLike {
  readonly timestamp: string;
  readonly results: string;
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly values: readonly { readonly name: string; readonly value: string }[];
  };
}

/** Targets as evaluated (raw doubles; the resizer truncates). */
export interface EvaluatedTargets {
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly deallocation: DeallocOption;
}

/** Result of one evaluation: the run, and the targets when it succeeded. */
export interface Decision {
  /** always present unless the context said `wantRun: false` or `"later"` and the run succeeded */
  readonly run: AutoScaleRunLike | undefined;
  /**
   * With `wantRun: "later"` and no `run`: produces the run this evaluation would have returned.
   * It may be called after the store has grown: only samples visible at `now` count, and those
   * never change.
   */
  readonly runLater?: () => AutoScaleRunLike;
  /** ignored when `run.error` is set: a failed evaluation leaves the pool unchanged (spec §6.3) */
  readonly targets: EvaluatedTargets | undefined;
}

/** One evaluation of the formula: the seam between the simulator and the evaluator. */
export type Decide = (ctx: DecideContext) => Decision;

/** Node counts by state (`left` excluded: those are no longer in the pool). */
export type NodeCounts = Readonly<Record<Exclude<NodeState, "left">, number>>;

/** One row of a closed-loop timeline: the state right after an evaluation and its resize. */
export interface TimelineEntry {
  /** epoch ms */
  readonly time: number;
  readonly run: AutoScaleRunLike;
  readonly targets: EvaluatedTargets | undefined;
  /** true when the targets were applied (no evaluation error, finite targets) */
  readonly applied: boolean;
  /** why targets were not applied, when they were not */
  readonly note?: string;
  readonly nodes: { readonly dedicated: NodeCounts; readonly lowPriority: NodeCounts };
  /** integer targets in force after this evaluation */
  readonly poolTargets: { readonly dedicated: number; readonly lowPriority: number };
  readonly queued: number;
  readonly running: number;
  /** nodes needed to run every queued and running task: ceil(slots wanted / slots per node) */
  readonly demand: number;
}

/** Distribution of task wait times, in milliseconds. */
export interface WaitStats {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Totals of a closed-loop run. */
export interface SimulationSummary {
  readonly start: number;
  readonly end: number;
  readonly evaluations: number;
  readonly evaluationErrors: number;
  /** successful evaluations whose targets were refused (NaN/Infinity) */
  readonly refusedTargets: number;
  /** billed node time (allocating and leaving included, preempted excluded), hours */
  readonly nodeHours: { readonly dedicated: number; readonly lowPriority: number };
  /** the part of nodeHours with no task running on the node (allocating, idle, or leaving and empty), sampled every 30 s */
  readonly idleNodeHours: { readonly dedicated: number; readonly lowPriority: number };
  readonly peakNodes: number;
  readonly tasks: {
    readonly total: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly terminated: number;
    readonly unschedulable: number;
    readonly requeuedByResize: number;
    readonly requeuedByPreemption: number;
    /** not completed when the run ended */
    readonly incomplete: number;
  };
  /** time queued per task (all queued episodes), over tasks that started at least once */
  readonly wait: WaitStats;
  /** first submission to last completion, ms; NaN when some task never completed */
  readonly makespan: number;
  /**
   * Supply = usable nodes (idle + running); demand = nodes needed for queued + running tasks.
   * Integrated at the 30-s sample period.
   */
  readonly demand: {
    readonly hoursAbove: number;
    readonly hoursBelow: number;
    readonly excessNodeHours: number;
    readonly shortfallNodeHours: number;
  };
}
