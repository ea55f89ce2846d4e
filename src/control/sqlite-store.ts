// SQLite store (Node only): the ControlStore on Node's built-in node:sqlite, no native build step.
// Versioned schema (sqlite-schema.ts); WAL journal, so a killed process loses nothing it
// committed. Holds data only.
//
// Runs are appended in commit order, 64 to a row (run-chunks.ts; ids from the store, increasing);
// a run's formula, timestamp and results are ids into `texts`, each text stored once. A pool's
// row is a checkpoint of its run state: settings changes rewrite it, and a run rewrites it only
// when CHECKPOINT_RUNS (plus a per-pool spread of up to as many) runs of any pool were appended
// since; the row says how many (`run_window`). The store keeps every pool's newest run (its head)
// in memory; on open it replays the runs after each checkpoint, all within that window of ids.
// Another connection's commits (PRAGMA data_version) make it read the heads again, under the
// write lock, so a run still cannot be recorded twice.

import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { AutoScaleRun } from "../eval/results.ts";
import { CHUNK, F, field, numOrNull, packRun, RunChunks, TextTable, type PackedRun } from "./run-chunks.ts";
import { SampleChunks } from "./sample-chunks.ts";
import { migrate, SCHEMA_VERSION } from "./sqlite-schema.ts";
import type { ControlStore, PoolRecord, RunRecord, RunTargets, SampleRow } from "./store.ts";

export { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from "./sqlite-schema.ts";

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** migrate only up to this version (tests of the migrations); default: the latest */
  readonly targetVersion?: number;
  /** runs appended before a run rewrites its pool's row (plus a per-pool spread of up to as many); default {@link CHECKPOINT_RUNS}. Tests make it small. */
  readonly checkpointRuns?: number;
}

type Row = Record<string, string | number | null>;

const n = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** A run rewrites its pool's row once this many runs (of any pool) were appended since the row's checkpoint, plus {@link spread}. */
export const CHECKPOINT_RUNS = 250_000;
/**
 * Up to `limit` more per pool, so pools created together do not all rewrite their rows at one
 * round: a hash of its id without the last character, so ids that differ only there (`pool-1230`
 * … `pool-1239`, created together, neighbours in the pools table) rewrite together and dirty one
 * or two pages instead of one page each.
 */
