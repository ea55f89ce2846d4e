// Calling a Decide from the simulation loops (closed-loop and open-loop alike): the seed each
// evaluation gets, and a thrown exception turned into an error decision instead of a crash.

import type { Decide, DecideContext, Decision } from "./types.ts";

/** The rand() seed of the `index`-th evaluation (0-based) of a run seeded with `seed`. */
export function evaluationSeed(seed: number, index: number): number {
  return (Math.imul(seed, 1_000_003) + index) >>> 0;
}

/**
 * Runs `decide`; an exception becomes a run with a `SimulatorDecideError` error (stamped at
 * `ctx.now`) and no targets, so the pool is left unchanged for that evaluation.
 */
export function decideSafely(decide: Decide, ctx: DecideContext): Decision {
  try {
    return decide(ctx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { run: { timestamp: new Date(ctx.now).toISOString(), results: "", error: { code: "SimulatorDecideError", message, values: [] } }, targets: undefined };
  }
}

/** Decision functions known to keep nothing of the context they are given (see {@link keepsNoContext}). */
const contextFree = new WeakSet<Decide>();

/** Marks `decide` as keeping nothing of its context once it returns (the library's formula decisions). */
export function markContextFree(decide: Decide): Decide {
  contextFree.add(decide);
  return decide;
}

/**
 * True when `decide` keeps nothing of the context it is given, so a loop may pass the same
 * context object, updated, at every evaluation (the open loop does: two objects fewer per
 * evaluation, 105,120 in a year). Any other function gets a fresh context each time.
 */
export function keepsNoContext(decide: Decide): boolean {
  return contextFree.has(decide);
}

/** Metrics (canonical `$` names) each marked decision function can read (see {@link markReads}). */
const metricReads = new WeakMap<Decide, readonly string[]>();

/**
 * Marks `decide` as reading, from its context's store, only the metrics named (a compiled
 * formula's sampled variables): the closed loop then records only those while it runs and makes
 * the others on first read (closed-loop.ts). Unmarked functions may read anything.
 */
export function markReads(decide: Decide, metrics: readonly string[]): Decide {
  metricReads.set(decide, metrics);
  return decide;
}

/** The metrics a decision function reads, when it was marked with {@link markReads}; undefined: any. */
export function metricsRead(decide: Decide): readonly string[] | undefined {
  return metricReads.get(decide);
}
