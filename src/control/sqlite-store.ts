// SQLite store (Node only): the ControlStore on Node's built-in node:sqlite, no native build step.
// Versioned schema (sqlite-schema.ts); WAL journal, so a killed process loses nothing it
// committed. Holds data only.

import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { AutoScaleRun } from "../eval/results.ts";
import { migrate, SCHEMA_VERSION } from "./sqlite-schema.ts";
import type { ControlStore, PoolRecord, RunRecord, RunTargets, SampleRow } from "./store.ts";

export { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from "./sqlite-schema.ts";

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** migrate only up to this version (tests of the migrations); default: the latest */
  readonly targetVersion?: number;
}

type Row = Record<string, string | number | null>;

const n = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Opens (creating if needed) a SQLite control store at `path` (`:memory:` for a private one). */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): ControlStore & { readonly db: DatabaseSync; readonly version: number } {
  const db = new DatabaseSync(path);
  // A round of 10,000 pools dirties a few thousand pages: a 64-MiB page cache keeps them (and the
  // pools table) in memory instead of spilling and re-reading within the transaction.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;");
  const version = migrate(db, options.targetVersion);
  if (version !== SCHEMA_VERSION) {
    // A partly migrated database (tests): usable for inspection only.
    return Object.assign(unusable(), { db, version });
  }
  const q = (sql: string): StatementSync => db.prepare(sql);
  const putPool = q(`INSERT OR REPLACE INTO pools (id, display_name, vm_size, task_slots_per_node, creation_time, last_modified, version, enable_autoscale, formula,
      interval_ms, schedule_start, last_enable, target_dedicated, target_low_priority, deallocation, run_count, last_run_time, autoscale_run)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const delShadows = q("DELETE FROM shadow_formulas WHERE pool_id = ?");
  const addShadow = q("INSERT INTO shadow_formulas (pool_id, position, formula) VALUES (?, ?, ?)");
  const getShadows = q("SELECT formula FROM shadow_formulas WHERE pool_id = ? ORDER BY position");
  const getPool = q("SELECT * FROM pools WHERE id = ?");
  const allPools = q("SELECT * FROM pools ORDER BY id");
  const delPool = q("DELETE FROM pools WHERE id = ?");
  // A pool's runs are a chain: its row names the newest (last_run_time, run_count), each run the
  // time of the one before (prev_time). Walked newest first, `?2` = after, `?3` = limit (-1: all).
  const chain = `WITH RECURSIVE chain AS (
      SELECT r.* FROM pools p JOIN runs r ON r.time = p.last_run_time AND r.pool_id = p.id AND r.seq = p.run_count WHERE p.id = ?1 AND p.run_count > ?2
      UNION ALL
      SELECT r.* FROM chain c JOIN runs r ON r.time = c.prev_time AND r.pool_id = ?1 AND r.seq = c.seq - 1 WHERE c.seq - 1 > ?2
      LIMIT ?3)`;
  const delRuns = q(`${chain} DELETE FROM runs WHERE (time, pool_id, seq) IN (SELECT time, pool_id, seq FROM chain)`);
  const runsOf = q(`${chain} SELECT * FROM chain ORDER BY seq`);
  const delSamples = q("DELETE FROM samples WHERE pool_id = ?");
  const addRun = q(`INSERT INTO runs (time, pool_id, seq, prev_time, formula, timestamp, results, error, target_dedicated, target_low_priority, deallocation, applied, shadows)
      VALUES (?1, ?2, ?3, (SELECT last_run_time FROM pools WHERE id = ?2), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`);
  // A run changes only these columns of its pool (settings are written by putPool when they change),
  // and only when it follows the pool's last run: a run is never recorded twice.
  // Its autoscale_run becomes '' ("the run the row names": last_run_time, run_count), not a copy.
  const afterRun = q("UPDATE pools SET run_count = ?, last_run_time = ?, autoscale_run = '', target_dedicated = ?, target_low_priority = ?, deallocation = ? WHERE id = ? AND run_count = ?");
  const runAt = q("SELECT timestamp, results, error FROM runs WHERE time = ? AND pool_id = ? AND seq = ?");
  const hasPool = q("SELECT 1 AS x FROM pools WHERE id = ?");
  const addSample = q("INSERT INTO samples (pool_id, metric, t, value) VALUES (?, ?, ?, ?)");
  const samplesSince = q("SELECT * FROM samples WHERE t >= ? ORDER BY t, rowid");
  const poolSamplesSince = q("SELECT * FROM samples WHERE t >= ? AND pool_id = ? ORDER BY t, rowid");
  const prune = q("DELETE FROM samples WHERE t < ?");

  const tx = <T>(fn: () => T): T => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      db.exec("COMMIT");
      return out;
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  };

  // Only write the shadow rows when they changed: runs update the pool row at every evaluation.
  const shadowCache = new Map<string, readonly string[]>();
  const writePool = (p: PoolRecord): void => {
    putPool.run(
      p.id, p.displayName ?? null, p.vmSize, p.taskSlotsPerNode, p.creationTime, p.lastModified, p.version, p.enableAutoScale ? 1 : 0, p.autoScaleFormula ?? null,
      p.autoScaleEvaluationIntervalMs ?? null, p.scheduleStart ?? null, p.lastEnable ?? null, p.targetDedicatedNodes, p.targetLowPriorityNodes,
      p.nodeDeallocationOption ?? null, p.runCount, p.lastRunTime ?? null, p.autoScaleRun ? JSON.stringify(p.autoScaleRun) : null,
    );
    if (shadowCache.get(p.id) !== p.shadowFormulas) {
      delShadows.run(p.id);
      p.shadowFormulas.forEach((f, i) => addShadow.run(p.id, i, f));
      shadowCache.set(p.id, p.shadowFormulas);
    }
  };

  const runOf = (r: Row): AutoScaleRun =>
    r.error === null ? { timestamp: r.timestamp as string, results: r.results as string } : { timestamp: r.timestamp as string, results: r.results as string, error: JSON.parse(r.error as string) as AutoScaleRun["error"] & object };

  const toPool = (r: Row): PoolRecord => {
    const last = r.autoscale_run === "" ? (runAt.get(r.last_run_time as number, r.id as string, r.run_count as number) as Row | undefined) : undefined;
    const autoScaleRun = last ? runOf(last) : r.autoscale_run ? (JSON.parse(r.autoscale_run as string) as AutoScaleRun) : undefined;
    const shadowFormulas = (getShadows.all(r.id as string) as Row[]).map((s) => s.formula as string);
    const rec: PoolRecord = {
      id: r.id as string,
      ...(r.display_name !== null ? { displayName: r.display_name as string } : {}),
      vmSize: r.vm_size as string,
      taskSlotsPerNode: Number(r.task_slots_per_node),
      creationTime: Number(r.creation_time),
      lastModified: Number(r.last_modified),
      version: Number(r.version),
      enableAutoScale: r.enable_autoscale === 1,
      ...(r.formula !== null ? { autoScaleFormula: r.formula as string } : {}),
      ...(r.interval_ms !== null ? { autoScaleEvaluationIntervalMs: n(r.interval_ms)! } : {}),
      ...(r.schedule_start !== null ? { scheduleStart: n(r.schedule_start)! } : {}),
      ...(r.last_enable !== null ? { lastEnable: n(r.last_enable)! } : {}),
      targetDedicatedNodes: Number(r.target_dedicated),
      targetLowPriorityNodes: Number(r.target_low_priority),
      ...(r.deallocation !== null ? { nodeDeallocationOption: r.deallocation as PoolRecord["nodeDeallocationOption"] & string } : {}),
      shadowFormulas,
      runCount: Number(r.run_count),
      ...(r.last_run_time !== null ? { lastRunTime: n(r.last_run_time)! } : {}),
      ...(autoScaleRun ? { autoScaleRun } : {}),
    };
    shadowCache.set(rec.id, rec.shadowFormulas);
    return rec;
  };

  const toRun = (r: Row): RunRecord => {
    const run = runOf(r);
    return {
      poolId: r.pool_id as string,
      seq: Number(r.seq),
      time: Number(r.time),
      formula: r.formula as string,
      run,
      ...(r.deallocation !== null ? { targets: { dedicated: Number(r.target_dedicated), lowPriority: Number(r.target_low_priority), deallocation: r.deallocation as RunTargets["deallocation"] } } : {}),
      applied: r.applied === 1,
      shadows: r.shadows === null ? [] : (JSON.parse(r.shadows as string) as RunRecord["shadows"]),
    };
  };

  /** Appends one run and moves its pool's row to it; throws when the run does not follow the pool's last one. */
  const writeRun = (pool: PoolRecord, run: RunRecord): void => {
    const { run: r, targets: t } = run;
    // The primary key refuses the same run twice; the whole batch rolls back.
    addRun.run(run.time, run.poolId, run.seq, run.formula, r.timestamp, r.results, r.error ? JSON.stringify(r.error) : null, t ? t.dedicated : null, t ? t.lowPriority : null, t ? t.deallocation : null, run.applied ? 1 : 0, run.shadows.length > 0 ? JSON.stringify(run.shadows) : null);
    const changed = afterRun.run(pool.runCount, pool.lastRunTime ?? null, pool.targetDedicatedNodes, pool.targetLowPriorityNodes, pool.nodeDeallocationOption ?? null, pool.id, run.seq - 1);
    if (Number(changed.changes) > 0) return;
    if (hasPool.get(pool.id)) throw new Error(`run ${run.poolId}#${run.seq} does not follow the pool's last run: already recorded, or out of order`);
    writePool(pool);
  };

  return {
    db,
    version,
    loadPools: () => (allPools.all() as Row[]).map(toPool),
    getPool(id) {
      const r = getPool.get(id) as Row | undefined;
      return r ? toPool(r) : undefined;
    },
    putPool(pool) {
      tx(() => writePool(pool));
    },
    deletePool(id) {
      tx(() => {
        delRuns.run(id, 0, -1);
        delPool.run(id);
        delShadows.run(id);
        delSamples.run(id);
      });
      shadowCache.delete(id);
    },
    commitRuns(entries) {
      if (entries.length === 0) return;
      try {
        tx(() => {
          for (const { pool, run } of entries) writeRun(pool, run);
        });
      } catch (e) {
        // The shadow cache may describe rows that were rolled back: forget it.
        shadowCache.clear();
        throw e;
      }
    },
    runs(poolId, opts = {}) {
      return (runsOf.all(poolId, opts.after ?? 0, opts.limit ?? -1) as Row[]).map(toRun);
    },
    appendSamples(rows: readonly SampleRow[]) {
      if (rows.length === 0) return;
      tx(() => {
        for (const r of rows) addSample.run(r.poolId, r.metric, r.t, r.value);
      });
    },
    samples(poolId, since) {
      return ((poolId === undefined ? samplesSince.all(since) : poolSamplesSince.all(since, poolId)) as Row[]).map((r) => ({ poolId: r.pool_id as string, metric: r.metric as string, t: Number(r.t), value: Number(r.value) }));
    },
    pruneSamples(before) {
      prune.run(before);
    },
    close() {
      if (db.isOpen) db.close();
    },
  };

  function unusable(): ControlStore {
    const no = (): never => {
      throw new Error(`the database is at schema version ${version}, not ${SCHEMA_VERSION}`);
    };
    return { loadPools: no, getPool: no, putPool: no, deletePool: no, commitRuns: no, runs: no, appendSamples: no, samples: no, pruneSamples: no, close: () => db.close() };
  }
}