const spread = (id: string, limit: number): number => {
  let h = 2166136261;
  for (let i = 0; i < id.length - 1; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % limit;
};

/** A pool's newest committed run and what its row holds. */
interface Head {
  /** the pool's id */
  readonly pool: string;
  /** newest run: seq (0: none), id and time */
  seq: number;
  id: number | null;
  time: number | null;
  /** the row's run_count: runs with a higher seq are after the checkpoint */
  rowSeq: number;
  /** the row's run_anchor and run_window: the runs after the checkpoint have ids in [anchor, anchor + window) */
  anchor: number;
  window: number;
  /** the targets set by the newest run after the checkpoint that changed them */
  applied: { readonly seq: number; readonly dedicated: number; readonly lowPriority: number; readonly deallocation: string | null } | undefined;
  /** the text id of the formula of the newest run (the same string again needs no lookup) */
  formula: string | undefined;
  formulaId: number;
}

/** A head with every field set (one object shape for all). */
const head = (pool: string, seq: number, id: number | null, time: number | null, rowSeq: number, anchor: number, window: number): Head => ({
  pool, seq, id, time, rowSeq, anchor, window, applied: undefined, formula: undefined, formulaId: 0,
});

/** Opens (creating if needed) a SQLite control store at `path` (`:memory:` for a private one). */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): ControlStore & { readonly db: DatabaseSync; readonly version: number } {
  const db = new DatabaseSync(path);
  // A 64-MiB page cache keeps the pages a round writes (and the pools table) in memory.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;");
  const version = migrate(db, options.targetVersion);
  const every = Math.max(1, Math.floor(options.checkpointRuns ?? CHECKPOINT_RUNS));
  if (version !== SCHEMA_VERSION) {
    // A partly migrated database (tests): usable for inspection only.
    return Object.assign(unusable(), { db, version });
  }
  const q = (sql: string): StatementSync => db.prepare(sql);
  const putPool = q(`INSERT OR REPLACE INTO pools (id, display_name, vm_size, task_slots_per_node, creation_time, last_modified, version, enable_autoscale, formula,
      interval_ms, schedule_start, last_enable, target_dedicated, target_low_priority, deallocation, run_count, last_run_time, autoscale_run, last_run_id, run_anchor,
      run_window) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const delShadows = q("DELETE FROM shadow_formulas WHERE pool_id = ?");
  const addShadow = q("INSERT INTO shadow_formulas (pool_id, position, formula) VALUES (?, ?, ?)");
  const getShadows = q("SELECT formula FROM shadow_formulas WHERE pool_id = ? ORDER BY position");
  const getPool = q("SELECT * FROM pools WHERE id = ?");
  const allPools = q("SELECT * FROM pools ORDER BY id");
  const delPool = q("DELETE FROM pools WHERE id = ?");
  const headRows = q("SELECT id, run_count, last_run_id, last_run_time, run_anchor, run_window FROM pools");
  // A checkpoint: the run columns of the pool's row; its autoscale_run becomes '' ("the run the row names": last_run_time, run_count).
  const checkpoint = q(`UPDATE pools SET run_count = ?, last_run_time = ?, last_run_id = ?, run_anchor = ?, run_window = ?, autoscale_run = '', target_dedicated = ?,
      target_low_priority = ?, deallocation = ? WHERE id = ?`);
  const texts = new TextTable(db);
  const chunks = new RunChunks(db);
  const samples = new SampleChunks(db);
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
  // The heads of the last commit's runs, in its order: a round commits the same pools in the same
  // order, so most heads are found here by position instead of by id (no hash-table probe).
  let lastOrder: (Head | undefined)[] = [];
  /** the id of the next run */
  let nextId = 1;
  /** data_version when the heads were read; undefined: read them again */
  let seen: number | undefined;
  // Only write the shadow rows when they changed.
  const shadowCache = new Map<string, readonly string[]>();

  /** Reads every pool's head: its row, then the runs after its checkpoint (ids in its window). */
  const loadHeads = (): void => {
    const next = new Map<string, Head>();
    const windows: [number, number][] = [];
    let after = chunks.nextFree();
    for (const r of headRows.all() as Row[]) {
      const anchor = Number(r.run_anchor);
      const id = r.last_run_id === null ? null : Number(r.last_run_id);
      const window = Number(r.run_window);
      next.set(r.id as string, head(r.id as string, Number(r.run_count), id, n(r.last_run_time) ?? null, Number(r.run_count), anchor, window));
      windows.push([anchor, anchor + window]);
      // Ids only grow: never below an anchor, even if the runs at the end were deleted.
      after = Math.max(after, anchor);
    }
    windows.sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < windows.length; ) {
      const lo = windows[i]![0];
      let hi = windows[i]![1];
      for (i++; i < windows.length && windows[i]![0] <= hi; i++) hi = Math.max(hi, windows[i]![1]);
      chunks.scan(lo, hi, (id, r) => {
        const h = next.get(r[F.pool_id] as string);
        const seq = Number(r[F.seq]);
        if (!h || seq <= h.rowSeq) return;
        if (seq > h.seq) {
          h.seq = seq;
          h.id = id;
          h.time = Number(r[F.time]);
        }
        if (field(r, F.applied_dedicated) !== null && seq > (h.applied?.seq ?? 0)) {
          h.applied = { seq, dedicated: Number(r[F.applied_dedicated]), lowPriority: Number(r[F.applied_low_priority]), deallocation: field(r, F.deallocation) as string | null };
        }
      });
    }
    heads = next;
    lastOrder = [];
    nextId = after;
  };

  /** Reads the heads again when another connection committed since they were read. */
  const sync = (): void => {
    const v = (dataVersion.get() as { data_version: number }).data_version;
    if (v === seen) return;
    chunks.reset();
    loadHeads();
    shadowCache.clear();
    seen = v;
  };

  /** How many runs the row of pool `id` lets pass before a run rewrites it. */
  const windowOf = (id: string): number => every + spread(id, every);

  const writePool = (p: PoolRecord): void => {
    // The run the record counts up to: the head, or (a record that is not at its head) looked up.
    const h = heads.get(p.id);
    const lastRun = p.runCount === 0 ? null : h !== undefined && h.seq === p.runCount ? h.id : (walk(p.id).find((x) => Number(x.run[F.seq]) === p.runCount)?.id ?? null);
    putPool.run(
      p.id, p.displayName ?? null, p.vmSize, p.taskSlotsPerNode, p.creationTime, p.lastModified, p.version, p.enableAutoScale ? 1 : 0, p.autoScaleFormula ?? null,
      p.autoScaleEvaluationIntervalMs ?? null, p.scheduleStart ?? null, p.lastEnable ?? null, p.targetDedicatedNodes, p.targetLowPriorityNodes,
      p.nodeDeallocationOption ?? null, p.runCount, p.lastRunTime ?? null, p.autoScaleRun ? JSON.stringify(p.autoScaleRun) : null, lastRun, nextId, windowOf(p.id),
    );
    if (shadowCache.get(p.id) !== p.shadowFormulas) {
      delShadows.run(p.id);
      p.shadowFormulas.forEach((f, i) => addShadow.run(p.id, i, f));
      shadowCache.set(p.id, p.shadowFormulas);
    }
    heads.set(p.id, head(p.id, p.runCount, lastRun, p.lastRunTime ?? null, p.runCount, nextId, windowOf(p.id)));
    // A new head object: the old one may be in the last commit's order.
    lastOrder = [];
  };

  const runOf = (r: PackedRun): AutoScaleRun => {
    const timestamp = texts.text(r[F.timestamp]);
    const results = texts.text(r[F.results]);
    const error = field(r, F.error);
    return error === null ? { timestamp, results } : { timestamp, results, error: error as AutoScaleRun["error"] & object };
  };

  /** A pool's runs, newest first, from its head back (`after`: stop at that seq; `limit`: at most that many). */
  const walk = (poolId: string, after = 0, limit = Infinity): { id: number; run: PackedRun }[] => {
    const out: { id: number; run: PackedRun }[] = [];
    for (let id = heads.get(poolId)?.id ?? null; id !== null && out.length < limit; ) {
      const run = chunks.get(id);
      if (!run || Number(run[F.seq]) <= after) break;
      out.push({ id, run });
      id = numOrNull(run[F.prev]);
    }
    return out;
  };

  const toPool = (r: Row): PoolRecord => {
    const id = r.id as string;
    const h = heads.get(id);
    // Runs after the checkpoint: the head names the newest, and the targets the last one set.
    const ahead = h !== undefined && h.seq > Number(r.run_count) ? h : undefined;
    const runId = ahead ? ahead.id : r.autoscale_run === "" ? (r.last_run_id as number | null) : null;
    const last = runId !== null ? chunks.get(Number(runId)) : undefined;
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

  const toRun = (r: PackedRun): RunRecord => {
    const run = runOf(r);
    const shadows = field(r, F.shadows);
    const deallocation = field(r, F.deallocation);
    return {
      poolId: r[F.pool_id] as string,
      seq: Number(r[F.seq]),
      time: Number(r[F.time]),
      formula: texts.text(r[F.formula]),
      run,
      ...(deallocation !== null ? { targets: { dedicated: Number(r[F.target_dedicated]), lowPriority: Number(r[F.target_low_priority]), deallocation: deallocation as RunTargets["deallocation"] } } : {}),
      applied: field(r, F.applied_dedicated) !== null,
      shadows: shadows === null ? [] : (shadows as RunRecord["shadows"]),
    };
  };

  /** Appends one run; throws when it does not follow the pool's last one. Rewrites the pool's row only when its checkpoint is due. */
  const writeRun = (pool: PoolRecord, run: RunRecord, at: number): Head => {
    const id = run.poolId;
    const cached = lastOrder[at];
    const h = cached !== undefined && cached.pool === id ? cached : heads.get(id);
    // Refused, the whole batch rolls back: a run that is already recorded, or not the next one.
    if (h !== undefined && run.seq !== h.seq + 1) throw new Error(`run ${id}#${run.seq} does not follow the pool's last run: already recorded, or out of order`);
    const { run: r, targets: t } = run;
    const runId = nextId++;
    let formulaId: number;
    if (h !== undefined && h.formula === run.formula) formulaId = h.formulaId;
    else {
      formulaId = texts.id(run.formula);
      if (h !== undefined) {
        h.formula = run.formula;
        h.formulaId = formulaId;
      }
    }
    const applied = run.applied ? { dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes } : undefined;
    const shadows = run.shadows.length > 0 ? run.shadows : null;
    chunks.append(runId, packRun(id, run.seq, run.time, h?.id ?? null, formulaId, texts.stampId(r.timestamp), texts.id(r.results), r.error ? r.error : null, t, applied, shadows));
    if (h === undefined) {
      // A pool the store does not hold: stored with its run.
      heads.set(id, head(id, run.seq, runId, run.time, 0, 0, 0));
      writePool(pool);
      return heads.get(id)!;
    }
    h.seq = run.seq;
    h.id = runId;
    h.time = run.time;
    if (run.applied) h.applied = { seq: run.seq, dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes, deallocation: pool.nodeDeallocationOption ?? null };
    // The row's window holds this run: no rewrite (a run past it rewrites the row, so none is ever outside).
    if (runId - h.anchor < h.window) return h;
    const window = windowOf(id);
    checkpoint.run(pool.runCount, pool.lastRunTime ?? null, runId, nextId, window, pool.targetDedicatedNodes, pool.targetLowPriorityNodes, pool.nodeDeallocationOption ?? null, id);
    h.rowSeq = run.seq;
    h.anchor = nextId;
    h.window = window;
    h.applied = undefined;
    return h;
  };

  /** A write transaction; when it fails, what is remembered of the database is read again. */
  const write = <T>(fn: () => T): T => {
    try {
      return tx(() => {
        sync();
        return fn();
      });
    } catch (e) {
      // Rolled back: texts and runs added in it are gone, and the heads must be read again.
      chunks.reset();
      seen = undefined;
      texts.forget();
      throw e;
    }
  };

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
        chunks.remove(walk(id).map((x) => x.id));
        delPool.run(id);
        delShadows.run(id);
        samples.remove(id);
        heads.delete(id);
        lastOrder = [];
      });
      shadowCache.delete(id);
    },
    commitRuns(entries) {
      if (entries.length === 0) return;
      write(() => {
        // A commit starts a new row of runs.
        nextId = Math.ceil(nextId / CHUNK) * CHUNK;
        const order: Head[] = new Array(entries.length);
        for (let i = 0; i < entries.length; i++) order[i] = writeRun(entries[i]!.pool, entries[i]!.run, i);
        chunks.flush();
        lastOrder = order;
      });
    },
    runs(poolId, opts = {}) {
      sync();
      return walk(poolId, opts.after ?? 0, opts.limit ?? Infinity)
        .reverse()
        .map((x) => toRun(x.run));
    },
    appendSamples(rows: readonly SampleRow[]) {
      if (rows.length > 0) write(() => samples.append(rows));
    },
    samples(poolId, since) {
      return samples.read(poolId, since);
    },
    pruneSamples(before) {
      write(() => samples.prune(before));
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
