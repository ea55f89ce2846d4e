// Time series: the samples of one metric, kept sorted by time in two parallel typed arrays.
// Append-friendly (the simulator adds samples as time passes); never evaluates anything.

/** One recorded sample: `t` in epoch milliseconds (UTC), `value` a double. */
export interface Sample {
  readonly t: number;
  readonly value: number;
}

/** The service records one sample per metric every 30 seconds (spec §6.2, §11.4). */
export const SAMPLE_PERIOD_MS = 30_000;

/**
 * A times buffer that series appended in lockstep share (the dry-run's 30-s samples: ten metrics
 * at the same instants), so they hold one copy of their times instead of ten. The first series to
 * reach an index writes its time; a series that appends another time there, needs more room,
 * inserts out of order or drops samples takes a private copy first, so sharing never changes
 * what any series holds.
 */
export class SharedTimes {
  readonly times: Float64Array;
  /** times[0, length) are written */
  length = 0;
  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(1, capacity));
  }
}

/**
 * Samples of one metric, sorted by time (stable for equal times: insertion order).
 * `times` and `values` are views of the first `length` entries of growable buffers; read them
 * through `timeAt`/`valueAt` or the `times`/`values` getters (which return exact-length views).
 */
export class TimeSeries {
  #times: Float64Array;
  #values: Float64Array;
  #length = 0;
  /**
   * Index returned by the previous search: evaluations query instants close to the previous
   * ones (the same evaluation's windows, the next evaluation's), so searching outward from near
   * it (see #guess) costs a few comparisons instead of log2(length). A hint only: any value
   * gives the same answer.
   */
  #hint = 0;
  /** set once a NaN time is stored: the order is then not total, so searches skip the hint */
  #unordered = false;

  /** set while `#times` is the shared buffer (see {@link SharedTimes}) */
  #shared: SharedTimes | undefined;

  /** `shared`: times shared with other series appended in lockstep; its size is the capacity. */
  constructor(capacity = 16, shared?: SharedTimes) {
    this.#shared = shared;
    this.#times = shared?.times ?? new Float64Array(Math.max(1, capacity));
    this.#values = new Float64Array(this.#times.length);
  }

  /** Builds a series from samples in any order (sorted here, stable). */
  static from(samples: Iterable<readonly [number, number]>): TimeSeries {
    const list = [...samples];
    let sorted = true;
    for (let i = 1; i < list.length; i++) {
      if (list[i]![0] < list[i - 1]![0]) {
        sorted = false;
        break;
      }
    }
    if (!sorted) list.sort((a, b) => a[0] - b[0]);
    const s = new TimeSeries(list.length);
    for (const [t, v] of list) s.#push(t, v);
    return s;
  }

  /**
   * Builds a series from parallel time/value lists given in insertion order: the same series as
   * appending them one by one (sorted by time; equal times keep insertion order), in O(n log n)
   * instead of the O(n²) of appending newest-first or shuffled samples. A stable sort of indices;
   * already-sorted input is one pass. A NaN time (never produced by the loaders) falls back to
   * appending one by one, so its placement rule stays exactly {@link append}'s.
   */
  static fromOrdered(times: ArrayLike<number>, values: ArrayLike<number>): TimeSeries {
    const n = Math.min(times.length, values.length);
    const s = new TimeSeries(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const t = times[i]!;
      if (t !== t) {
        for (let j = 0; j < n; j++) s.append(times[j]!, values[j]!);
        return s;
      }
      if (i > 0 && t < times[i - 1]!) sorted = false;
    }
    if (sorted) {
      for (let i = 0; i < n; i++) s.#push(times[i]!, values[i]!);
      return s;
    }
    const keys = times instanceof Float64Array ? times : Float64Array.from(times);
    const order = stableOrder(keys, n);
    for (let i = 0; i < n; i++) {
      const k = order[i]!;
      s.#times[i] = keys[k]!;
      s.#values[i] = values[k]!;
    }
    s.#length = n;
    return s;
  }

