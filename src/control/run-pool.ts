// One periodic evaluation of one pool: the active formula and its shadows against the same
// context, targets normalised as the resizer will (spec §6.3, §6.6). Computes a RunRecord and the
// pool record after it; applies nothing (the autoscaler commits, then resizes).

import { compile, evaluateAutoScale, evaluateTrusted, trustedContext, type EvalContext, type Program } from "../eval/evaluate.ts";
import type { AutoScaleRun, PoolState } from "../eval/results.ts";
import type { MetricsStore } from "../metrics/store.ts";
import { normalizeTarget } from "../resizer/resize.ts";
import type { PoolRecord, RunRecord, RunTargets, ShadowResult } from "./store.ts";

/** Compiled programs by formula text, bounded (least recently added go first). */
export class ProgramCache {
  readonly #map = new Map<string, Program | null>();
  readonly #limit: number;
  constructor(limit = 2_000) {
    this.#limit = limit;
  }
  /** The compiled program, or null when the formula does not compile (it still evaluates, to its error). */
  get(formula: string): Program | null {
    let p = this.#map.get(formula);
    if (p === undefined) {
      p = compile(formula).program ?? null;
      if (this.#map.size >= this.#limit) this.#map.delete(this.#map.keys().next().value!);
      this.#map.set(formula, p);
    }
    return p;
  }
  /** Canonical names of the metrics a formula reads. */
  metrics(formula: string): readonly string[] {
    return this.get(formula)?.compiled.metrics ?? [];
  }
}

/** One formula evaluated: the run, and the targets when it succeeded. */
export interface Evaluated {
  readonly run: AutoScaleRun;
  readonly targets: RunTargets | undefined;
}

/** Evaluates a formula like the REST Evaluate: the service's AutoScaleRun, never throws. */
export function evaluateFormula(programs: ProgramCache, formula: string, ctx: EvalContext): Evaluated {
  const program = programs.get(formula);
  if (program === null) return { run: evaluateAutoScale(formula, ctx), targets: undefined };
  const out = program.evaluate(ctx);
  return { run: out.run, targets: out.ok ? out.targets : undefined };
}

/**
 * {@link evaluateFormula} for a periodic run, whose context the control plane built itself (a
 * finite instant, the store's pool and counts, its own metrics): not validated again. Same run.
 */
function evaluateOwn(programs: ProgramCache, formula: string, now: number, pool: PoolState, metrics: MetricsStore, seed: number): Evaluated {
  const program = programs.get(formula);
  if (program === null) return { run: evaluateAutoScale(formula, { now, pool, samples: metrics, seed }), targets: undefined };
  // The trusted outcome as it is (no copy): its targets count only when `ok`.
  const out = evaluateTrusted(program, trustedContext(now, pool, metrics, seed));
  return out.ok ? out : { run: out.run, targets: undefined };
}

/** The integer targets a successful run sets (undefined: NaN/Infinity, refused). */
export function integerTargets(t: RunTargets | undefined): { dedicated: number; lowPriority: number } | undefined {
  if (!t) return undefined;
  const dedicated = normalizeTarget(t.dedicated);
  const lowPriority = normalizeTarget(t.lowPriority);
  return dedicated === undefined || lowPriority === undefined ? undefined : { dedicated, lowPriority };
}

/** What a periodic run decided. */
export interface PoolRun {
  readonly run: RunRecord;
  readonly pool: PoolRecord;
  /** new integer targets to apply, when they differ from the pool's */
  readonly resize: { readonly dedicated: number; readonly lowPriority: number; readonly deallocation: RunTargets["deallocation"] } | undefined;
}

/** The hash of a pool id that seeds its runs (FNV-1a). */
export function poolIdHash(poolId: string): number {
  let h = 2166136261;
  for (let i = 0; i < poolId.length; i++) h = Math.imul(h ^ poolId.charCodeAt(i), 16777619);
  return h;
}

/** The seed of rand() for run `seq` of a pool: reproducible, different per pool and run. */
export function runSeed(poolId: string, seq: number, idHash = poolIdHash(poolId)): number {
  return (Math.imul(seq, 2654435761) ^ idHash) >>> 0;
}

const NO_SHADOWS: readonly ShadowResult[] = Object.freeze([]);

/** Evaluates the pool's formula and shadows at `now`. A failed run leaves the targets unchanged. */
export function runPool(programs: ProgramCache, record: PoolRecord, currentDedicated: number, currentLowPriority: number, metrics: MetricsStore, now: number, idHash = poolIdHash(record.id)): PoolRun {
  const formula = record.autoScaleFormula ?? "";
  const seq = record.runCount + 1;
  const pool: PoolState = {
    targetDedicatedNodes: record.targetDedicatedNodes,
    targetLowPriorityNodes: record.targetLowPriorityNodes,
    currentDedicatedNodes: currentDedicated,
    currentLowPriorityNodes: currentLowPriority,
    taskSlotsPerNode: record.taskSlotsPerNode,
  };
  const seed = runSeed(record.id, seq, idHash);
  const active = evaluateOwn(programs, formula, now, pool, metrics, seed);
  const activeInts = active.run.error ? undefined : integerTargets(active.targets);
  const shadows: readonly ShadowResult[] = record.shadowFormulas.length === 0 ? NO_SHADOWS : record.shadowFormulas.map((f) => {
    const s = evaluateOwn(programs, f, now, pool, metrics, seed);
    const ints = s.run.error ? undefined : integerTargets(s.targets);
    return {
      formula: f,
      run: s.run,
      ...(ints ? { targets: ints } : {}),
      ...(ints && activeInts ? { divergence: { dedicated: ints.dedicated - activeInts.dedicated, lowPriority: ints.lowPriority - activeInts.lowPriority } } : {}),
    };
  });
  const changed = activeInts !== undefined && (activeInts.dedicated !== record.targetDedicatedNodes || activeInts.lowPriority !== record.targetLowPriorityNodes);
  const deallocation = active.targets?.deallocation ?? "requeue";
  // Literal objects of one shape each (a conditional spread builds and copies a temporary object).
  const targets = active.run.error ? undefined : active.targets;
  const run: RunRecord = targets
    ? { poolId: record.id, seq, time: now, formula, run: active.run, targets, applied: changed, shadows }
    : { poolId: record.id, seq, time: now, formula, run: active.run, applied: changed, shadows };
  const next: PoolRecord = changed
    ? { ...record, runCount: seq, lastRunTime: now, autoScaleRun: active.run, targetDedicatedNodes: activeInts.dedicated, targetLowPriorityNodes: activeInts.lowPriority, nodeDeallocationOption: deallocation }
    : { ...record, runCount: seq, lastRunTime: now, autoScaleRun: active.run };
  return { run, pool: next, resize: changed ? { dedicated: activeInts.dedicated, lowPriority: activeInts.lowPriority, deallocation } : undefined };
}
