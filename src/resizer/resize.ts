// Resizer on the simulated pool: plans with planResize (plan.ts, the one decision path shared with
// embedders) on a zero-copy view of the Pool, then applies the plan — node additions and removals,
// $NodeDeallocationOption on the nodes that leave (spec §6.6, §7, §11.6). Never evaluates formulas.

import { TERMINATED_BY_RESIZE, type NodeKind, type Pool, type SimNode, type Task } from "./pool.ts";
import { planResize, type NodeRemoval, type ResizePlan, type ResizeSnapshot, type Targets } from "./plan.ts";

export { normalizeTarget, type Targets } from "./plan.ts";

/** What a resize did. */
export interface ResizeResult {
  /** false when a target was NaN or infinite: nothing changed (spec §11.3) */
  readonly applied: boolean;
  readonly refused?: string;
  /** the integer targets now in force */
  readonly target: { readonly dedicated: number; readonly lowPriority: number };
  /** the integer targets asked for, when one was above the pool's quota and was clamped to it */
  readonly clamped?: { readonly dedicated: number; readonly lowPriority: number };
  readonly added: { readonly dedicated: number; readonly lowPriority: number };
  /** nodes chosen to leave (left at once, or draining) */
  readonly removed: readonly SimNode[];
  readonly requeued: readonly Task[];
  readonly terminated: readonly Task[];
  /** the plan that was applied (or refused) */
  readonly plan: ResizePlan<SimNode>;
}

/**
 * The pool as planResize sees it. A view, not a copy: `nodes` is the pool's own list of active
 * nodes (SimNode and Task already have the snapshot's fields, oldest node first) and `counts` the
 * pool's incremental counters, so a snapshot costs a few small objects per evaluation whatever the
 * pool's size, and planResize reads the nodes only when a kind shrinks. Valid until the pool changes.
 */
export function snapshotOf(pool: Pool): ResizeSnapshot<SimNode> {
  return {
    nodes: pool.active,
    targets: { dedicated: pool.targetDedicated, lowPriority: pool.targetLowPriority },
    taskSlotsPerNode: pool.config.taskSlotsPerNode,
    quota: { dedicated: pool.config.maxDedicated, lowPriority: pool.config.maxLowPriority },
    counts: {
      dedicated: { current: pool.current("dedicated"), leaving: pool.counts.dedicated.leaving },
      lowPriority: { current: pool.current("lowPriority"), leaving: pool.counts.lowPriority.leaving },
    },
  };
}

/**
 * Applies new targets at `now`: `planResize(snapshotOf(pool), targets, now)`, then
 * {@link applyPlan}. The dry-run and an embedding of planResize therefore decide identically.
 */
export function resize(pool: Pool, targets: Targets, now: number): ResizeResult {
  return applyPlan(pool, planResize(snapshotOf(pool), targets, now), now);
}

/**
 * Carries out a plan made on `snapshotOf(pool)` at `now` (before the pool changed): new targets,
 * per kind (dedicated first) the removals then the additions, and requeued tasks back at the front
 * of the queue in FIFO order. A refused plan changes nothing.
 */
export function applyPlan(pool: Pool, plan: ResizePlan<SimNode>, now: number): ResizeResult {
  if (!plan.applied) {
    return {
      applied: false,
      ...(plan.refused === undefined ? {} : { refused: plan.refused }),
      target: plan.target,
      added: { dedicated: 0, lowPriority: 0 },
      removed: [],
      requeued: [],
      terminated: [],
      plan,
    };
  }
  pool.targetDedicated = plan.target.dedicated;
  pool.targetLowPriority = plan.target.lowPriority;
  const removed: SimNode[] = [];
  const requeued: Task[] = [];
  const terminated: Task[] = [];
  // Kind by kind, as node ids and same-instant events (their order in the heap) depend on it.
  for (const kind of ["dedicated", "lowPriority"] as const satisfies readonly NodeKind[]) {
    for (const r of plan.remove) {
      if (r.node.kind !== kind) continue;
      removed.push(r.node);
      removeNode(pool, r, plan.deallocation, now, requeued, terminated);
    }
    const ready = pool.config.allocationDelayMs <= 0;
    for (let i = 0; i < plan.add[kind]; i++) pool.addNode(kind, now, ready);
  }
  if (requeued.length > 0) {
    pool.requeuedByResize += requeued.length;
    pool.requeueFront(requeued, now);
  }
  return {
    applied: true,
    target: plan.target,
    ...(plan.clamped ? { clamped: plan.clamped } : {}),
    added: plan.add,
    removed,
    requeued,
    terminated,
    plan,
  };
}

function removeNode(pool: Pool, r: NodeRemoval<SimNode>, mode: Targets["deallocation"], now: number, requeued: Task[], terminated: Task[]): void {
  const node = r.node;
  switch (r.taskFate) {
    case "none":
      pool.remove(node, now);
      return;
    case "requeue": {
      const tasks = [...node.tasks];
      for (const t of tasks) pool.detach(t);
      requeued.push(...tasks);
      pool.remove(node, now);
      return;
    }
    case "terminate":
      for (const t of [...node.tasks]) {
        pool.completeTask(t, now, TERMINATED_BY_RESIZE);
        terminated.push(t);
        pool.terminated++;
      }
      pool.remove(node, now);
      return;
    case "finish":
      // taskcompletion or retaineddata: leaves now if it has nothing to wait for (settle decides).
      pool.startLeaving(node, mode, now);
      return;
  }
}
