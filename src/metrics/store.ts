// MetricsStore: the sample histories an evaluation reads, one TimeSeries per metric, plus the
// visibility options (availability delay, retention). Holds data only; never evaluates.

import { TimeSeries, type SharedTimes } from "./series.ts";

/** Options of a store; each has a documented default. */
export interface MetricsStoreOptions {
  /** a sample is visible once it is at least this old (default 60 000 ms, spec §11.4) */
  readonly availabilityDelayMs?: number;
  /** samples older than this are forgotten (default Infinity: keep everything given) */
  readonly retentionMs?: number;
}

/**
 * What is wrong with store options given by JavaScript callers, or undefined when they are usable:
 * undefined and null mean the defaults; otherwise an object whose fields are non-negative numbers
 * (retention may be Infinity) or absent.
 */
export function storeOptionsProblem(options: unknown): string | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" || Array.isArray(options)) return "the store options must be an object { availabilityDelayMs, retentionMs }";
  const o = options as Record<string, unknown>;
  const delay = o.availabilityDelayMs;
  if (delay !== undefined && !(typeof delay === "number" && Number.isFinite(delay) && delay >= 0)) return "availabilityDelayMs must be a non-negative number of milliseconds";
  const retention = o.retentionMs;
  if (retention !== undefined && !(typeof retention === "number" && retention >= 0)) return "retentionMs must be a non-negative number of milliseconds or Infinity";
  return undefined;
}

/** Default availability delay: the service's samples lag collection by about a minute. */
export const DEFAULT_AVAILABILITY_DELAY_MS = 60_000;

/** `PendingTasks` → `$PendingTasks`; names that already start with `$` are unchanged. */
export function canonicalMetricName(name: string): string {
  return name.startsWith("$") ? name : `$${name}`;
}

const EMPTY = new TimeSeries(1);

/** Per-metric sample histories. Metric names are accepted with or without the leading `$`. */
export class MetricsStore {
  readonly #series = new Map<string, TimeSeries>();
  /**
   * Series listed (names(), has()) but not recorded yet: an empty placeholder holds each one's
   * place in the map, and `fill` makes them all on the first read (see {@link defer}).
   */
  #deferred: { readonly names: Set<string>; readonly fill: () => MetricsStore } | undefined;
  /** see {@link MetricsStoreOptions.availabilityDelayMs} */
  availabilityDelayMs: number;
  /** see {@link MetricsStoreOptions.retentionMs} */
  retentionMs: number;

  /** `options` that {@link storeOptionsProblem} refuses are ignored (the defaults apply). */
  constructor(options: MetricsStoreOptions = {}) {
    const o = storeOptionsProblem(options) === undefined ? (options ?? {}) : {};
    this.availabilityDelayMs = o.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS;
    this.retentionMs = o.retentionMs ?? Infinity;
  }

  /** Builds a store from `{ "$Metric": [[epochMs, value], …] }` (times already numeric). */
  static fromSamples(
    samples: Readonly<Record<string, Iterable<readonly [number, number]>>>,
    options: MetricsStoreOptions = {},
  ): MetricsStore {
    const store = new MetricsStore(options);
    for (const [name, list] of Object.entries(samples)) store.set(name, TimeSeries.from(list));
    return store;
  }

  /** The series of a metric; an empty shared series when the store has none (do not append to it). */
  get(name: string): TimeSeries {
    const key = canonicalMetricName(name);
    if (this.#deferred?.names.has(key)) this.#settle();
    return this.#series.get(key) ?? EMPTY;
  }

  /** True when the store holds a series for the metric. */
  has(name: string): boolean {
    return this.#series.has(canonicalMetricName(name));
  }

  /** Replaces the series of a metric. */
  set(name: string, series: TimeSeries): void {
    const key = canonicalMetricName(name);
    this.#deferred?.names.delete(key);
    this.#series.set(key, series);
  }

  /**
   * Lists `names` (metrics already in the store, as placeholders: their place in names() order
   * is kept) without their samples: the first read of any of them calls `fill` once and takes
   * those series from the store it returns. The dry-run records only the series its formula
   * reads and defers the others to a re-run (closed-loop.ts): what a caller reads is the same.
   */
  defer(names: Iterable<string>, fill: () => MetricsStore): void {
    const set = new Set<string>();
    for (const name of names) {
      const key = canonicalMetricName(name);
      if (this.#series.has(key)) set.add(key);
    }
    if (set.size > 0) this.#deferred = { names: set, fill };
  }

  /** Makes the deferred series (once). A series the fill does not hold keeps its empty placeholder. */
  #settle(): void {
    const d = this.#deferred;
    if (d === undefined) return;
    this.#deferred = undefined;
    const full = d.fill();
    for (const key of d.names) if (full.has(key)) this.#series.set(key, full.get(key));
  }

  /**
   * The series of a metric, created empty on first use (safe to append to); `capacity` sizes a
   * new one (samples it holds before it regrows), `shared` gives it times shared with other series.
   */
  ensure(name: string, capacity?: number, shared?: SharedTimes): TimeSeries {
    const key = canonicalMetricName(name);
    if (this.#deferred?.names.has(key)) this.#settle();
    let s = this.#series.get(key);
    if (!s) {
      s = new TimeSeries(capacity, shared);
      this.#series.set(key, s);
    }
    return s;
  }

  /** Adds one sample, creating the series on first use. */
  append(name: string, t: number, value: number): void {
    this.ensure(name).append(t, value);
  }

  /** Canonical (`$`-prefixed) names of the metrics held, in insertion order. */
  names(): string[] {
    return [...this.#series.keys()];
  }
}
