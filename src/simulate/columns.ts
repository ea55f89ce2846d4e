// The per-evaluation records of the dry-run (timeline) and of the replay (entries), kept as
// columns of numbers while the loops run and turned into the documented objects only when a
// caller first reads `timeline` / `entries`. A one-year replay makes 105,120 entries: as four
// objects each they were the bulk of its heap (and of its garbage collection); most sweeps
// (compare, tune) read only the summary. Browser-safe.

import type { Diagnostic } from "../base/diagnostics.ts";
import type { Pool } from "../resizer/pool.ts";
import { normalizeTarget } from "../resizer/resize.ts";
import { demandOf } from "./summary.ts";
import type { AutoScaleRunLike, EvaluatedTargets, TimelineEntry } from "./types.ts";

/** Numbers per timeline row: time, applied, 2 × 5 node counts, 2 pool targets, queued, running, demand. */
const TL = 17;

/** A run, or the function that formats it on first read (Decision.runLater). */
type RunSlot = AutoScaleRunLike | (() => AutoScaleRunLike);

/** Closed-loop timeline rows; {@link entries} builds the TimelineEntry objects once. */
export class TimelineColumns {
  #num: Float64Array;
  #length = 0;
  readonly #targets: (EvaluatedTargets | undefined)[] = [];
  readonly #runs: RunSlot[] = [];
  readonly #notes = new Map<number, string>();
  #entries: TimelineEntry[] | undefined;

  /** `capacity`: rows expected (it grows past that if needed). */
  constructor(capacity: number) {
    this.#num = new Float64Array(Math.max(1, capacity) * TL);
  }

  get length(): number {
    return this.#length;
  }

