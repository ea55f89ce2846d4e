// The SQLite store's schema (Node only): ordered migrations under PRAGMA user_version. Never edit a
// shipped step: add one. Holds DDL and the migration runner only (sqlite-store.ts reads and writes).

import type { DatabaseSync } from "node:sqlite";

/** One schema step: SQL run inside a transaction, taking the database from version `to - 1` to `to`. */
export interface Migration {
  readonly to: number;
  readonly sql: string;
}

/**
 * The schema's history. Never edit a shipped step: add one. v1: pools (shadow formulas as a JSON
 * column), runs, samples. v2: shadow formulas in their own table (one row per formula, ordered).
 * v3: runs clustered by time (primary key `(time, pool_id, seq)`), so the runs of an instant are
 * appended together instead of one B-tree page per pool; a pool's runs are a chain from its row
 * (`last_run_time`, `run_count`) back through each run's `prev_time`; the run in columns (no JSON
 * but the error and the shadows). Samples indexed by time only (an index by pool took one page
 * per pool at every 30-s sample); a restart reads them all in one scan. v4: formula, timestamp and
 * results texts stored once in `texts` and referenced by id from each run (a round of 10,000 pools
 * repeats a handful of them); a run keeps the integer targets it applied (`applied_*`, NULL when it
 * applied none) instead of a flag, so a pool's row need not be rewritten at every run: the row is a
 * checkpoint of the pool's run state, and the runs after it are replayed when the store opens.
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
  {
    to: 3,
    sql: `
      CREATE TABLE runs_v3 (
        time REAL NOT NULL,
        pool_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        prev_time REAL,
        formula TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        results TEXT NOT NULL,
        error TEXT,
        target_dedicated REAL,
        target_low_priority REAL,
        deallocation TEXT,
        applied INTEGER NOT NULL,
        shadows TEXT,
        PRIMARY KEY (time, pool_id, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO runs_v3
        SELECT r.time, r.pool_id, r.seq, p.time, r.formula, r.run ->> '$.timestamp', r.run ->> '$.results', r.run -> '$.error',
          r.targets ->> '$.dedicated', r.targets ->> '$.lowPriority', r.targets ->> '$.deallocation', r.applied, NULLIF(r.shadows, '[]')
        FROM runs r LEFT JOIN runs p ON p.pool_id = r.pool_id AND p.seq = r.seq - 1;
      DROP TABLE runs;
      ALTER TABLE runs_v3 RENAME TO runs;
      DROP INDEX samples_by_pool_time;`,
  },
  {
    to: 4,
    sql: `
      CREATE TABLE texts (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL
      ) STRICT;
      CREATE INDEX texts_v4 ON texts (text);
      INSERT INTO texts (text) SELECT formula FROM runs UNION SELECT timestamp FROM runs UNION SELECT results FROM runs;
      CREATE TABLE runs_v4 (
        time REAL NOT NULL,
        pool_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        prev_time REAL,
        formula INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        results INTEGER NOT NULL,
        error TEXT,
        target_dedicated REAL,
        target_low_priority REAL,
        deallocation TEXT,
        applied_dedicated REAL,
        applied_low_priority REAL,
        shadows TEXT,
        PRIMARY KEY (time, pool_id, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO runs_v4
        SELECT r.time, r.pool_id, r.seq, r.prev_time, (SELECT id FROM texts WHERE text = r.formula), (SELECT id FROM texts WHERE text = r.timestamp),
          (SELECT id FROM texts WHERE text = r.results), r.error, r.target_dedicated, r.target_low_priority, r.deallocation,
          CASE WHEN r.applied THEN (CASE WHEN r.target_dedicated <= 0 THEN 0 ELSE trunc(r.target_dedicated) END) END,
          CASE WHEN r.applied THEN (CASE WHEN r.target_low_priority <= 0 THEN 0 ELSE trunc(r.target_low_priority) END) END, r.shadows
        FROM runs r;
      DROP TABLE runs;
      ALTER TABLE runs_v4 RENAME TO runs;
      DROP INDEX texts_v4;`,
  },
];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.to;

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
