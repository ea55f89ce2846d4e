// Formula → Decide: compiles once, then evaluates at many instants through the evaluator's
// hot-loop runner (one frame reused, no per-call context validation). Any run that fails, and
// any caller that wants the AutoScaleRun text (now, or later through `runLater`), goes through
// `program.evaluate`, so errors and results strings are always the evaluator's own. test/simulate/formula-decide.test.ts checks
// that both paths agree.

import type { Diagnostic } from "../base/diagnostics.ts";
import { compile, prepareContext, type EvalOptions, type ExplainedRun, type PreparedContext, type Program } from "../eval/evaluate.ts";
import { createRandom, Timestamp } from "../eval/runtime.ts";
import { canonicalMetricName, type MetricsStore } from "../metrics/store.ts";
import { markContextFree, markReads } from "./decide.ts";
import type { Decide, DecideContext, Decision } from "./types.ts";

/** Compiles a formula into a decision function; `decide` is undefined when it does not compile. */
export function formulaDecide(formula: string, options: EvalOptions = {}): { decide: Decide | undefined; diagnostics: readonly Diagnostic[] } {
  const { program, diagnostics } = compile(formula);
  if (!program) return { decide: undefined, diagnostics };
  return { decide: programDecide(program, options), diagnostics };
}

/** A decision function over a compiled program. */
export function programDecide(program: Program, options: EvalOptions = {}): Decide {
  const evaluate = (c: DecideContext) => program.evaluate({ now: c.now, pool: c.pool, samples: c.store, seed: c.seed, options });
  const full = (c: DecideContext): Decision => {
    const out = evaluate(c);
    return { run: out.run, targets: out.ok ? out.targets : undefined };
  };
  const later = (now: number, seed: number, store: MetricsStore, p: DecideContext["pool"]) => {
    const { targetDedicatedNodes, targetLowPriorityNodes, currentDedicatedNodes, currentLowPriorityNodes, taskSlotsPerNode } = p;
    return () => {
      const pool = { targetDedicatedNodes, targetLowPriorityNodes, currentDedicatedNodes, currentLowPriorityNodes, taskSlotsPerNode };
      return program.evaluate({ now, pool, samples: store, seed, options }).run;
    };
  };
  // Mutable copies the runner reads at every run(): one pool, view and env per bound store,
  // updated in place, so a fast evaluation allocates only its Decision (and the Timestamp of
  // time(), for formulas that call it).
  const pool = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
  // rand() is seeded per evaluation, but building the generator costs more than a whole run of
  // most formulas: it is built on the first rand() call of an evaluation (same sequence).
  let seed = 0;
  let generator: (() => number) | undefined;
  const random = (): number => (generator ??= createRandom(seed))();
  const readsClock = program.checked.resolutions.some((r) => r?.kind === "overload" && r.id === "time_now");
  let bound: { store: MetricsStore; ctx: { -readonly [K in keyof PreparedContext]: PreparedContext[K] }; view: { now: number }; env: { nowStamp: Timestamp }; runner: ReturnType<Program["runner"]> } | undefined;
  // It keeps nothing of `c` (runLater copies the numbers it needs): the loops may reuse contexts.
  // It reads only the formula's sampled variables: the closed loop records only those.
  return markReads(markContextFree(function decide(c: DecideContext): Decision {
    if (c.wantRun !== false && c.wantRun !== "later") return full(c);
    if (bound === undefined || bound.store !== c.store) {
      const prepared = prepareContext({ now: c.now, pool: c.pool, samples: c.store, options });
      if (typeof prepared === "string") return full(c);
      const ctx = { ...prepared, pool };
      const prior = prepared.env;
      const view = { now: c.now, availabilityDelayMs: prior.view.availabilityDelayMs, retentionMs: prior.view.retentionMs };
      const env = { view, nowStamp: prior.nowStamp, random, defaultSamplePercent: prior.defaultSamplePercent };
      const runner = program.runner(ctx);
      runner.frame.env = env;
      bound = { store: c.store, ctx, view, env, runner };
    }
    pool.targetDedicatedNodes = c.pool.targetDedicatedNodes;
    pool.targetLowPriorityNodes = c.pool.targetLowPriorityNodes;
    pool.currentDedicatedNodes = c.pool.currentDedicatedNodes;
    pool.currentLowPriorityNodes = c.pool.currentLowPriorityNodes;
    pool.taskSlotsPerNode = c.pool.taskSlotsPerNode;
    const { ctx, runner } = bound;
    ctx.nowMs = c.now;
    bound.view.now = c.now;
    if (readsClock) bound.env.nowStamp = new Timestamp(c.now);
    seed = c.seed;
    generator = undefined;
    if (runner.run() !== undefined) return full(c);
    // Alias folding as the evaluator's results: the full name wins, then the alias, else the
    // pool's own target (frame.targets = [$TargetDedicatedNodes, $TargetDedicated, $TargetLowPriorityNodes, $TargetLowPriority]).
    const f = runner.frame;
    const dedicated = f.targetSpans[0] ? f.targets[0]! : f.targetSpans[1] ? f.targets[1]! : pool.targetDedicatedNodes;
    const lowPriority = f.targetSpans[2] ? f.targets[2]! : f.targetSpans[3] ? f.targets[3]! : pool.targetLowPriorityNodes;
    // A non-finite target is an evaluation error: let the evaluator report it.
    if (!Number.isFinite(dedicated) || !Number.isFinite(lowPriority)) return full(c);
    const targets = { dedicated, lowPriority, deallocation: f.deallocOption.name };
    // The same evaluation again, on demand: a compiled formula is pure (rand() is seeded by
    // c.seed) and sees only samples visible at c.now, which later appends never change. The
    // closure keeps the numbers it needs, not the caller's context (a 30-day dry-run keeps 8,640).
    if (c.wantRun === "later") return { run: undefined, runLater: later(c.now, c.seed, c.store, c.pool), targets };
    return { run: undefined, targets };
  }), metricsOf(program));
}

/**
 * Canonical names of the metrics a program can read from a store: its sampled service variables
 * (the checker's resolutions, whatever path evaluates them, and the compiler's list).
 */
export function metricsOf(program: Program): string[] {
  const out = new Set<string>(program.compiled.metrics.map(canonicalMetricName));
  for (const r of program.checked.resolutions) if (r?.kind === "service" && r.variable.type === "metric") out.add(canonicalMetricName(r.variable.name));
  return [...out];
}

/**
 * A decision function that also explains the evaluations `want` selects (program.explain: same
 * run, plus its trace), handing each to `sink`; the others take the fast path. Used for
 * `simulate --explain-at` and the per-entry reasons of `--json`.
 */
export function explainingDecide(program: Program, options: EvalOptions, want: (now: number) => boolean, sink: (now: number, explained: ExplainedRun) => void): Decide {
  const fast = programDecide(program, options);
  // program.explain reads what the fast path reads: the same metrics.
  return markReads(function decide(c: DecideContext): Decision {
    if (!want(c.now)) return fast(c);
    const explained = program.explain({ now: c.now, pool: c.pool, samples: c.store, seed: c.seed, options });
    sink(c.now, explained);
    const out = explained.outcome;
    return { run: explained.run, targets: out?.ok ? out.targets : undefined };
  }, metricsOf(program));
}
