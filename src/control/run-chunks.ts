// Runs packed 64 to a row, and the texts they refer to (Node only; the SQLite store's run history). Run `id` is slot `id % 64`
// of row `id / 64` of `run_chunks`, a JSON array of runs, each an array (RUN_FIELDS) whose texts
// are ids into `texts`. One row per 64 runs instead of one per run: a round of 10,000 pools
// inserts 157 rows. A commit starts a new row, so rows are never rewritten by later commits
// (deleting a pool's runs rewrites the rows that held them).

import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { RunTargets } from "./store.ts";

/** Runs per row. */
export const CHUNK = 64;

/** The fields of a packed run, by position. */
// The fields most runs leave null come last, and trailing nulls are left out (read back as null).
export const RUN_FIELDS = ["pool_id", "seq", "time", "prev", "formula", "timestamp", "results", "target_dedicated", "target_low_priority", "deallocation", "applied_dedicated", "applied_low_priority", "error", "shadows"] as const;
export const F = Object.fromEntries(RUN_FIELDS.map((f, i) => [f, i])) as { readonly [K in (typeof RUN_FIELDS)[number]]: number };

/** A packed run as read back (JSON); a field past its end is null. */
export type PackedRun = readonly unknown[];

/** Field `i` of a packed run (null when left out). */
export const field = (r: PackedRun, i: number): unknown => r[i] ?? null;

/** A number for JSON.stringify: NaN and ±Infinity (never in a run's targets, but kept if they were) as strings that Number() reads back. */
const num = (x: number): number | string => (Number.isFinite(x) ? x : String(x));

/**
 * One run as its array (the row is JSON.stringify of its runs: one native pass per row, about 2.5×
 * faster than concatenating each run's text). `error` and `shadows` are objects or null; the text
 * is the same as before: trailing nulls left out.
 */
export function packRun(
  poolId: string, seq: number, time: number, prev: number | null, formula: number, timestamp: number, results: number, error: object | null,
  targets: RunTargets | undefined, applied: { readonly dedicated: number; readonly lowPriority: number } | undefined, shadows: object | null,
): unknown[] {
  // Most runs end with their targets.
  if (!applied && error === null && shadows === null) {
    return targets
      ? [poolId, seq, time, prev, formula, timestamp, results, num(targets.dedicated), num(targets.lowPriority), targets.deallocation]
      : [poolId, seq, time, prev, formula, timestamp, results];
  }
  return [
    poolId, seq, time, prev, formula, timestamp, results,
    targets ? num(targets.dedicated) : null, targets ? num(targets.lowPriority) : null, targets ? targets.deallocation : null,
    applied ? num(applied.dedicated) : null, applied ? num(applied.lowPriority) : null, error, shadows,
  ];
}

/** A packed field that may be null, as a number. */
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The `run_chunks` rows: appends runs in commit order, reads them back by id (a few rows kept parsed). */
export class RunChunks {
  readonly #add: StatementSync;
  readonly #get: StatementSync;
  readonly #put: StatementSync;
  readonly #del: StatementSync;
  readonly #between: StatementSync;
  readonly #last: StatementSync;
  /** the row being filled by the current commit */
  #row = -1;
  #pending: unknown[][] = [];
  readonly #parsed = new Map<number, PackedRun[]>();

  constructor(db: DatabaseSync) {
    this.#add = db.prepare("INSERT INTO run_chunks (id, runs) VALUES (?, ?)");
    this.#get = db.prepare("SELECT runs FROM run_chunks WHERE id = ?");
    this.#put = db.prepare("UPDATE run_chunks SET runs = ? WHERE id = ?");
    this.#del = db.prepare("DELETE FROM run_chunks WHERE id = ?");
    this.#between = db.prepare("SELECT id, runs FROM run_chunks WHERE id >= ? AND id <= ? ORDER BY id");
    this.#last = db.prepare("SELECT coalesce(max(id), -1) AS id FROM run_chunks");
  }

