// SQLite store (Node only): the ControlStore on Node's built-in node:sqlite, no native build step.
// Versioned schema (sqlite-schema.ts); WAL journal, so a killed process loses nothing it
// committed. Holds data only.
//
// A run is one narrow row: its formula, timestamp and results are ids into `texts`, each text
// stored once. A pool's row is a checkpoint of its run state: settings changes rewrite it, and a
// run rewrites it only when the checkpoint is 1–2 h old (CHECKPOINT_MS plus a per-pool spread).
// The store keeps every pool's newest run (its head) in memory; on open it replays the runs after
// each checkpoint, which all lie in the 2 h after it. Another connection's commits (PRAGMA
// data_version) make it read the heads again.

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

/** A run rewrites its pool's row once the row's run state is this old, plus {@link spread}. */
export const CHECKPOINT_MS = 3_600_000;
/** Up to CHECKPOINT_MS more per pool (a hash of its id), so pools created together do not all rewrite their rows at one round. */
const spread = (id: string): number => {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % CHECKPOINT_MS;
};
/** Texts remembered with their ids (beyond: forgotten, and stored again when seen again). */
const MAX_TEXTS = 20_000;
const MAX_TEXT_CHARS = 16 << 20;
/** Samples per INSERT statement. */
const SAMPLE_BATCH = 64;

/** A pool's newest committed run and what its row holds. */
interface Head {
  /** newest run: seq (0: none) and time */
  seq: number;
  time: number | null;
  /** the row's run_count; runs with a higher seq are after the checkpoint */
  rowSeq: number;
  /** the row's last_modified, and its anchor: every run after the checkpoint is at or after it (and within 2 × CHECKPOINT_MS) */
  modified: number;
  anchor: number;
  /** the targets the newest run after the checkpoint that changed them set */
  applied: { readonly seq: number; readonly dedicated: number; readonly lowPriority: number; readonly deallocation: string | null } | undefined;
}

const anchorOf = (lastRunTime: number | undefined, modified: number): number => Math.max(lastRunTime ?? modified, modified);

