// Formula → Decide: compiles once, then evaluates at many instants through the evaluator's
// hot-loop runner (one frame reused, no per-call context validation). Any run that fails, and
// any caller that wants the AutoScaleRun text, goes through `program.evaluate`, so errors and
// results strings are always the evaluator's own. test/simulate/formula-decide.test.ts checks
// that both paths agree.

import type { Diagnostic } from "../lang/diagnostics.ts";
import { compile, prepareContext, type EvalOptions, type PreparedContext, type Program } from "../lang/evaluate.ts";
import { createRandom, Timestamp } from "../lang/runtime.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { Decide, DecideContext, Decision } from "./types.ts";

/** Compiles a formula into a decision function; `decide` is undefined when it does not compile. */
export function formulaDecide(formula: string, options: EvalOptions = {}): { decide: Decide | undefined; diagnostics: readonly Diagnostic[] } {
  const { program, diagnostics } = compile(formula);
  if (!program) return { decide: undefined, diagnostics };
  return { decide: programDecide(program, options), diagnostics };
}

/** A decision function over a compiled program. */
export function programDecide(program: Program, options: EvalOptions = {}): Decide {
  const full = (c: DecideContext): Decision => {
    const out = program.evaluate({ now: c.now, pool: c.pool, samples: c.store, seed: c.seed, options });
    return { run: out.run, targets: out.ok ? out.targets : undefined };
  };
  // Mutable copies the runner reads at every run().
  const pool = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
  let bound: { store: MetricsStore; ctx: { -readonly [K in keyof PreparedContext]: PreparedContext[K] }; runner: ReturnType<Program["runner"]> } | undefined;
  return function decide(c: DecideContext): Decision {
    if (c.wantRun !== false) return full(c);
    if (bound === undefined || bound.store !== c.store) {
      const prepared = prepareContext({ now: c.now, pool: c.pool, samples: c.store, options });
      if (typeof prepared === "string") return full(c);
      const ctx = { ...prepared, pool };
      bound = { store: c.store, ctx, runner: program.runner(ctx) };
    }
    pool.targetDedicatedNodes = c.pool.targetDedicatedNodes;
    pool.targetLowPriorityNodes = c.pool.targetLowPriorityNodes;
    pool.currentDedicatedNodes = c.pool.currentDedicatedNodes;
    pool.currentLowPriorityNodes = c.pool.currentLowPriorityNodes;
    pool.taskSlotsPerNode = c.pool.taskSlotsPerNode;
    const { ctx, runner } = bound;
    const env = ctx.env;
    ctx.nowMs = c.now;
    runner.frame.env = {
      view: { now: c.now, availabilityDelayMs: env.view.availabilityDelayMs, retentionMs: env.view.retentionMs },
      nowStamp: new Timestamp(c.now),
      random: createRandom(c.seed),
      defaultSamplePercent: env.defaultSamplePercent,
    };
    if (runner.run() !== undefined) return full(c);
    // Alias folding as the evaluator's results: the full name wins, then the alias, else the
    // pool's own target (frame.targets = [$TargetDedicatedNodes, $TargetDedicated, $TargetLowPriorityNodes, $TargetLowPriority]).
    const f = runner.frame;
    const dedicated = f.targetSpans[0] ? f.targets[0]! : f.targetSpans[1] ? f.targets[1]! : pool.targetDedicatedNodes;
    const lowPriority = f.targetSpans[2] ? f.targets[2]! : f.targetSpans[3] ? f.targets[3]! : pool.targetLowPriorityNodes;
    // A non-finite target is an evaluation error: let the evaluator report it.
    if (!Number.isFinite(dedicated) || !Number.isFinite(lowPriority)) return full(c);
    return { run: undefined, targets: { dedicated, lowPriority, deallocation: f.deallocOption.name } };
  };
}
