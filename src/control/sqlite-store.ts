// SQLite store (Node only): the ControlStore on Node's built-in node:sqlite, no native build step.
// Versioned schema (PRAGMA user_version) with ordered migrations; WAL journal, so a killed process
// loses nothing it committed. Holds data only.

import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { AutoScaleRun } from "../eval/results.ts";
import type { ControlStore, PoolRecord, RunRecord, SampleRow } from "./store.ts";

/** One schema step: SQL run inside a transaction, taking the database from version `to - 1` to `to`. */
export interface Migration {
  readonly to: number;
  readonly sql: string;
}

/**
 * The schema's history. Never edit a shipped step: add one. v1: pools (shadow formulas as a JSON
 * column), runs, samples. v2: shadow formulas in their own table (one row per formula, ordered).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    sql: `
      CREATE TABLE pools (
        id TEXT PRIMARY KEY,
        display_name TEXT,
        vm_size TEXT NOT NULL,
        task_slots_per_node INTEGER NOT NULL,
        creation_time REAL NOT NULL,
        last_modified REAL NOT NULL,
        version INTEGER NOT NULL,
        enable_autoscale INTEGER NOT NULL,
        formula TEXT,
        interval_ms REAL,
        schedule_start REAL,
        last_enable REAL,
        target_dedicated INTEGER NOT NULL,
        target_low_priority INTEGER NOT NULL,
        deallocation TEXT,
        run_count INTEGER NOT NULL,
        last_run_time REAL,
        autoscale_run TEXT,
        shadow_formulas TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE TABLE runs (
        pool_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        formula TEXT NOT NULL,
        run TEXT NOT NULL,
        targets TEXT,
        applied INTEGER NOT NULL,
        shadows TEXT NOT NULL,
        PRIMARY KEY (pool_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE samples (
        pool_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        t REAL NOT NULL,
        value REAL NOT NULL
      ) STRICT;
      CREATE INDEX samples_by_pool_time ON samples (pool_id, t);
      CREATE INDEX samples_by_time ON samples (t);`,
  },
  {
    to: 2,
    sql: `
      CREATE TABLE shadow_formulas (
        pool_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        formula TEXT NOT NULL,
        PRIMARY KEY (pool_id, position)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO shadow_formulas (pool_id, position, formula)
        SELECT pools.id, CAST(j.key AS INTEGER), j.value FROM pools, json_each(pools.shadow_formulas) AS j;
      ALTER TABLE pools DROP COLUMN shadow_formulas;`,
  },
];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.to;

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** migrate only up to this version (tests of the migrations); default: the latest */
  readonly targetVersion?: number;
}

/** Runs the pending migrations; refuses a database written by a newer version. Returns the version. */
export function migrate(db: DatabaseSync, targetVersion = SCHEMA_VERSION): number {
  const current = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current > SCHEMA_VERSION) throw new Error(`the database has schema version ${current}, newer than this program's ${SCHEMA_VERSION}`);
  for (const m of MIGRATIONS) {
    if (m.to <= current || m.to > targetVersion) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.to}`);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }
  return (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
}

type Row = Record<string, string | number | null>;

const n = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Opens (creating if needed) a SQLite control store at `path` (`:memory:` for a private one). */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): ControlStore & { readonly db: DatabaseSync; readonly version: number } {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
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
  const delRuns = q("DELETE FROM runs WHERE pool_id = ?");
  const delSamples = q("DELETE FROM samples WHERE pool_id = ?");
  const addRun = q("INSERT INTO runs (pool_id, seq, time, formula, run, targets, applied, shadows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  // A run changes only these columns of its pool (settings are written by putPool when they change).
  const afterRun = q("UPDATE pools SET run_count = ?, last_run_time = ?, autoscale_run = ?, target_dedicated = ?, target_low_priority = ?, deallocation = ? WHERE id = ?");
  const runsAfter = q("SELECT * FROM runs WHERE pool_id = ? AND seq > ? ORDER BY seq");
  const runsLast = q("SELECT * FROM (SELECT * FROM runs WHERE pool_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?) ORDER BY seq");
  const addSample = q("INSERT INTO samples (pool_id, metric, t, value) VALUES (?, ?, ?, ?)");
  const samplesSince = q("SELECT * FROM samples WHERE pool_id = ? AND t >= ? ORDER BY t, rowid");
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

  const toPool = (r: Row): PoolRecord => {
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
      ...(r.autoscale_run !== null ? { autoScaleRun: JSON.parse(r.autoscale_run as string) as AutoScaleRun } : {}),
    };
    shadowCache.set(rec.id, rec.shadowFormulas);
    return rec;
  };

  const toRun = (r: Row): RunRecord => ({
    poolId: r.pool_id as string,
    seq: Number(r.seq),
    time: Number(r.time),
    formula: r.formula as string,
    run: JSON.parse(r.run as string) as AutoScaleRun,
    ...(r.targets !== null ? { targets: JSON.parse(r.targets as string) as RunRecord["targets"] & object } : {}),
    applied: r.applied === 1,
    shadows: JSON.parse(r.shadows as string) as RunRecord["shadows"],
  });

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
        delPool.run(id);
        delShadows.run(id);
        delRuns.run(id);
        delSamples.run(id);
      });
      shadowCache.delete(id);
    },
    commitRuns(entries) {
      if (entries.length === 0) return;
      try {
        tx(() => {
          for (const { pool, run } of entries) {
            // The primary key (pool_id, seq) refuses a run recorded twice; the whole batch rolls back.
            const runJson = JSON.stringify(run.run);
            addRun.run(run.poolId, run.seq, run.time, run.formula, runJson, run.targets ? JSON.stringify(run.targets) : null, run.applied ? 1 : 0, JSON.stringify(run.shadows));
            const changed = afterRun.run(pool.runCount, pool.lastRunTime ?? null, runJson, pool.targetDedicatedNodes, pool.targetLowPriorityNodes, pool.nodeDeallocationOption ?? null, pool.id);
            if (Number(changed.changes) === 0) writePool(pool);
          }
        });
      } catch (e) {
        // The shadow cache may describe rows that were rolled back: forget it.
        shadowCache.clear();
        throw e;
      }
    },
    runs(poolId, opts = {}) {
      const after = opts.after ?? 0;
      const rows = opts.limit !== undefined ? runsLast.all(poolId, after, opts.limit) : runsAfter.all(poolId, after);
      return (rows as Row[]).map(toRun);
    },
    appendSamples(rows: readonly SampleRow[]) {
      if (rows.length === 0) return;
      tx(() => {
        for (const r of rows) addSample.run(r.poolId, r.metric, r.t, r.value);
      });
    },
    samples(poolId, since) {
      return (samplesSince.all(poolId, since) as Row[]).map((r) => ({ poolId: r.pool_id as string, metric: r.metric as string, t: Number(r.t), value: Number(r.value) }));
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
