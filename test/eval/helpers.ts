// Test helpers: hand-built pools, histories and one-line evaluation of expressions.
import { evaluateAutoScale, type EvalContext, type SampleRecord } from "../../src/eval/evaluate.ts";
import type { AutoScaleRun, PoolState } from "../../src/eval/results.ts";

export const NOW_ISO = "2024-05-01T12:00:00.000Z";
export const NOW = Date.parse(NOW_ISO);
export const SEC = 1000;
export const MIN = 60 * SEC;

/** A pool with the given targets/current counts (defaults: everything 0, one slot per node). */
export function pool(p: Partial<PoolState> = {}): PoolState {
  return { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1, ...p };
}

/**
 * Samples every 30 s ending `newestAgeMs` before `now`: `count` samples, value `f(k)` for the
 * k-th newest (k = 0 is the newest). Returned oldest first.
 */
export function history(count: number, f: (k: number) => number, newestAgeMs = 30 * SEC, now = NOW): [number, number][] {
  const out: [number, number][] = [];
  for (let k = count - 1; k >= 0; k--) out.push([now - newestAgeMs - 30 * SEC * k, f(k)]);
  return out;
}

/** Evaluates a formula at NOW with the given samples and pool. */
export function run(formula: string, samples: SampleRecord = {}, p: Partial<PoolState> = {}, extra: Partial<EvalContext> = {}): AutoScaleRun {
  return evaluateAutoScale(formula, { now: NOW, pool: pool(p), samples, seed: 1, ...extra });
}

/** `x = <expr>` → the printed value of x, or `error <code>: <message value>`. */
export function value(expr: string, samples: SampleRecord = {}, p: Partial<PoolState> = {}): string {
  const r = run(`x = ${expr}`, samples, p);
  if (r.error) return `error ${r.error.code}: ${r.error.values.map((v) => v.value).join(" | ")}`;
  const m = /;x=(.*)$/.exec(r.results);
  return m ? m[1]! : `?? ${r.results}`;
}