  /** Records the state right after an evaluation at `time` and its resize. */
  record(time: number, run: RunSlot, targets: EvaluatedTargets | undefined, applied: boolean, note: string | undefined, pool: Pool): void {
    const i = this.#length++;
    if (this.#length * TL > this.#num.length) {
      const grown = new Float64Array(this.#num.length * 2);
      grown.set(this.#num);
      this.#num = grown;
    }
    const a = this.#num;
    const o = i * TL;
    const d = pool.counts.dedicated;
    const l = pool.counts.lowPriority;
    a[o] = time;
    a[o + 1] = applied ? 1 : 0;
    a[o + 2] = d.allocating;
    a[o + 3] = d.idle;
    a[o + 4] = d.running;
    a[o + 5] = d.leaving;
    a[o + 6] = d.preempted;
    a[o + 7] = l.allocating;
    a[o + 8] = l.idle;
    a[o + 9] = l.running;
    a[o + 10] = l.leaving;
    a[o + 11] = l.preempted;
    a[o + 12] = pool.targetDedicated;
    a[o + 13] = pool.targetLowPriority;
    a[o + 14] = pool.queued;
    a[o + 15] = pool.running;
    a[o + 16] = demandOf(pool);
    this.#targets.push(targets);
    this.#runs.push(run);
    if (note !== undefined) this.#notes.set(i, note);
  }

  /**
   * Rows whose integer targets differ from the ones in force before (the first from `initial`):
   * elasticity.ts's countResizes on the columns, without building the entries.
   */
  countResizes(initial: { readonly dedicated: number; readonly lowPriority: number }): number {
    const a = this.#num;
    let d = initial.dedicated;
    let l = initial.lowPriority;
    let n = 0;
    for (let o = 0; o < this.#length * TL; o += TL) {
      if (a[o + 12] !== d || a[o + 13] !== l) n++;
      d = a[o + 12]!;
      l = a[o + 13]!;
    }
    return n;
  }

  /** The rows as TimelineEntry objects (built on the first call, the same array afterwards). */
  entries(): readonly TimelineEntry[] {
    if (this.#entries !== undefined) return this.#entries;
    const out = new Array<TimelineEntry>(this.#length);
    for (let i = 0; i < this.#length; i++) out[i] = this.#entry(i);
    return (this.#entries = out);
  }

  #entry(i: number): TimelineEntry {
    const a = this.#num;
    const o = i * TL;
    const runs = this.#runs;
    const note = this.#notes.get(i);
    // The shape (and key order) the loop used to build: JSON of a timeline is unchanged.
    return {
      time: a[o]!,
      get run(): AutoScaleRunLike {
        const r = runs[i]!;
        if (typeof r !== "function") return r;
        const run = r();
        runs[i] = run;
        return run;
      },
      targets: this.#targets[i],
      applied: a[o + 1] === 1,
      ...(note === undefined ? {} : { note }),
      nodes: {
        dedicated: { allocating: a[o + 2]!, idle: a[o + 3]!, running: a[o + 4]!, leaving: a[o + 5]!, preempted: a[o + 6]! },
        lowPriority: { allocating: a[o + 7]!, idle: a[o + 8]!, running: a[o + 9]!, leaving: a[o + 10]!, preempted: a[o + 11]! },
      },
      poolTargets: { dedicated: a[o + 12]!, lowPriority: a[o + 13]! },
      queued: a[o + 14]!,
      running: a[o + 15]!,
      demand: a[o + 16]!,
    };
  }
}

/** What the formula chose at one evaluation instant of a replay. */
export interface ReplayEntry {
  readonly time: number;
  /** absent only for successful evaluations when `keepRuns` is false */
  readonly run: AutoScaleRunLike | undefined;
  readonly targets: EvaluatedTargets | undefined;
  /** integer targets in force after this evaluation (unchanged on error or NaN/Infinity) */
  readonly poolTargets: { readonly dedicated: number; readonly lowPriority: number };
  /** the pool sizes the formula saw */
  readonly current: { readonly dedicated: number; readonly lowPriority: number };
}

/**
 * Where a closed-loop result keeps its timeline columns: a non-enumerable property (JSON, spread
 * and structured clones do not see it; a copy by property descriptors keeps it).
 */
const COLUMNS = Symbol("timeline columns");

/** Attaches `columns` to a closed-loop result (see {@link timelineColumnsOf}). */
export function attachTimelineColumns<T extends object>(result: T, columns: TimelineColumns): T {
  return Object.defineProperty(result, COLUMNS, { value: columns, enumerable: false });
}

/** The timeline columns of a result of the closed loop, undefined for any other object. */
export function timelineColumnsOf(result: object): TimelineColumns | undefined {
  const c = (result as { [COLUMNS]?: unknown })[COLUMNS];
  return c instanceof TimelineColumns ? c : undefined;
}

/** Flag of a replay row whose evaluation failed (the low bits are the deallocation code). */
const FAILED_RUN = 128;

/**
 * Replay rows: per evaluation, only what cannot be recomputed — the raw targets, the pool sizes
 * read from recorded series, whether it failed, its run when kept. The rest follows as the loop
 * computed it: the time (start + i × interval, unless a sum drifts: then a column), the targets
 * in force (fed forward from the raw targets, as in the loop) and the sizes taken from them when
 * no series is recorded. 24 bytes a row instead of 57 (105,120 rows a year). Targets are rebuilt
 * as `{ dedicated, lowPriority, deallocation }` when the entries are read (the shape every Decide
 * of the library returns).
 */
export class ReplayColumns {
  readonly #start: number;
  readonly #intervalMs: number;
  readonly #initial: { readonly dedicated: number; readonly lowPriority: number };
  /** raw targets, two per row */
  #targets: Float64Array;
  /** pool sizes read from $CurrentDedicatedNodes / $CurrentLowPriorityNodes, when recorded */
  #currentD: Float64Array | undefined;
  #currentL: Float64Array | undefined;
  /** low 7 bits: 0 no targets, k targets with deallocation `#names[k - 1]`; FAILED_RUN */
  #flags: Uint8Array;
  /** times, once one did not follow start + i × interval */
  #times: Float64Array | undefined;
  readonly #names: string[] = [];
  readonly #runs = new Map<number, AutoScaleRunLike>();
  #length = 0;
  #entries: ReplayEntry[] | undefined;

  /**
   * `initial`: the targets in force before the first evaluation; `series`: whether the pool sizes
   * of each kind come from a recorded series (else from the targets in force).
   */
  constructor(capacity: number, start: number, intervalMs: number, initial: { dedicated: number; lowPriority: number }, series: { dedicated: boolean; lowPriority: boolean }) {
    const n = Math.max(1, capacity);
    this.#start = start;
    this.#intervalMs = intervalMs;
    this.#initial = initial;
    this.#targets = new Float64Array(2 * n);
    this.#flags = new Uint8Array(n);
    this.#currentD = series.dedicated ? new Float64Array(n) : undefined;
    this.#currentL = series.lowPriority ? new Float64Array(n) : undefined;
  }

  get length(): number {
    return this.#length;
  }

  /** One evaluation: raw targets as read once by the loop, and the pool sizes it passed. */
  record(time: number, run: AutoScaleRunLike | undefined, failed: boolean, targets: EvaluatedTargets | undefined, dedicated: number, lowPriority: number, currentD: number, currentL: number): void {
    const i = this.#length++;
    if (this.#length > this.#flags.length) this.#grow();
    if (this.#times === undefined && time !== this.#start + i * this.#intervalMs) {
      this.#times = new Float64Array(this.#flags.length);
      for (let k = 0; k < i; k++) this.#times[k] = this.#start + k * this.#intervalMs;
    }
    if (this.#times !== undefined) this.#times[i] = time;
    let flags = failed ? FAILED_RUN : 0;
    if (targets !== undefined) {
      this.#targets[2 * i] = dedicated;
      this.#targets[2 * i + 1] = lowPriority;
      flags |= this.#code(targets.deallocation);
    }
    this.#flags[i] = flags;
    if (this.#currentD !== undefined) this.#currentD[i] = currentD;
    if (this.#currentL !== undefined) this.#currentL[i] = currentL;
    if (run !== undefined) this.#runs.set(i, run);
  }

  /** The rows as entries (built on the first call, the same array afterwards). */
  entries(): readonly ReplayEntry[] {
    if (this.#entries !== undefined) return this.#entries;
    const runs = this.#runs.size === 0 ? undefined : this.#runs;
    const t = this.#targets;
    const out = new Array<ReplayEntry>(this.#length);
    // The targets in force, fed forward exactly as runOpenLoop does.
    let d = this.#initial.dedicated;
    let l = this.#initial.lowPriority;
    for (let i = 0; i < this.#length; i++) {
      const flags = this.#flags[i]!;
      const code = flags & ~FAILED_RUN;
      const current = { dedicated: this.#currentD === undefined ? d : this.#currentD[i]!, lowPriority: this.#currentL === undefined ? l : this.#currentL[i]! };
      if ((flags & FAILED_RUN) === 0 && code !== 0) {
        const nd = normalizeTarget(t[2 * i]!);
        const nl = normalizeTarget(t[2 * i + 1]!);
        if (nd !== undefined && nl !== undefined) {
          d = nd;
          l = nl;
        }
      }
      out[i] = {
        time: this.#times === undefined ? this.#start + i * this.#intervalMs : this.#times[i]!,
        run: runs?.get(i),
        targets: code === 0 ? undefined : { dedicated: t[2 * i]!, lowPriority: t[2 * i + 1]!, deallocation: this.#names[code - 1] as EvaluatedTargets["deallocation"] },
        poolTargets: { dedicated: d, lowPriority: l },
        current,
      };
    }
    return (this.#entries = out);
  }

  #code(name: string): number {
    // (one name in a run as a rule: the last one answers without a search)
    if (name === this.#names[this.#names.length - 1]) return this.#names.length;
    let k = this.#names.indexOf(name);
    if (k < 0) {
      // A Decide of the library names one of four options; anything else still round-trips.
      if (this.#names.length === 127) throw new Error("too many distinct deallocation options in one replay");
      k = this.#names.push(name) - 1;
    }
    return k + 1;
  }

  #grow(): void {
    const n = this.#flags.length * 2;
    const grown = <T extends Float64Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.#targets = grown(this.#targets, new Float64Array(2 * n));
    this.#flags = grown(this.#flags, new Uint8Array(n));
    if (this.#currentD !== undefined) this.#currentD = grown(this.#currentD, new Float64Array(n));
    if (this.#currentL !== undefined) this.#currentL = grown(this.#currentL, new Float64Array(n));
    if (this.#times !== undefined) this.#times = grown(this.#times, new Float64Array(n));
  }
}

/**
 * `result` with `diagnostics` put before its own: the same object shape, accessors (the lazy
 * `timeline` / `entries`) kept as accessors instead of being read as a spread would.
 */
export function withDiagnosticsBefore<T extends { readonly diagnostics: readonly Diagnostic[] }>(result: T, diagnostics: readonly Diagnostic[]): T {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(result)) as { -readonly [K in keyof T]: T[K] };
  copy.diagnostics = [...diagnostics, ...result.diagnostics];
  return copy as T;
}
