// Pool model types: nodes, tasks, pool settings. Data only; transitions live in pool.ts.

import type { DeallocOption } from "../check/symbols.ts";

/** Dedicated nodes, or Spot/low-priority nodes that can be preempted. */
export type NodeKind = "dedicated" | "lowPriority";

/**
 * - `allocating`: requested, not yet usable (the allocation delay);
 * - `idle` / `running`: usable, with no task / at least one task;
 * - `leaving`: chosen for removal, takes no new task, waits for its tasks (and retention);
 * - `preempted`: a low-priority node taken back by the provider; still in the pool and counted;
 * - `left`: no longer in the pool (kept for reporting when it left).
 */
export type NodeState = "allocating" | "idle" | "running" | "leaving" | "preempted" | "left";

/** `future` = not yet submitted (outside the pool); the other four are spec §11.6's. */
export type TaskState = "future" | "queued" | "running" | "succeeded" | "failed";

/** One task of a workload trace. Times are epoch milliseconds, durations milliseconds. */
export interface TaskSpec {
  readonly id?: string;
  readonly submit: number;
  readonly duration: number;
  /** task slots it occupies on a node (default 1) */
  readonly slots?: number;
  /** how long its data stays on the node after it completes (default: PoolConfig.defaultRetentionMs) */
  readonly retention?: number;
}

/** A task in the simulation. Mutable: the pool updates it as it moves through its states. */
export interface Task {
  readonly index: number;
  readonly id: string;
  readonly submit: number;
  readonly duration: number;
  readonly slots: number;
  readonly retention: number;
  state: TaskState;
  /** the node it runs on while `running` */
  node: SimNode | undefined;
  /** start of the current (or last) run */
  runStart: number;
  /** start of the first run, NaN if it never ran */
  firstStart: number;
  /** completion time, NaN until completed */
  end: number;
  /** total time spent queued (every queued episode, including after a requeue) */
  wait: number;
  queuedSince: number;
  /** service retry count: requeue by resize or preemption leaves it unchanged (spec §11.6) */
  retries: number;
  /** times it was put back in the queue (resize requeue or preemption) */
  requeues: number;
  /** bumped on every start, so a stale completion event is recognised */
  gen: number;
  /** why it failed: "terminated by pool resize", or unschedulable */
  failure: string | undefined;
}

/** A compute node. */
export interface SimNode {
  readonly id: number;
  readonly kind: NodeKind;
  readonly slots: number;
  /** when the resize asked for it */
  readonly requestedAt: number;
  state: NodeState;
  /** slots not used by its running tasks */
  freeSlots: number;
  /** running tasks, in start order (a shared, frozen empty list before its first task and once it left) */
  readonly tasks: Task[];
  /** set when chosen for removal */
  leaveMode: DeallocOption | undefined;
  /** latest (task end + retention) of the tasks that completed on it */
  retainUntil: number;
  /** when it left the pool, NaN while in it */
  leftAt: number;
  /** time spent preempted (not billed) */
  preemptedMs: number;
  preemptedSince: number;
  /** bumped on transitions that invalidate its pending events */
  gen: number;
}

/** One preemption of a trace: `count` (default 1) low-priority nodes taken back at `time` (epoch ms). */
export interface PreemptionEvent {
  readonly time: number;
  readonly count?: number;
}

/**
 * Low-priority preemption: memoryless per node (a mean time), or the events of a trace (the
 * simulator's options refuse both at once). Either way a preempted node recovers after `recoveryMs`.
 */
export interface PreemptionConfig {
  /** mean time from a low-priority node becoming usable to its preemption */
  readonly meanTimeToPreemptMs?: number;
  /** preemptions at given times (scheduler.ts: which nodes); events before the pool's start never fire */
  readonly events?: readonly PreemptionEvent[];
  /** how long a preempted node stays preempted before it is usable again */
  readonly recoveryMs: number;
}

/** Pool settings of a simulation. */
export interface PoolConfig {
  readonly taskSlotsPerNode: number;
  /** delay from a resize request to a node being usable */
  readonly allocationDelayMs: number;
  readonly initialDedicated: number;
  readonly initialLowPriority: number;
  /**
   * Quota caps, as real pools have (spec §6.6): a target above one is clamped to it (the
   * closed loop reports R506), and the pool never grows past it. Default {@link DEFAULT_POOL_QUOTA}.
   */
  readonly maxDedicated: number;
  readonly maxLowPriority: number;
  /** Azure's default task retentionTime is 7 days */
  readonly defaultRetentionMs: number;
  readonly preemption: PreemptionConfig | undefined;
  readonly seed: number;
  /**
   * Forget the nodes that left: the next node added takes the id (and the place in `Pool.nodes`)
   * of one that left, so the pool holds at most as many nodes as it ever had at once instead of
   * every node it ever had. For pools that run for ever without tasks (the control plane's
   * simulated pools); ignored when the pool has tasks, whose history names their nodes. The
   * dry-run keeps every node (its summary bills them). Default false.
   */
  readonly forgetLeftNodes?: boolean;
}

/** Default quota per node kind: 1,000 dedicated and 1,000 low-priority nodes. */
export const DEFAULT_POOL_QUOTA = 1_000;
/** Largest quota per node kind a simulation accepts (the simulator holds every node in memory). */
export const MAX_POOL_QUOTA = 100_000;

/** Defaults: 1 slot, 5-minute allocation, empty pool, quota 1,000 + 1,000, 7-day retention, no preemption. */
export const DEFAULT_POOL_CONFIG: PoolConfig = {
  taskSlotsPerNode: 1,
  allocationDelayMs: 5 * 60_000,
  initialDedicated: 0,
  initialLowPriority: 0,
  maxDedicated: DEFAULT_POOL_QUOTA,
  maxLowPriority: DEFAULT_POOL_QUOTA,
  defaultRetentionMs: 7 * 24 * 3_600_000,
  preemption: undefined,
  seed: 1,
};
