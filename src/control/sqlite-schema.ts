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
 * per pool at every 30-s sample); a restart reads them all in one scan. v4: runs packed 64 to a
 * row of `run_chunks` in commit order (run-chunks.ts: run n is slot n % 64 of row n / 64, a JSON
 * array; each run names the one before it by id), so a round of 10,000 pools writes 157 rows;
 * formula, timestamp and results texts stored once in `texts` and referenced by id; a run keeps
 * the integer targets it applied (NULL when none) instead of a flag. A pool's row is a checkpoint
 * of its run state (`last_run_id`; the runs after it have ids from `run_anchor` to
 * `run_anchor + run_window`), not rewritten at every run. Samples packed up to 1,024 to a row of
 * `sample_chunks` with their time range (sample-chunks.ts), pruned by whole rows.
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
      CREATE TABLE run_chunks (
        id INTEGER PRIMARY KEY,
        runs TEXT NOT NULL
      ) STRICT;
      CREATE TABLE run_ids_v4 AS SELECT row_number() OVER (ORDER BY time, pool_id, seq) - 1 AS n, pool_id, seq FROM runs;
      CREATE INDEX run_ids_v4_by_pool ON run_ids_v4 (pool_id, seq);
      INSERT INTO run_chunks (id, runs)
        SELECT i.n / 64, json_group_array(json(json_array(r.pool_id, r.seq, r.time, p.n, f.id, ts.id, rs.id, r.target_dedicated, r.target_low_priority, r.deallocation,
            CASE WHEN r.applied THEN (CASE WHEN r.target_dedicated <= 0 THEN 0 ELSE trunc(r.target_dedicated) END) END,
            CASE WHEN r.applied THEN (CASE WHEN r.target_low_priority <= 0 THEN 0 ELSE trunc(r.target_low_priority) END) END, json(r.error), json(r.shadows))) ORDER BY i.n)
        FROM runs r JOIN run_ids_v4 i ON i.pool_id = r.pool_id AND i.seq = r.seq LEFT JOIN run_ids_v4 p ON p.pool_id = r.pool_id AND p.seq = r.seq - 1
          JOIN texts f ON f.text = r.formula JOIN texts ts ON ts.text = r.timestamp JOIN texts rs ON rs.text = r.results
        GROUP BY i.n / 64;
      ALTER TABLE pools ADD COLUMN last_run_id INTEGER;
      ALTER TABLE pools ADD COLUMN run_anchor INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pools ADD COLUMN run_window INTEGER NOT NULL DEFAULT 0;
      UPDATE pools SET last_run_id = (SELECT n FROM run_ids_v4 WHERE run_ids_v4.pool_id = pools.id AND run_ids_v4.seq = pools.run_count),
        run_anchor = (SELECT coalesce(max(n), -1) + 1 FROM run_ids_v4);
      DROP TABLE run_ids_v4;
      DROP TABLE runs;
      DROP INDEX texts_v4;
      CREATE TABLE sample_chunks (
        id INTEGER PRIMARY KEY,
        t_min REAL NOT NULL,
        t_max REAL NOT NULL,
        samples TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sample_chunks_by_t_max ON sample_chunks (t_max);
      INSERT INTO sample_chunks (t_min, t_max, samples)
        SELECT t, t, json_group_array(json_array(pool_id, metric, t, value) ORDER BY rowid) FROM samples GROUP BY t ORDER BY t;
      DROP TABLE samples;`,
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
