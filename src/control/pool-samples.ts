// The autoscaler's 30-s samples in memory: which pools the driver is asked about, taking one
// instant's samples, and retention a slice of the pools at a time. Browser-safe.

import { SAMPLE_PERIOD_MS } from "../metrics/series.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { PoolDriver } from "./driver.ts";
import type { SampleRow } from "./store.ts";

/** What this part reads of a pool the autoscaler holds. */
export interface SampledPool {
  readonly record: { readonly id: string };
  /** false once deleted */
  readonly present: boolean;
  /** poolIdHash of the id */
  readonly idHash: number;
  readonly metrics: MetricsStore;
  /** metrics the driver is asked for at every sample (none: it is not asked) */
  readonly wanted: readonly string[];
}

/** Slots of the retention sweep: one per 30-s sample of 10 minutes. */
const PRUNE_SLOTS = 20;

/**
 * The pools to sample, kept in creation order and made again after any change of a pool's
 * formulas; and retention in memory a slice at a time: the pools are spread over PRUNE_SLOTS
 * slots (by id hash) and each 30-s sample prunes one slot, so every pool is pruned every 10
 * minutes without a pass over all pools at one instant. Deleted pools leave their slot when it is
 * next pruned.
 */
export class SampledPools<P extends SampledPool> {
  readonly #all: () => Iterable<P>;
  #samplers: P[] | undefined;
  readonly #slots: P[][] = Array.from({ length: PRUNE_SLOTS }, () => []);

  /** `all`: every pool held, in creation order. */
  constructor(all: () => Iterable<P>) {
    this.#all = all;
  }

  /** A new pool. */
  add(pool: P): void {
    this.#slots[(pool.idHash >>> 0) % PRUNE_SLOTS]!.push(pool);
    this.changed();
  }

  /** A pool's formulas (so what it wants sampled) changed, or a pool was deleted. */
  changed(): void {
    this.#samplers = undefined;
  }

  /** Asks the driver for the samples of instant `t`, appends them to the pools' metrics, and returns them as rows when `rows`. */
  take(driver: PoolDriver, t: number, rows: boolean): SampleRow[] {
    const out: SampleRow[] = [];
    if (!driver.sample) return out;
    this.#samplers ??= [...this.#all()].filter((pool) => pool.wanted.length > 0);
    for (const pool of this.#samplers) {
      const poolId = pool.record.id;
      const values = driver.sample(poolId, t, pool.wanted);
      for (let i = 0; i < values.length; i++) {
        const [metric, value] = values[i]!;
        pool.metrics.append(metric, t, value);
        if (rows) out.push({ poolId, metric, t, value });
      }
    }
    return out;
  }

  /** Drops the samples older than `before` of the slot of instant `t` (dropBefore copies; each series every 10 minutes). */
  prune(t: number, before: number): void {
    const slot = this.#slots[Math.floor(t / SAMPLE_PERIOD_MS) % PRUNE_SLOTS]!;
    let kept = 0;
    for (const pool of slot) {
      if (!pool.present) continue;
      slot[kept++] = pool;
      for (const name of pool.metrics.names()) pool.metrics.get(name).dropBefore(before);
    }
    slot.length = kept;
  }
}
