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
 * Samples of one metric, sorted by time (stable for equal times: insertion order).
 * `times` and `values` are views of the first `length` entries of growable buffers; read them
 * through `timeAt`/`valueAt` or the `times`/`values` getters (which return exact-length views).
 */
export class TimeSeries {
  #times: Float64Array;
  #values: Float64Array;
  #length = 0;

  constructor(capacity = 16) {
    this.#times = new Float64Array(Math.max(1, capacity));
    this.#values = new Float64Array(Math.max(1, capacity));
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
    this.#times.copyWithin(0, from, this.#length);
    this.#values.copyWithin(0, from, this.#length);
    this.#length -= from;
  }

  /** Index of the first sample with time ≥ `t` (binary search). */
  lowerBound(t: number): number {
    return lowerBound(this.#times, this.#length, t);
  }

  /** Index of the first sample with time > `t` (binary search). */
  upperBound(t: number): number {
    return upperBound(this.#times, this.#length, t);
  }

  #push(t: number, value: number): void {
    this.#grow();
    this.#times[this.#length] = t;
    this.#values[this.#length] = value;
    this.#length++;
  }

  #grow(): void {
    if (this.#length < this.#times.length) return;
    const cap = this.#times.length * 2;
    const times = new Float64Array(cap);
    const values = new Float64Array(cap);
    times.set(this.#times);
    values.set(this.#values);
    this.#times = times;
    this.#values = values;
  }
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
