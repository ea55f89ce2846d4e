// MetricsStore: the sample histories an evaluation reads, one TimeSeries per metric, plus the
// visibility options (availability delay, retention). Holds data only; never evaluates.

import { TimeSeries } from "./series.ts";

/** Options of a store; each has a documented default. */
export interface MetricsStoreOptions {
  /** a sample is visible once it is at least this old (default 60 000 ms, spec §11.4) */
  readonly availabilityDelayMs?: number;
  /** samples older than this are forgotten (default Infinity: keep everything given) */
  readonly retentionMs?: number;
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
  /** see {@link MetricsStoreOptions.availabilityDelayMs} */
  availabilityDelayMs: number;
  /** see {@link MetricsStoreOptions.retentionMs} */
  retentionMs: number;

  constructor(options: MetricsStoreOptions = {}) {
    this.availabilityDelayMs = options.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS;
    this.retentionMs = options.retentionMs ?? Infinity;
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
    return this.#series.get(canonicalMetricName(name)) ?? EMPTY;
  }

  /** True when the store holds a series for the metric. */
  has(name: string): boolean {
    return this.#series.has(canonicalMetricName(name));
  }

  /** Replaces the series of a metric. */
  set(name: string, series: TimeSeries): void {
    this.#series.set(canonicalMetricName(name), series);
  }

  /** The series of a metric, created empty on first use (safe to append to). */
  ensure(name: string): TimeSeries {
    const key = canonicalMetricName(name);
    let s = this.#series.get(key);
    if (!s) {
      s = new TimeSeries();
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
