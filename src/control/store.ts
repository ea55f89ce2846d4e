// Control-plane persistence interface, its records, and the in-memory implementation. The SQLite
// implementation (sqlite-store.ts, Node only) keeps the same records. Stores hold data only; they
// never evaluate, schedule or resize.

import type { AutoScaleRun } from "../eval/results.ts";
import type { DeallocName } from "../eval/runtime.ts";

/** A pool's settings and autoscale state: everything that must survive a restart. */
export interface PoolRecord {
  readonly id: string;
  readonly displayName?: string;
  readonly vmSize: string;
  readonly taskSlotsPerNode: number;
  /** epoch ms */
  readonly creationTime: number;
  readonly lastModified: number;
  /** bumped on every change of the record (not by runs): the ETag */
  readonly version: number;
  readonly enableAutoScale: boolean;
  readonly autoScaleFormula?: string;
  readonly autoScaleEvaluationIntervalMs?: number;
  /** when the current evaluation schedule started: enable time, or the last interval change */
  readonly scheduleStart?: number;
  /** time of the last accepted enable request (the 30-s throttle) */
  readonly lastEnable?: number;
  readonly targetDedicatedNodes: number;
  readonly targetLowPriorityNodes: number;
  /** deallocation option of the last resize (manual or from the formula) */
  readonly nodeDeallocationOption?: DeallocName;
  /** candidate formulas evaluated beside the active one at every run, never applied */
  readonly shadowFormulas: readonly string[];
  /** number of periodic runs committed so far: the seq of the last one */
  readonly runCount: number;
  /** epoch ms of the last periodic run */
  readonly lastRunTime?: number;
  /** the last periodic run (the REST `autoScaleRun`) */
  readonly autoScaleRun?: AutoScaleRun;
}

/** Targets as a run evaluated them (raw doubles). */
export interface RunTargets {
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly deallocation: DeallocName;
}

/** A shadow formula's result at one run. */
export interface ShadowResult {
  readonly formula: string;
  readonly run: AutoScaleRun;
  /** integer targets it would have set (truncated), when it succeeded */
  readonly targets?: { readonly dedicated: number; readonly lowPriority: number };
  /** shadow − active, per node kind, when both succeeded */
  readonly divergence?: { readonly dedicated: number; readonly lowPriority: number };
}

/** One periodic evaluation of a pool, as stored in its history. */
export interface RunRecord {
  readonly poolId: string;
  /** 1, 2, 3 … per pool; (poolId, seq) is unique: a run is never recorded twice */
  readonly seq: number;
  /** evaluation instant, epoch ms */
  readonly time: number;
  readonly formula: string;
  readonly run: AutoScaleRun;
  /** the evaluated targets, when the run succeeded */
  readonly targets?: RunTargets;
  /** true when the pool's targets were changed by this run */
  readonly applied: boolean;
  readonly shadows: readonly ShadowResult[];
}

/** The service's PoolAutoScaleEvent log record for a run. */
export interface AutoScaleEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly formula: string;
  readonly results: string;
  readonly error?: AutoScaleRun["error"];
}

/** A run as the service's PoolAutoScaleEvent record `{ id, timestamp, formula, results, error }`. */
export function toAutoScaleEvent(run: RunRecord): AutoScaleEvent {
  return { id: run.poolId, timestamp: run.run.timestamp, formula: run.formula, results: run.run.results, ...(run.run.error ? { error: run.run.error } : {}) };
}

/** One metric sample of one pool. */
export interface SampleRow {
  readonly poolId: string;
  /** canonical `$Name` */
  readonly metric: string;
  readonly t: number;
  readonly value: number;
}

/**
 * Where the control plane keeps its state. Synchronous (node:sqlite is; so is memory). Every
 * method either completes or throws; `commitRuns` is atomic: all the runs and pool updates, or none.
 */
export interface ControlStore {
  loadPools(): PoolRecord[];
  getPool(id: string): PoolRecord | undefined;
  /** inserts or replaces */
  putPool(pool: PoolRecord): void;
  /** removes the pool, its runs and its samples */
  deletePool(id: string): void;
  /** appends runs and stores the updated pools, in one transaction; a (poolId, seq) already stored throws */
  commitRuns(entries: readonly { readonly pool: PoolRecord; readonly run: RunRecord }[]): void;
  /** runs of a pool, oldest first; `after` skips seq ≤ after; `limit` keeps the newest */
  runs(poolId: string, options?: { readonly after?: number; readonly limit?: number }): RunRecord[];
  appendSamples(rows: readonly SampleRow[]): void;
  /** samples with t ≥ since of a pool, or of every pool (a restart reads them in one pass); each pool's in time order */
  samples(poolId: string | undefined, since: number): SampleRow[];
  /** forgets samples older than `before` */
  pruneSamples(before: number): void;
  close(): void;
}

/** A store in memory: tests, simulations, and the server without `--db`. Keeps the newest `historyLimit` runs per pool (default 1,000). */
export function memoryStore(options: { readonly historyLimit?: number } = {}): ControlStore {
  const historyLimit = options.historyLimit ?? 1_000;
  const pools = new Map<string, PoolRecord>();
  const runs = new Map<string, RunRecord[]>();
  const samples = new Map<string, SampleRow[]>();
  return {
    loadPools: () => [...pools.values()],
    getPool: (id) => pools.get(id),
    putPool(pool) {
      pools.set(pool.id, pool);
    },
    deletePool(id) {
      pools.delete(id);
      runs.delete(id);
      samples.delete(id);
    },
    commitRuns(entries) {
      // Check every entry first, so a refused batch changes nothing (atomic, as the SQLite store).
      for (const { run } of entries) {
        const list = runs.get(run.poolId);
        if (list && list.length > 0 && list[list.length - 1]!.seq >= run.seq) throw new Error(`run ${run.poolId}#${run.seq} is already recorded`);
      }
      for (const { pool, run } of entries) {
        pools.set(pool.id, pool);
        let list = runs.get(run.poolId);
        if (!list) runs.set(run.poolId, (list = []));
        list.push(run);
        if (list.length > historyLimit * 2) list.splice(0, list.length - historyLimit);
      }
    },
    runs(poolId, options = {}) {
      const all = runs.get(poolId) ?? [];
      let list = all.slice(Math.max(0, all.length - historyLimit)).filter((r) => r.seq > (options.after ?? 0));
      if (options.limit !== undefined && list.length > options.limit) list = list.slice(list.length - options.limit);
      return list;
    },
    appendSamples(rows) {
      for (const r of rows) {
        let list = samples.get(r.poolId);
        if (!list) samples.set(r.poolId, (list = []));
        list.push(r);
      }
    },
    samples(poolId, since) {
      const lists = poolId === undefined ? [...samples.values()] : [samples.get(poolId) ?? []];
      return lists.flatMap((list) => list.filter((r) => r.t >= since).sort((a, b) => a.t - b.t));
    },
    pruneSamples(before) {
      for (const [id, list] of samples) samples.set(id, list.filter((r) => r.t >= before));
    },
    close() {},
  };
}
