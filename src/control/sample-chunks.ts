// Metric samples packed many to a row (Node only; the SQLite store's samples). A call to
// appendSamples writes rows of up to 1,024 samples (the 30-s samples of 10,000 pools: a few rows,
// not thousands), each a JSON array of [poolId, metric, t, value] with its time range, so the
// samples past retention go by whole rows.

import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { SampleRow } from "./store.ts";

/** Samples per row. */
const ROW_SAMPLES = 1_024;

type Packed = [string, string, number | string, number | string];

/** A finite number as JSON; others (never stored: samples are checked finite) as strings Number() reads back. */
const num = (x: number): string => (Number.isFinite(x) ? String(x) : `"${x}"`);

/** The `sample_chunks` rows. */
export class SampleChunks {
  readonly #add: StatementSync;
  readonly #since: StatementSync;
  readonly #straddling: StatementSync;
  readonly #all: StatementSync;
  readonly #put: StatementSync;
  readonly #del: StatementSync;
  readonly #prune: StatementSync;
  readonly #json = new Map<string, string>();

  constructor(db: DatabaseSync) {
    this.#add = db.prepare("INSERT INTO sample_chunks (t_min, t_max, samples) VALUES (?, ?, ?)");
    this.#since = db.prepare("SELECT samples FROM sample_chunks WHERE t_max >= ? ORDER BY id");
    this.#straddling = db.prepare("SELECT id, samples FROM sample_chunks WHERE t_min < ?1 AND t_max >= ?1");
    this.#all = db.prepare("SELECT id, samples FROM sample_chunks");
    this.#put = db.prepare("UPDATE sample_chunks SET t_min = ?, t_max = ?, samples = ? WHERE id = ?");
    this.#del = db.prepare("DELETE FROM sample_chunks WHERE id = ?");
    this.#prune = db.prepare("DELETE FROM sample_chunks WHERE t_max < ?");
  }

  /** A string as JSON (pool ids and metric names repeat: remembered, boundedly). */
  #quote(s: string): string {
    let q = this.#json.get(s);
    if (q === undefined) {
      if (this.#json.size >= 100_000) this.#json.clear();
      this.#json.set(s, (q = JSON.stringify(s)));
    }
    return q;
  }

  append(rows: readonly SampleRow[]): void {
    for (let start = 0; start < rows.length; start += ROW_SAMPLES) {
      const end = Math.min(rows.length, start + ROW_SAMPLES);
      let lo = Infinity;
      let hi = -Infinity;
      const parts: string[] = [];
      // The samples of one call usually share their time (one 30-s instant): its text is made once.
      let t = Number.NaN;
      let tText = "";
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        if (r.t < lo) lo = r.t;
        if (r.t > hi) hi = r.t;
        if (r.t !== t) tText = num((t = r.t));
        parts.push(`[${this.#quote(r.poolId)},${this.#quote(r.metric)},${tText},${num(r.value)}]`);
      }
      this.#add.run(lo, hi, `[${parts.join(",")}]`);
    }
  }

  /** Samples with t ≥ since (of one pool, or all), in time order, ties in the order they were added. */
  read(poolId: string | undefined, since: number): SampleRow[] {
    const out: SampleRow[] = [];
    for (const r of this.#since.all(since) as { samples: string }[]) {
      for (const [p, metric, t, value] of JSON.parse(r.samples) as Packed[]) {
        if (Number(t) >= since && (poolId === undefined || p === poolId)) out.push({ poolId: p, metric, t: Number(t), value: Number(value) });
      }
    }
    // A stable sort: rows in id order, and samples in a row in the order they came.
    return out.sort((a, b) => a.t - b.t);
  }

  /** Forgets samples with t < before: whole rows, and the older samples of a row that straddles. */
  prune(before: number): void {
    for (const r of this.#straddling.all(before) as { id: number; samples: string }[]) this.#rewrite(r, (s) => Number(s[2]) >= before);
    this.#prune.run(before);
  }

  /** Forgets a pool's samples. */
  remove(poolId: string): void {
    const q = this.#quote(poolId);
    for (const r of this.#all.all() as { id: number; samples: string }[]) if (r.samples.includes(q)) this.#rewrite(r, (s) => s[0] !== poolId);
  }

  #rewrite(row: { id: number; samples: string }, keep: (s: Packed) => boolean): void {
    const kept = (JSON.parse(row.samples) as Packed[]).filter(keep);
    if (kept.length === 0) return void this.#del.run(row.id);
    const ts = kept.map((s) => Number(s[2]));
    this.#put.run(Math.min(...ts), Math.max(...ts), JSON.stringify(kept), row.id);
  }
}