  /**
   * False once a NaN time is stored: times are then not totally ordered, and searches answer
   * exactly as the plain binary search does (callers must not assume monotonic answers).
   */
  get ordered(): boolean {
    return !this.#unordered;
  }

  /** Number of samples held. */
  get length(): number {
    return this.#length;
  }

  /** Sorted sample times (epoch ms), exact-length view: do not write to it. */
  get times(): Float64Array {
    return this.#times.subarray(0, this.#length);
  }

  /** Sample values, parallel to `times`, exact-length view: do not write to it. */
  get values(): Float64Array {
    return this.#values.subarray(0, this.#length);
  }

  /**
   * The value buffer itself, valid for indices below `length` (no view is allocated). For hot
   * read-only loops; never write to it, and re-read it after appending.
   */
  get rawValues(): Float64Array {
    return this.#values;
  }

  /** Time of sample `i` (0 = oldest). */
  timeAt(i: number): number {
    return this.#times[i]!;
  }

  /** Value of sample `i` (0 = oldest). */
  valueAt(i: number): number {
    return this.#values[i]!;
  }

  /**
   * Adds a sample. Appending in time order is amortised O(1); an out-of-order sample is
   * inserted at its place (after any samples with the same time).
   */
  append(t: number, value: number): void {
    if (this.#length === 0 || t >= this.#times[this.#length - 1]!) {
      this.#push(t, value);
      return;
    }
    if (t !== t) this.#unordered = true;
    this.#unshare();
    const at = upperBound(this.#times, this.#length, t);
    this.#grow();
    this.#times.copyWithin(at + 1, at, this.#length);
    this.#values.copyWithin(at + 1, at, this.#length);
    this.#times[at] = t;
    this.#values[at] = value;
    this.#length++;
  }

  /** Drops every sample older than `t` (retention); O(n) copy, call rarely. */
  dropBefore(t: number): void {
    const from = lowerBound(this.#times, this.#length, t);
    if (from === 0) return;
    this.#unshare();
    this.#times.copyWithin(0, from, this.#length);
    this.#values.copyWithin(0, from, this.#length);
    this.#length -= from;
  }

  /** Index of the first sample with time ≥ `t` (binary search). */
  lowerBound(t: number): number {
    if (this.#unordered) return lowerBound(this.#times, this.#length, t);
    return (this.#hint = lowerBoundFrom(this.#times, this.#length, t, this.#guess(t)));
  }

  /** Index of the first sample with time > `t` (binary search). */
  upperBound(t: number): number {
    if (this.#unordered) return upperBound(this.#times, this.#length, t);
    return (this.#hint = upperBoundFrom(this.#times, this.#length, t, this.#guess(t)));
  }

  /**
   * Where a search for `t` should start: the last answer moved by the number of sample periods
   * between it and `t`. Exact for regular 30-s series, so a search costs two or three
   * comparisons; irregular series only lose a few extra galloping steps.
   */
  #guess(t: number): number {
    const h = this.#hint;
    const n = this.#length;
    if (h >= n) return h;
    // (a product, not a quotient: division is slow and the guess need not be exact)
    const d = (t - this.#times[h]!) * PERIODS_PER_MS;
    // NaN and infinite distances fail both tests and keep the hint
    return d > -n && d < n ? h + Math.trunc(d) : h;
  }

  #push(t: number, value: number): void {
    if (t !== t) this.#unordered = true;
    const shared = this.#shared;
    const i = this.#length;
    if (shared !== undefined && !(i < shared.length && shared.times[i] === t)) {
      if (i === shared.length && i < shared.times.length) shared.length++;
      else this.#unshare();
    }
    this.#grow();
    this.#times[i] = t;
    this.#values[i] = value;
    this.#length++;
  }

  /** From now on this series' times are its own (a copy of the shared ones it holds). */
  #unshare(): void {
    if (this.#shared === undefined) return;
    this.#shared = undefined;
    this.#times = this.#times.slice();
  }

  #grow(): void {
    if (this.#length < this.#times.length) return;
    this.#unshare();
    const cap = this.#times.length * 2;
    const times = new Float64Array(cap);
    const values = new Float64Array(cap);
    times.set(this.#times);
    values.set(this.#values);
    this.#times = times;
    this.#values = values;
  }
}

const PERIODS_PER_MS = 1 / SAMPLE_PERIOD_MS;

/**
 * Indices of `keys[0, n)` in ascending key order, equal keys in index order (the order append
 * gives: after any sample with the same time). A bottom-up merge sort of indices, stable by
 * construction: several times faster than a comparator sort on a million samples. Keys are not NaN.
 */
function stableOrder(keys: Float64Array, n: number): Uint32Array {
  // The keys travel with the indices, so merges read memory in order (no key lookups by index).
  let ka = Float64Array.from(keys.subarray(0, n));
  let ia = new Uint32Array(n);
  let kb = new Float64Array(n);
  let ib = new Uint32Array(n);
  // Runs of 16 by insertion sort, then merges of doubling width.
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo; i < hi; i++) {
      const k = ka[i]!;
      let j = i - 1;
      while (j >= lo && ka[j]! > k) {
        ka[j + 1] = ka[j]!;
        ia[j + 1] = ia[j]!;
        j--;
      }
      ka[j + 1] = k;
      ia[j + 1] = i;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let o = lo;
      // "<=" takes the left run's element on ties: stable
      while (i < mid && j < hi) {
        if (ka[i]! <= ka[j]!) {
          kb[o] = ka[i]!;
          ib[o++] = ia[i++]!;
        } else {
          kb[o] = ka[j]!;
          ib[o++] = ia[j++]!;
        }
      }
      while (i < mid) {
        kb[o] = ka[i]!;
        ib[o++] = ia[i++]!;
      }
      while (j < hi) {
        kb[o] = ka[j]!;
        ib[o++] = ia[j++]!;
      }
    }
    [ka, kb] = [kb, ka];
    [ia, ib] = [ib, ia];
  }
  return ia;
}

/** First index in `a[0, n)` with `a[i] >= x` (a NaN `x` gives 0: callers pass finite bounds). */
export function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in `a[0, n)` with `a[i] > x`. */
export function upperBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * {@link lowerBound} searching outward from index `hint` (galloping): O(log d) comparisons for
 * an answer d places from the hint. Same answer as lowerBound for any hint.
 */
export function lowerBoundFrom(a: Float64Array, n: number, x: number, hint: number): number {
  if (x !== x) return 0; // what the plain binary search gives for NaN
  const h = hint < 0 ? 0 : hint > n ? n : hint;
  let lo = 0;
  let hi = n;
  if (h < n && a[h]! < x) {
    // the answer lies in (h, n]
    lo = h + 1;
    for (let step = 1; h + step < n; step += step) {
      if (a[h + step]! < x) lo = h + step + 1;
      else {
        hi = h + step;
        break;
      }
    }
  } else {
    // the answer lies in [0, h]
    hi = h;
    for (let step = 1; h - step >= 0; step += step) {
      if (a[h - step]! >= x) hi = h - step;
      else {
        lo = h - step + 1;
        break;
      }
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** {@link upperBound} searching outward from index `hint` (see {@link lowerBoundFrom}). */
export function upperBoundFrom(a: Float64Array, n: number, x: number, hint: number): number {
  if (x !== x) return 0;
  const h = hint < 0 ? 0 : hint > n ? n : hint;
  let lo = 0;
  let hi = n;
  if (h < n && a[h]! <= x) {
    lo = h + 1;
    for (let step = 1; h + step < n; step += step) {
      if (a[h + step]! <= x) lo = h + step + 1;
      else {
        hi = h + step;
        break;
      }
    }
  } else {
    hi = h;
    for (let step = 1; h - step >= 0; step += step) {
      if (a[h - step]! > x) hi = h - step;
      else {
        lo = h - step + 1;
        break;
      }
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