/** Opens (creating if needed) a SQLite control store at `path` (`:memory:` for a private one). */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): ControlStore & { readonly db: DatabaseSync; readonly version: number } {
  const db = new DatabaseSync(path);
  // A 64-MiB page cache keeps the pages a round writes (and the pools table) in memory.
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
  const headRows = q("SELECT id, run_count, last_run_time, last_modified FROM pools");
  const runsBetween = q("SELECT pool_id, time, seq, deallocation, applied_dedicated, applied_low_priority FROM runs WHERE time >= ? AND time < ?");
  // A pool's runs are a chain: its head names the newest (?4 time, ?5 seq), each run the time of the
  // one before (prev_time). Walked newest first, `?2` = after, `?3` = limit (-1: all).
  const chain = `WITH RECURSIVE chain AS (
      SELECT r.* FROM runs r WHERE r.time = ?4 AND r.pool_id = ?1 AND r.seq = ?5 AND r.seq > ?2
      UNION ALL
      SELECT r.* FROM chain c JOIN runs r ON r.time = c.prev_time AND r.pool_id = ?1 AND r.seq = c.seq - 1 WHERE c.seq - 1 > ?2
      LIMIT ?3)`;
  const delRuns = q(`${chain} DELETE FROM runs WHERE (time, pool_id, seq) IN (SELECT time, pool_id, seq FROM chain)`);
  const runsOf = q(`${chain} SELECT c.pool_id, c.seq, c.time, f.text AS formula, ts.text AS timestamp, rs.text AS results, c.error, c.target_dedicated, c.target_low_priority,
      c.deallocation, c.applied_dedicated, c.shadows FROM chain c JOIN texts f ON f.id = c.formula JOIN texts ts ON ts.id = c.timestamp JOIN texts rs ON rs.id = c.results ORDER BY c.seq`);
  const delSamples = q("DELETE FROM samples WHERE pool_id = ?");
  const addRun = q(`INSERT INTO runs (time, pool_id, seq, prev_time, formula, timestamp, results, error, target_dedicated, target_low_priority, deallocation,
      applied_dedicated, applied_low_priority, shadows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const addText = q("INSERT INTO texts (text) VALUES (?)");
  const recentTexts = q(`SELECT id, text FROM texts ORDER BY id DESC LIMIT ${MAX_TEXTS}`);
  // A checkpoint: the run columns of the pool's row; its autoscale_run becomes '' ("the run the row names": last_run_time, run_count).
  const checkpoint = q("UPDATE pools SET run_count = ?, last_run_time = ?, autoscale_run = '', target_dedicated = ?, target_low_priority = ?, deallocation = ? WHERE id = ?");
  const runAt = q("SELECT ts.text AS timestamp, rs.text AS results, r.error FROM runs r JOIN texts ts ON ts.id = r.timestamp JOIN texts rs ON rs.id = r.results WHERE r.time = ? AND r.pool_id = ? AND r.seq = ?");
  const addSample = q("INSERT INTO samples (pool_id, metric, t, value) VALUES (?, ?, ?, ?)");
  const addSamples = q(`INSERT INTO samples (pool_id, metric, t, value) VALUES ${Array(SAMPLE_BATCH).fill("(?, ?, ?, ?)").join(", ")}`);
  const samplesSince = q("SELECT * FROM samples WHERE t >= ? ORDER BY t, rowid");
  const poolSamplesSince = q("SELECT * FROM samples WHERE t >= ? AND pool_id = ? ORDER BY t, rowid");
  const prune = q("DELETE FROM samples WHERE t < ?");
  const dataVersion = q("PRAGMA data_version");

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

  let heads = new Map<string, Head>();
  /** data_version when the heads were read; undefined: read them again */
  let seen: number | undefined;
  const texts = new Map<string, number>();
  let textChars = 0;
  // Only write the shadow rows when they changed.
  const shadowCache = new Map<string, readonly string[]>();

  /** Reads every pool's head: its row, then the runs after its checkpoint (all within 2 × CHECKPOINT_MS of its anchor). */
  const loadHeads = (): void => {
    const next = new Map<string, Head>();
    const windows: [number, number][] = [];
    for (const r of headRows.all() as Row[]) {
      const modified = Number(r.last_modified);
      const last = n(r.last_run_time);
      const anchor = anchorOf(last, modified);
      next.set(r.id as string, { seq: Number(r.run_count), time: last ?? null, rowSeq: Number(r.run_count), modified, anchor, applied: undefined });
      windows.push([anchor, anchor + 2 * CHECKPOINT_MS]);
    }
    windows.sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < windows.length; ) {
      const lo = windows[i]![0];
      let hi = windows[i]![1];
      for (i++; i < windows.length && windows[i]![0] <= hi; i++) hi = Math.max(hi, windows[i]![1]);
      for (const r of runsBetween.all(lo, hi) as Row[]) {
        const h = next.get(r.pool_id as string);
        const seq = Number(r.seq);
        if (!h || seq <= h.rowSeq) continue;
        if (seq > h.seq) {
          h.seq = seq;
          h.time = Number(r.time);
        }
        if (r.applied_dedicated !== null && seq > (h.applied?.seq ?? 0)) {
          h.applied = { seq, dedicated: Number(r.applied_dedicated), lowPriority: Number(r.applied_low_priority), deallocation: r.deallocation as string | null };
        }
      }
    }
    heads = next;
  };

  /** Reads the heads again when another connection committed since they were read. */
  const sync = (): void => {
    const v = (dataVersion.get() as { data_version: number }).data_version;
    if (v === seen) return;
    loadHeads();
    shadowCache.clear();
    seen = v;
  };

  const textId = (s: string): number => {
    const id = texts.get(s);
    if (id !== undefined) return id;
    const created = Number(addText.run(s).lastInsertRowid);
    if (texts.size >= MAX_TEXTS || textChars >= MAX_TEXT_CHARS) {
      texts.clear();
      textChars = 0;
    }
    texts.set(s, created);
    textChars += s.length;
    return created;
  };

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
    heads.set(p.id, { seq: p.runCount, time: p.lastRunTime ?? null, rowSeq: p.runCount, modified: p.lastModified, anchor: anchorOf(p.lastRunTime, p.lastModified), applied: undefined });
  };

  const runOf = (r: Row): AutoScaleRun =>
    r.error === null ? { timestamp: r.timestamp as string, results: r.results as string } : { timestamp: r.timestamp as string, results: r.results as string, error: JSON.parse(r.error as string) as AutoScaleRun["error"] & object };

  const toPool = (r: Row): PoolRecord => {
    const id = r.id as string;
    const h = heads.get(id);
    // Runs after the checkpoint: the head names the newest, and the targets the last one set.
    const ahead = h !== undefined && h.seq > Number(r.run_count) ? h : undefined;
    const last = ahead ? (runAt.get(ahead.time, id, ahead.seq) as Row | undefined) : r.autoscale_run === "" ? (runAt.get(r.last_run_time as number, id, r.run_count as number) as Row | undefined) : undefined;
    const autoScaleRun = last ? runOf(last) : r.autoscale_run ? (JSON.parse(r.autoscale_run as string) as AutoScaleRun) : undefined;
    const applied = ahead?.applied;
    const deallocation = applied ? applied.deallocation : r.deallocation;
    const lastRunTime = ahead ? (ahead.time ?? undefined) : n(r.last_run_time);
    const shadowFormulas = (getShadows.all(id) as Row[]).map((s) => s.formula as string);
    const rec: PoolRecord = {
      id,
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
      targetDedicatedNodes: applied ? applied.dedicated : Number(r.target_dedicated),
      targetLowPriorityNodes: applied ? applied.lowPriority : Number(r.target_low_priority),
      ...(deallocation !== null ? { nodeDeallocationOption: deallocation as PoolRecord["nodeDeallocationOption"] & string } : {}),
      shadowFormulas,
      runCount: ahead ? ahead.seq : Number(r.run_count),
      ...(lastRunTime !== undefined ? { lastRunTime } : {}),
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
      applied: r.applied_dedicated !== null,
      shadows: r.shadows === null ? [] : (JSON.parse(r.shadows as string) as RunRecord["shadows"]),
    };
  };

  /** Appends one run; throws when it does not follow the pool's last one. Rewrites the pool's row only when its checkpoint is due. */
  const writeRun = (pool: PoolRecord, run: RunRecord): void => {
    const id = run.poolId;
    const h = heads.get(id);
    if (h !== undefined && run.seq !== h.seq + 1) throw new Error(`run ${id}#${run.seq} does not follow the pool's last run: already recorded, or out of order`);
    const { run: r, targets: t } = run;
    // The primary key refuses the same run twice; the whole batch rolls back.
    addRun.run(
      run.time, id, run.seq, h?.time ?? null, textId(run.formula), textId(r.timestamp), textId(r.results), r.error ? JSON.stringify(r.error) : null,
      t ? t.dedicated : null, t ? t.lowPriority : null, t ? t.deallocation : null, run.applied ? pool.targetDedicatedNodes : null, run.applied ? pool.targetLowPriorityNodes : null,
      run.shadows.length > 0 ? JSON.stringify(run.shadows) : null,
    );
    if (h === undefined) return writePool(pool);
    h.seq = run.seq;
    h.time = run.time;
    if (run.applied) h.applied = { seq: run.seq, dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes, deallocation: pool.nodeDeallocationOption ?? null };
    const age = run.time - h.anchor;
    if (age >= 0 && (age < CHECKPOINT_MS || age < CHECKPOINT_MS + spread(id))) return;
    checkpoint.run(pool.runCount, pool.lastRunTime ?? null, pool.targetDedicatedNodes, pool.targetLowPriorityNodes, pool.nodeDeallocationOption ?? null, id);
    h.rowSeq = run.seq;
    h.anchor = anchorOf(run.time, h.modified);
    h.applied = undefined;
  };

  /** A write transaction; when it fails, what is remembered of the database is read again. */
  const write = <T>(fn: () => T): T => {
    try {
      return tx(() => {
        sync();
        return fn();
      });
    } catch (e) {
      seen = undefined;
      texts.clear();
      textChars = 0;
      throw e;
    }
  };

  for (const r of (recentTexts.all() as Row[]).reverse()) textId(r.text as string);
  sync();

  return {
    db,
    version,
    loadPools() {
      sync();
      return (allPools.all() as Row[]).map(toPool);
    },
    getPool(id) {
      sync();
      const r = getPool.get(id) as Row | undefined;
      return r ? toPool(r) : undefined;
    },
    putPool(pool) {
      write(() => writePool(pool));
    },
    deletePool(id) {
      write(() => {
        const h = heads.get(id);
        if (h && h.time !== null) delRuns.run(id, 0, -1, h.time, h.seq);
        delPool.run(id);
        delShadows.run(id);
        delSamples.run(id);
        heads.delete(id);
      });
      shadowCache.delete(id);
    },
    commitRuns(entries) {
      if (entries.length === 0) return;
      write(() => {
        for (const { pool, run } of entries) writeRun(pool, run);
      });
    },
    runs(poolId, opts = {}) {
      sync();
      const h = heads.get(poolId);
      if (!h || h.time === null) return [];
      return (runsOf.all(poolId, opts.after ?? 0, opts.limit ?? -1, h.time, h.seq) as Row[]).map(toRun);
    },
    appendSamples(rows: readonly SampleRow[]) {
      if (rows.length === 0) return;
      write(() => {
        let i = 0;
        if (rows.length >= SAMPLE_BATCH) {
          const args: (string | number)[] = new Array(SAMPLE_BATCH * 4);
          for (; i + SAMPLE_BATCH <= rows.length; i += SAMPLE_BATCH) {
            for (let j = 0; j < SAMPLE_BATCH; j++) {
              const r = rows[i + j]!;
              args[4 * j] = r.poolId;
              args[4 * j + 1] = r.metric;
              args[4 * j + 2] = r.t;
              args[4 * j + 3] = r.value;
            }
            addSamples.run(...args);
          }
        }
        for (; i < rows.length; i++) addSample.run(rows[i]!.poolId, rows[i]!.metric, rows[i]!.t, rows[i]!.value);
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
