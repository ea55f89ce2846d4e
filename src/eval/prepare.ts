// Evaluation contexts: what an evaluation reads besides the formula (time, pool, samples, seed,
// options), and their validation into a prepared context (metric store, PRNG, environment). Never
// throws: a context that cannot be used is explained in a string.

import { showValue } from "../base/diagnostics.ts";
import { MAX_TIME_MS, MIN_TIME_MS, parseTime } from "../base/timeparse.ts";
import { samplesFromRecord } from "../metrics/load.ts";
import { MetricsStore } from "../metrics/store.ts";
import type { EvalEnv } from "./impls.ts";
import type { RunInput } from "./interpret.ts";
import type { PoolState } from "./results.ts";
import { createRandom, Timestamp } from "./runtime.ts";

/** Evaluation options; every field has a documented default. */
export interface EvalOptions {
  /** samplePercent of window-form GetSample calls that give none (default 70, spec §11.4) */
  readonly defaultSamplePercent?: number;
  /** sample availability delay in ms (default: the store's, 60 000 for samples given as JSON) */
  readonly availabilityDelayMs?: number;
  /** history retention in ms (default: the store's, Infinity for samples given as JSON) */
  readonly retentionMs?: number;
}

/** Metric samples as plain data: `{ "$PendingTasks": [["2024-01-01T00:00:00Z", 3], [epochMs, 4]] }`. */
export type SampleRecord = Readonly<Record<string, ReadonlyArray<readonly [string | number, number]>>>;

/** Everything an evaluation reads besides the formula. */
export interface EvalContext {
  /** the evaluation instant: ISO 8601 / RFC 1123 text, a Date, or epoch ms */
  readonly now: string | Date | number;
  readonly pool: PoolState;
  /** metric histories; names with or without `$` */
  readonly samples?: SampleRecord | MetricsStore;
  /** seed of rand() (default 0: evaluations are reproducible unless the caller varies it) */
  readonly seed?: number;
  readonly options?: EvalOptions;
}

/** Default samplePercent of window-form GetSample calls (spec §11.4). */
export const DEFAULT_SAMPLE_PERCENT = 70;

/** A context after validation: what a run needs, ready to use. */
export interface PreparedContext extends RunInput {
  readonly nowMs: number;
}

/** Validates a context and builds its metric store, PRNG and environment; a string explains what is wrong. */
export function prepareContext(ctx: EvalContext): PreparedContext | string {
  try {
    return prepareContextUnsafe(ctx);
  } catch (e) {
    // A getter that throws, a Proxy, …: the context cannot be read, which is the caller's problem to fix.
    return `the context could not be read: ${errorText(e)}`;
  }
}

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : showValue(e);
  } catch {
    return "an exception";
  }
}

function prepareContextUnsafe(ctx: EvalContext): PreparedContext | string {
  if (typeof ctx !== "object" || ctx === null) return "the context must be an object";
  const nowMs = toEpochMs(ctx.now);
  if (nowMs === undefined) return `now: ${showValue(ctx.now)} is not an ISO 8601 / RFC 1123 time, a Date or epoch milliseconds`;
  const pool = normalizePool(ctx.pool);
  if (typeof pool === "string") return pool;
  if (ctx.seed !== undefined && !Number.isFinite(ctx.seed)) return `seed: ${showValue(ctx.seed)} is not a finite number`;
  const options = ctx.options ?? {};
  if (typeof options !== "object") return "options must be an object { defaultSamplePercent, availabilityDelayMs, retentionMs }";
  // Infinity is a valid retention (keep everything); NaN and non-numbers are not.
  for (const field of ["defaultSamplePercent", "availabilityDelayMs", "retentionMs"] as const) {
    const v: unknown = options[field];
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v) || v < 0)) return `options.${field}: ${showValue(v)} is not a non-negative number`;
  }
  let store: MetricsStore;
  if (ctx.samples instanceof MetricsStore) store = ctx.samples;
  else {
    const loaded = samplesFromRecord(ctx.samples ?? {}, {});
    if (loaded.diagnostics.length > 0) return `samples: ${loaded.diagnostics[0]!.message}`;
    store = loaded.store;
  }
  const defaultSamplePercent = options.defaultSamplePercent ?? DEFAULT_SAMPLE_PERCENT;
  // The seed is read now; its generator is made on the first rand() (few formulas call it).
  const seed = ctx.seed ?? 0;
  let generator: (() => number) | undefined;
  const env: EvalEnv = {
    view: {
      now: nowMs,
      availabilityDelayMs: options.availabilityDelayMs ?? store.availabilityDelayMs,
      retentionMs: options.retentionMs ?? store.retentionMs,
    },
    nowStamp: new Timestamp(nowMs),
    random: () => (generator ??= createRandom(seed))(),
    defaultSamplePercent,
  };
  return { env, pool, store, nowMs };
}

