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
 * per pool at every 30-s sample); a restart reads them all in one scan. v4: runs in a rowid table
 * in commit order (each run names the one before it by id, `prev`), so a round's runs are appended;
 * formula, timestamp and results texts stored once in `texts` and referenced by id (a round of
 * 10,000 pools repeats a handful of them); a run keeps the integer targets it applied
 * (`applied_*`, NULL when none) instead of a flag. A pool's row is a checkpoint of its run state
 * (`last_run_id`; the runs after it have ids from `run_anchor` to `run_anchor + run_window`),
 * not rewritten at every run.
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
        id INTEGER PRIMARY KEY,
        pool_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        prev INTEGER,
        formula INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        results INTEGER NOT NULL,
        error TEXT,
        target_dedicated REAL,
        target_low_priority REAL,
        deallocation TEXT,
        applied_dedicated REAL,
        applied_low_priority REAL,
        shadows TEXT
      ) STRICT;
      INSERT INTO runs_v4
        SELECT n, pool_id, seq, time, lag(n) OVER (PARTITION BY pool_id ORDER BY seq), formula, timestamp, results, error, target_dedicated, target_low_priority,
          deallocation, applied_dedicated, applied_low_priority, shadows
        FROM (SELECT row_number() OVER (ORDER BY r.time, r.pool_id, r.seq) AS n, r.pool_id, r.seq, r.time,
            (SELECT id FROM texts WHERE text = r.formula) AS formula, (SELECT id FROM texts WHERE text = r.timestamp) AS timestamp,
            (SELECT id FROM texts WHERE text = r.results) AS results, r.error, r.target_dedicated, r.target_low_priority, r.deallocation,
            CASE WHEN r.applied THEN (CASE WHEN r.target_dedicated <= 0 THEN 0 ELSE trunc(r.target_dedicated) END) END AS applied_dedicated,
            CASE WHEN r.applied THEN (CASE WHEN r.target_low_priority <= 0 THEN 0 ELSE trunc(r.target_low_priority) END) END AS applied_low_priority, r.shadows
          FROM runs r);
      DROP TABLE runs;
      ALTER TABLE runs_v4 RENAME TO runs;
      DROP INDEX texts_v4;
      ALTER TABLE pools ADD COLUMN last_run_id INTEGER;
      ALTER TABLE pools ADD COLUMN run_anchor INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pools ADD COLUMN run_window INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX runs_by_pool_v4 ON runs (pool_id, seq);
      UPDATE pools SET last_run_id = (SELECT id FROM runs WHERE runs.pool_id = pools.id AND runs.seq = pools.run_count),
        run_anchor = (SELECT coalesce(max(id), 0) + 1 FROM runs);
      DROP INDEX runs_by_pool_v4;`,
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
