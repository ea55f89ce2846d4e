// Pool drivers: what the autoscaler asks of the pools it scales (their node counts, a resize) and
// the simulated driver, whose pools are the dry-run's pool model (src/resizer) advanced on the
// control plane's clock; it resizes through planResize, as the dry-run does (resizer/resize.ts).
// Browser-safe. Never evaluates formulas.

import { advanceTo } from "../resizer/engine.ts";
import { DEFAULT_POOL_CONFIG, Pool, type PoolConfig } from "../resizer/pool.ts";
import { resize } from "../resizer/resize.ts";
import { dispatch } from "../resizer/scheduler.ts";
import type { DeallocName } from "../eval/runtime.ts";

/** `steady`, `resizing` (nodes joining or leaving) or `stopping` (REST `allocationState`). */
export type AllocationState = "steady" | "resizing" | "stopping";

/** A pool as its driver sees it now. */
export interface DriverPoolState {
  readonly currentDedicatedNodes: number;
  readonly currentLowPriorityNodes: number;
  readonly allocationState: AllocationState;
}

/** What a driver is asked to do. `now` is the control plane's clock. */
export interface PoolDriver {
  /**
   * A pool now exists with these targets. `restored`: it is being reloaded after a restart, so
   * its nodes are taken as already there (the simulated driver makes them ready at once).
   */
  create(poolId: string, pool: { readonly taskSlotsPerNode: number; readonly targetDedicatedNodes: number; readonly targetLowPriorityNodes: number }, now: number, restored: boolean): void;
  remove(poolId: string): void;
  state(poolId: string, now: number): DriverPoolState;
  /**
   * Sets new integer targets; nodes leave per `deallocation`. A driver for real pools would plan
   * with `planResize` (autoscale-formula/resizer) on its view of the pool and carry the plan out.
   */
  resize(poolId: string, targets: { readonly dedicated: number; readonly lowPriority: number; readonly deallocation: DeallocName }, now: number): void;
  /** Stops a resize: nodes not yet allocated are cancelled; the pool keeps the nodes it has. */
  stopResize(poolId: string, now: number): void;
  /**
   * The pool's metrics at a 30-s sample instant, for the metrics in `wanted` (canonical `$Name`s
   * the pool's formulas read) that this driver knows; others come from pushed samples.
   */
  sample?(poolId: string, now: number, wanted: readonly string[]): ReadonlyArray<readonly [string, number]>;
  /**
   * The canonical names `sample` can report: the autoscaler asks only for these, and does not
   * call `sample` for a pool whose formulas read none of them. Absent: it asks for every metric.
   */
  readonly sampledMetrics?: readonly string[];
}

/** The metrics the simulated driver reports at every 30-s sample. */
const SIMULATED_METRICS: readonly string[] = Object.freeze(["$CurrentDedicatedNodes", "$CurrentLowPriorityNodes", "$UsableNodeCount", "$SampleNodeCount", "$PreemptedNodeCount"]);

/**
 * Pools simulated with the dry-run's model: nodes join after `allocationDelayMs`, leave per the
 * deallocation option, low-priority nodes may be preempted (`preemption`). No tasks run on them:
 * task metrics are fed as samples (the server's /x-autoscale/pools/{id}/samples).
 */
export function simulatedDriver(config: Partial<PoolConfig> = {}): PoolDriver & { pool(poolId: string): Pool | undefined } {
  const pools = new Map<string, Pool>();
  const get = (poolId: string, now: number): Pool => {
    const p = pools.get(poolId);
    if (!p) throw new Error(`no simulated pool ${poolId}`);
    if (now > p.now) advanceTo(p, now);
    return p;
  };
  return {
    sampledMetrics: SIMULATED_METRICS,
    pool: (poolId) => pools.get(poolId),
    create(poolId, spec, now, restored) {
      // A control plane's pool lives for ever: the nodes that left are forgotten (memory bounded by the pool's size).
      const base: PoolConfig = { ...DEFAULT_POOL_CONFIG, ...config, taskSlotsPerNode: spec.taskSlotsPerNode, forgetLeftNodes: true };
      const initial = restored ? { initialDedicated: Math.min(spec.targetDedicatedNodes, base.maxDedicated), initialLowPriority: Math.min(spec.targetLowPriorityNodes, base.maxLowPriority) } : {};
      const pool = new Pool({ ...base, ...initial }, [], now);
      pools.set(poolId, pool);
      if (!restored) resize(pool, { dedicated: spec.targetDedicatedNodes, lowPriority: spec.targetLowPriorityNodes, deallocation: "requeue" }, now);
    },
    remove(poolId) {
      pools.delete(poolId);
    },
    state(poolId, now) {
      const p = get(poolId, now);
      const d = p.counts.dedicated;
      const l = p.counts.lowPriority;
      const moving = d.allocating + d.leaving + l.allocating + l.leaving;
      return { currentDedicatedNodes: p.current("dedicated"), currentLowPriorityNodes: p.current("lowPriority"), allocationState: moving > 0 ? "resizing" : "steady" };
    },
    resize(poolId, targets, now) {
      const p = get(poolId, now);
      resize(p, targets, now);
      dispatch(p, now);
    },
    stopResize(poolId, now) {
      const p = get(poolId, now);
      const d = p.counts.dedicated;
      const l = p.counts.lowPriority;
      // Keep what is there: allocating nodes are cancelled (they leave first), leaving ones go on leaving.
      const keep = (c: typeof d): number => c.idle + c.running + c.preempted;
      resize(p, { dedicated: keep(d), lowPriority: keep(l), deallocation: "requeue" }, now);
    },
    sample(poolId, now, wanted) {
      const p = get(poolId, now);
      const d = p.counts.dedicated;
      const l = p.counts.lowPriority;
      const out: [string, number][] = [];
      for (const name of wanted) {
        switch (name) {
          case "$CurrentDedicatedNodes": out.push([name, p.current("dedicated")]); break;
          case "$CurrentLowPriorityNodes": out.push([name, p.current("lowPriority")]); break;
          case "$UsableNodeCount": out.push([name, d.idle + d.running + l.idle + l.running]); break;
          case "$SampleNodeCount": out.push([name, d.idle + d.running + d.leaving + l.idle + l.running + l.leaving]); break;
          case "$PreemptedNodeCount": out.push([name, d.preempted + l.preempted]); break;
        }
      }
      return out;
    },
  };
}