/**
 * A prepared context built without validation, for callers that built every field themselves
 * (the control plane: a finite instant, a pool of finite non-negative counts, its own store).
 * Public entry points never take this path. The runs of a round share the instant's view and
 * `TIME()` value (neither is ever written).
 */
export function trustedContext(nowMs: number, pool: PoolState, store: MetricsStore, seed: number): PreparedContext {
  let shared = lastShared;
  if (shared === undefined || shared.env.view.now !== nowMs || shared.env.view.availabilityDelayMs !== store.availabilityDelayMs || shared.env.view.retentionMs !== store.retentionMs) {
    shared = lastShared = new SharedEnv(nowMs, store);
  }
  shared.reseed(seed);
  return { env: shared.env, pool, store, nowMs };
}

/**
 * The environment the trusted runs of one instant share: its view, `TIME()` value, and a rand()
 * reseeded for each run (runs are synchronous and one at a time; the generator is made on the
 * first rand() of a run, which formulas rarely call).
 */
class SharedEnv {
  readonly env: EvalEnv;
  #seed = 0;
  #generator: (() => number) | undefined;
  constructor(nowMs: number, store: MetricsStore) {
    const random = (): number => (this.#generator ??= createRandom(this.#seed))();
    this.env = { view: { now: nowMs, availabilityDelayMs: store.availabilityDelayMs, retentionMs: store.retentionMs }, nowStamp: new Timestamp(nowMs), random, defaultSamplePercent: DEFAULT_SAMPLE_PERCENT };
  }
  reseed(seed: number): void {
    this.#seed = seed;
    this.#generator = undefined;
  }
}

let lastShared: SharedEnv | undefined;

function toEpochMs(now: unknown): number | undefined {
  const inRange = (t: number) => (t >= MIN_TIME_MS && t <= MAX_TIME_MS ? t : undefined);
  if (typeof now === "number") return inRange(now);
  if (now instanceof Date) return inRange(now.getTime());
  if (typeof now === "string") return parseTime(now);
  return undefined;
}

const POOL_FIELDS = ["targetDedicatedNodes", "targetLowPriorityNodes", "currentDedicatedNodes", "currentLowPriorityNodes", "taskSlotsPerNode"] as const;

function normalizePool(pool: unknown): PoolState | string {
  if (typeof pool !== "object" || pool === null) return "pool must be an object { targetDedicatedNodes, targetLowPriorityNodes, currentDedicatedNodes, currentLowPriorityNodes, taskSlotsPerNode }";
  const p = pool as Partial<Record<(typeof POOL_FIELDS)[number], unknown>>;
  // Each field read once (a getter could answer differently twice), into an object of fixed shape.
  const values = [p.targetDedicatedNodes ?? 0, p.targetLowPriorityNodes ?? 0, p.currentDedicatedNodes ?? 0, p.currentLowPriorityNodes ?? 0, p.taskSlotsPerNode ?? 1];
  for (let i = 0; i < POOL_FIELDS.length; i++) {
    const problem = poolFieldProblem(POOL_FIELDS[i]!, values[i]);
    if (problem !== undefined) return `pool.${POOL_FIELDS[i]}: ${showValue(values[i])} ${problem}`;
  }
  const [targetDedicatedNodes, targetLowPriorityNodes, currentDedicatedNodes, currentLowPriorityNodes, taskSlotsPerNode] = values as number[];
  return { targetDedicatedNodes: targetDedicatedNodes!, targetLowPriorityNodes: targetLowPriorityNodes!, currentDedicatedNodes: currentDedicatedNodes!, currentLowPriorityNodes: currentLowPriorityNodes!, taskSlotsPerNode: taskSlotsPerNode! };
}

/**
 * What is wrong with a pool field's value, or undefined: node counts and targets are finite and
 * non-negative; taskSlotsPerNode is a whole number ≥ 1 (a node runs at least one task at a time).
 */
export function poolFieldProblem(field: (typeof POOL_FIELDS)[number], v: unknown): string | undefined {
  if (typeof v !== "number" || !Number.isFinite(v)) return "is not a finite number";
  if (field === "taskSlotsPerNode") return Number.isInteger(v) && v >= 1 ? undefined : "is not a whole number of task slots ≥ 1";
  return v >= 0 ? undefined : "is negative; node counts and targets are ≥ 0";
}

const EMPTY_POOL: PoolState = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };

/** The context's pool if it is valid, else an empty pool (for the run that reports the bad context). */
export function safePool(ctx: EvalContext): PoolState {
  try {
    const p = typeof ctx === "object" && ctx !== null ? normalizePool(ctx.pool) : "";
    return typeof p === "string" ? EMPTY_POOL : p;
  } catch {
    return EMPTY_POOL;
  }
}
