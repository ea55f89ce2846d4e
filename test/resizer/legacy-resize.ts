// The resizer as it was before planResize (commit f3aa8cb, src/resizer/resize.ts), kept verbatim as a
// test oracle: the simulator must decide exactly as it did. Test-only; not part of the library.

import type { DeallocOption } from "../../src/check/symbols.ts";
import { TERMINATED_BY_RESIZE, type NodeKind, type Pool, type SimNode, type Task } from "../../src/resizer/pool.ts";

/** What an evaluation asks for; the raw doubles as evaluated. */
interface Targets {
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly deallocation: DeallocOption;
}

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
}

/** Spec §6.6/§11.3: truncate toward zero, negatives count as 0, NaN/±Infinity are refused. */
function normalizeTarget(x: number): number | undefined {
  if (!Number.isFinite(x)) return undefined;
  return x <= 0 ? 0 : Math.trunc(x);
}

/**
 * Applies new targets at `now`. A new target replaces the old one at once. Nodes already leaving
 * keep leaving and no longer count toward the target, so a target that rises again while nodes
 * drain is met by allocating new nodes — draining nodes are never recalled (spec §11.6: "nodes
 * already leaving keep leaving"). A target above the pool's quota is clamped to it (`clamped`
 * says what was asked), and nodes still leaving occupy quota until they are gone.
 */
export function legacyResize(pool: Pool, targets: Targets, now: number): ResizeResult {
  const dedicated = normalizeTarget(targets.dedicated);
  const lowPriority = normalizeTarget(targets.lowPriority);
  if (dedicated === undefined || lowPriority === undefined) {
    const which = dedicated === undefined ? `$TargetDedicatedNodes=${targets.dedicated}` : `$TargetLowPriorityNodes=${targets.lowPriority}`;
    return {
      applied: false,
      refused: `${which} is not a finite number; the pool is left unchanged`,
      target: { dedicated: pool.targetDedicated, lowPriority: pool.targetLowPriority },
      added: { dedicated: 0, lowPriority: 0 },
      removed: [],
      requeued: [],
      terminated: [],
    };
  }
  // Targets above the quota are clamped to it, as the service refuses to exceed a pool's quota.
  const clampedD = Math.min(dedicated, pool.config.maxDedicated);
  const clampedL = Math.min(lowPriority, pool.config.maxLowPriority);
  const clamped = clampedD !== dedicated || clampedL !== lowPriority ? { dedicated, lowPriority } : undefined;
  pool.targetDedicated = clampedD;
  pool.targetLowPriority = clampedL;
  const removed: SimNode[] = [];
  const requeued: Task[] = [];
  const terminated: Task[] = [];
  const addedD = adjust(pool, "dedicated", clampedD, pool.config.maxDedicated, targets.deallocation, now, removed, requeued, terminated);
  const addedL = adjust(pool, "lowPriority", clampedL, pool.config.maxLowPriority, targets.deallocation, now, removed, requeued, terminated);
  if (requeued.length > 0) {
    pool.requeuedByResize += requeued.length;
    pool.requeueFront(requeued, now);
  }
  return {
    applied: true,
    target: { dedicated: clampedD, lowPriority: clampedL },
    ...(clamped ? { clamped } : {}),
    added: { dedicated: addedD, lowPriority: addedL },
    removed,
    requeued,
    terminated,
  };
}

function adjust(
  pool: Pool,
  kind: NodeKind,
  target: number,
  quota: number,
  mode: DeallocOption,
  now: number,
  removed: SimNode[],
  requeued: Task[],
  terminated: Task[],
): number {
  const counted = pool.counted(kind);
  if (target > counted) {
    // Leaving nodes still occupy quota until they are gone.
    const room = Math.max(0, quota - pool.current(kind));
    const add = Math.min(target - counted, room);
    for (let i = 0; i < add; i++) pool.addNode(kind, now, pool.config.allocationDelayMs <= 0);
    return add;
  }
  if (target < counted) {
    for (const node of legacyRemovalOrder(pool, kind, now).slice(0, counted - target)) {
      removed.push(node);
      removeNode(pool, node, mode, now, requeued, terminated);
    }
  }
  return 0;
}

/**
 * Which nodes leave first: nodes that have done nothing yet (allocating, then preempted), then idle
 * nodes, each newest first; then running nodes whose running tasks have run the least in total
 * (slot-milliseconds of work lost), newest first on ties. Spec §11.6 fixes "idle first (newest
 * first), then least work lost"; putting not-yet-usable nodes before idle ones is this project's
 * reading — cancelling an allocation loses even less than removing an idle node.
 */
export function legacyRemovalOrder(pool: Pool, kind: NodeKind, now: number): SimNode[] {
  const rank = (n: SimNode): number =>
    n.state === "allocating" ? 0 : n.state === "preempted" ? 1 : n.state === "idle" ? 2 : 3;
  const lost = (n: SimNode): number => {
    let s = 0;
    for (const t of n.tasks) s += (now - t.runStart) * t.slots;
    return s;
  };
  const candidates = pool.active.filter((n) => n.kind === kind && n.state !== "leaving");
  const keyed = candidates.map((n) => ({ n, r: rank(n), w: rank(n) === 3 ? lost(n) : 0 }));
  keyed.sort((a, b) => a.r - b.r || a.w - b.w || b.n.id - a.n.id);
  return keyed.map((k) => k.n);
}

function removeNode(pool: Pool, node: SimNode, mode: DeallocOption, now: number, requeued: Task[], terminated: Task[]): void {
  if (node.state === "allocating" || node.state === "preempted") {
    pool.remove(node, now);
    return;
  }
  switch (mode) {
    case "requeue": {
      const tasks = [...node.tasks];
      for (const t of tasks) pool.detach(t);
      requeued.push(...tasks);
      pool.remove(node, now);
      return;
    }
    case "terminate": {
      for (const t of [...node.tasks]) {
        pool.completeTask(t, now, TERMINATED_BY_RESIZE);
        terminated.push(t);
        pool.terminated++;
      }
      pool.remove(node, now);
      return;
    }
    case "taskcompletion":
    case "retaineddata":
      pool.startLeaving(node, mode, now);
      return;
  }
}
