// Benchmark harness: repeated timed batches, reporting medians. Shared machine, so every number
// is a median of many batches and comparisons are ratios of runs in the same process.

/** One line of bench/RESULTS.md. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** target / comparison / baseline, shown in the last column */
  readonly note?: string;
}

export interface MeasureOptions {
  /** calls per timed batch (amortises timer overhead for sub-microsecond work) */
  readonly batch?: number;
  /** timed batches; the median batch is reported */
  readonly samples?: number;
  /** untimed calls first, so the JIT has settled */
  readonly warmup?: number;
}

/** Median nanoseconds per call of `fn`. */
export function measure(fn: () => unknown, options: MeasureOptions = {}): number {
  const batch = options.batch ?? 1;
  const samples = options.samples ?? 31;
  const warmup = options.warmup ?? Math.max(10, batch * 3);
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) sink = fn();
    const t1 = process.hrtime.bigint();
    times.push(Number(t1 - t0) / batch);
  }
  blackhole(sink);
  return median(times);
}

/**
 * Runs every measurement once per round, `rounds` times: per measurement, its result in each
 * round. Contenders are measured side by side in every round, so a ratio taken within a round
 * compares like with like on a machine whose speed drifts.
 */
export function interleavedRounds(measurements: readonly (() => number)[], rounds: number): number[][] {
  const results = measurements.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) measurements.forEach((m, i) => results[i]!.push(m()));
  return results;
}

/** {@link interleavedRounds}, reduced to the median per measurement. */
export function interleaved(measurements: readonly (() => number)[], rounds: number): number[] {
  return interleavedRounds(measurements, rounds).map(median);
}

/** The median over rounds of `a[r] / b[r]`: a ratio robust to the machine's drift between rounds. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, r) => x / b[r]!));
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

let hole: unknown;
/** Keeps results alive so the JIT cannot drop the measured work. */
export function blackhole(x: unknown): void {
  hole = x;
  if (hole === Symbol.for("never")) console.log(hole);
}

/** A JSON document of about `size` characters: what the machine-speed reference parses. */
export function jsonDocument(size: number): string {
  const items: unknown[] = [];
  for (let i = 0; JSON.stringify(items).length < size - 120; i++) {
    items.push({ id: i, name: `pool-${i}`, dedicated: i % 7, lowPriority: (i * 3) % 11, ratio: i / 7, enabled: i % 2 === 0 });
  }
  return JSON.stringify(items);
}

const REFERENCE_JSON = jsonDocument(8192);

/**
 * How fast this machine is just now: JSON.parse of an 8 KB document, in MB/s (about 230 on a quiet
 * machine here). Every topic reports it, so a slow figure can be told from a slow moment.
 */
export function machineSpeed(): number {
  return REFERENCE_JSON.length / 1e6 / (measure(() => JSON.parse(REFERENCE_JSON), { batch: 50, samples: 15 }) / 1e9);
}