  /** The first id after every stored run, on a row boundary. */
  nextFree(): number {
    return (Number((this.#last.get() as { id: number }).id) + 1) * CHUNK;
  }

  /** Appends run `id` (ids of one commit are consecutive, from a row boundary). */
  append(id: number, run: unknown[]): void {
    const row = Math.floor(id / CHUNK);
    if (row !== this.#row) {
      this.flush();
      this.#row = row;
    }
    this.#pending.push(run);
  }

  /** Writes the row being filled (end of a commit). */
  flush(): void {
    if (this.#pending.length > 0) this.#add.run(this.#row, JSON.stringify(this.#pending));
    this.#pending = [];
    this.#row = -1;
  }

  /** Forgets unwritten runs and parsed rows (a rolled-back transaction, another connection's commits). */
  reset(): void {
    this.#pending = [];
    this.#row = -1;
    this.#parsed.clear();
  }

  #rowOf(row: number): PackedRun[] | undefined {
    let runs = this.#parsed.get(row);
    if (runs === undefined) {
      const r = this.#get.get(row) as { runs: string } | undefined;
      if (!r) return undefined;
      runs = JSON.parse(r.runs) as PackedRun[];
      if (this.#parsed.size >= 256) this.#parsed.delete(this.#parsed.keys().next().value!);
      this.#parsed.set(row, runs);
    }
    return runs;
  }

  /** Run `id`, or undefined. */
  get(id: number): PackedRun | undefined {
    return this.#rowOf(Math.floor(id / CHUNK))?.[id % CHUNK] ?? undefined;
  }

  /** Calls `fn` for every run with lo ≤ id < hi, in id order. */
  scan(lo: number, hi: number, fn: (id: number, run: PackedRun) => void): void {
    for (const r of this.#between.all(Math.floor(lo / CHUNK), Math.floor((hi - 1) / CHUNK)) as { id: number; runs: string }[]) {
      const runs = JSON.parse(r.runs) as (PackedRun | null)[];
      for (let i = 0; i < runs.length; i++) {
        const id = Number(r.id) * CHUNK + i;
        if (runs[i] && id >= lo && id < hi) fn(id, runs[i]!);
      }
    }
  }

  /** Removes runs (their slots become null; a row left empty is deleted). */
  remove(ids: readonly number[]): void {
    const rows = new Map<number, number[]>();
    for (const id of ids) {
      const row = Math.floor(id / CHUNK);
      rows.set(row, [...(rows.get(row) ?? []), id % CHUNK]);
    }
    for (const [row, slots] of rows) {
      const runs = [...(this.#rowOf(row) ?? [])] as (PackedRun | null)[];
      for (const s of slots) runs[s] = null;
      this.#parsed.delete(row);
      if (runs.every((x) => x === null)) this.#del.run(row);
      else this.#put.run(JSON.stringify(runs), row);
    }
  }
}

/** Texts remembered with their ids (beyond: forgotten, and stored again when seen again). */
const MAX_TEXTS = 20_000;
const MAX_TEXT_CHARS = 16 << 20;

/** The `texts` table: each formula, timestamp and results text stored once (ids remembered for the recent ones). */
export class TextTable {
  readonly #add: StatementSync;
  readonly #at: StatementSync;
  readonly #ids = new Map<string, number>();
  #chars = 0;
  readonly #byId = new Map<number, string>();
  // The runs of a round share one timestamp string.
  #lastStamp: string | undefined;
  #lastStampId = 0;

  constructor(db: DatabaseSync) {
    this.#add = db.prepare("INSERT INTO texts (text) VALUES (?)");
    this.#at = db.prepare("SELECT text FROM texts WHERE id = ?");
    for (const r of (db.prepare(`SELECT id, text FROM texts ORDER BY id DESC LIMIT ${MAX_TEXTS}`).all() as { id: number; text: string }[]).reverse()) this.#remember(r.text, Number(r.id));
  }

  #remember(s: string, id: number): void {
    if (this.#ids.size >= MAX_TEXTS || this.#chars >= MAX_TEXT_CHARS) {
      this.#ids.clear();
      this.#chars = 0;
    }
    this.#ids.set(s, id);
    this.#chars += s.length;
  }

  /** The id of a text, stored if new (inside the caller's transaction). */
  id(s: string): number {
    let id = this.#ids.get(s);
    if (id === undefined) this.#remember(s, (id = Number(this.#add.run(s).lastInsertRowid)));
    return id;
  }

  /** {@link id} for a timestamp (the same string for a whole round). */
  stampId(s: string): number {
    if (s !== this.#lastStamp) {
      this.#lastStampId = this.id(s);
      this.#lastStamp = s;
    }
    return this.#lastStampId;
  }

  /** The text of an id. */
  text(id: unknown): string {
    const n = Number(id);
    let t = this.#byId.get(n);
    if (t === undefined) {
      t = (this.#at.get(n) as { text: string }).text;
      if (this.#byId.size >= MAX_TEXTS) this.#byId.clear();
      this.#byId.set(n, t);
    }
    return t;
  }

  /** Forgets what it remembers (a rolled-back transaction took the new texts away, and their ids may be reused). */
  forget(): void {
    this.#ids.clear();
    this.#byId.clear();
    this.#chars = 0;
    this.#lastStamp = undefined;
  }
}
