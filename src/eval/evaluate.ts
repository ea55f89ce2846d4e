// Evaluate façade: parse + check + compile once, then evaluate against many contexts (spec
// §6.3, §11.3–§11.5), plus the one-call `evaluateAutoScale` modelled on the REST Evaluate call.
// Public entry points never throw: user errors and bad contexts come back as data.

import type { CheckedFormula } from "../check/check.ts";
import { check } from "../check/check.ts";
import { compileChecked, compilePrefix, type CompiledFormula } from "./compile/compile.ts";
import { Frame, runCompiled } from "./frame.ts";
import { describeValue, hasErrors, report, type Diagnostic } from "../base/diagnostics.ts";
import { interpret } from "./interpret.ts";
import { explainRun, notRunExplanation, type Explanation } from "./explain.ts";
import { parse } from "../syntax/parse.ts";
import {
  buildOutcome,
  failedRun,
  positionPrefix,
  RUN_ERRORS,
  serviceResults,
  targetSlot,
  type AutoScaleRun,
  type EvalOutcome,
  type FinalState,
} from "./results.ts";
import { dealloc, EvalError } from "./runtime.ts";
import { SourceText } from "../base/source.ts";
import { formatTimestamp, formatValue } from "./values-format.ts";
import { prepareContext, safePool, type EvalContext, type PreparedContext } from "./prepare.ts";

export { DEFAULT_SAMPLE_PERCENT, poolFieldProblem, prepareContext, trustedContext, type EvalContext, type EvalOptions, type PreparedContext, type SampleRecord } from "./prepare.ts";

/** A compiled formula, reusable across evaluations. */
export interface Program {
  readonly source: SourceText;
  readonly checked: CheckedFormula;
  readonly compiled: CompiledFormula;
  /** Runs the compiled closures. Never throws. */
  evaluate(ctx: EvalContext): EvalOutcome;
  /** Runs the reference tree-walking interpreter (the oracle); same result as `evaluate`. */
  interpret(ctx: EvalContext): EvalOutcome;
  /** `evaluate`'s outcome plus why: every statement's value, sample query, branch, where the run ended, findings. Never throws. */
  explain(ctx: EvalContext): ExplainedRun;
  /**
   * Hot-loop entry: binds a prepared context to one preallocated frame. `run()` re-runs the
   * closures without building results (returns the EvalError that ended the run, if any);
   * `outcome()` then formats the AutoScaleRun of the last run from the frame.
   */
  runner(ctx: PreparedContext): { readonly frame: Frame; run(): EvalError | undefined; outcome(): EvalOutcome };
}

/** An evaluation with its explanation (explain.ts). */
export interface ExplainedRun {
  readonly run: AutoScaleRun;
  readonly outcome: EvalOutcome | undefined;
  readonly explanation: Explanation;
}

/** Parses, checks and compiles. `program` is undefined when there is any error diagnostic. */
export function compile(text: string): { program: Program | undefined; diagnostics: readonly Diagnostic[] } {
  try {
    const parsed = parse(text);
    if (!parsed.ast || hasErrors(parsed.diagnostics)) return { program: undefined, diagnostics: parsed.diagnostics };
    const checked = check(parsed.ast, { text });
    // Usually both lists are empty or one is: no copy then (the lists are read-only).
    const diagnostics =
      parsed.diagnostics.length === 0 ? checked.diagnostics : checked.diagnostics.length === 0 ? parsed.diagnostics : [...parsed.diagnostics, ...checked.diagnostics];
    const compiled = compileChecked(checked);
    if (!compiled) return { program: undefined, diagnostics };
    return { program: makeProgram(text, checked, compiled), diagnostics };
  } catch (e) {
    return { program: undefined, diagnostics: [internalDiagnostic(e)] };
  }
}

/**
 * One call, like the REST Evaluate: never throws, always returns an AutoScaleRun. Syntax and
 * check errors give `AutoScalingFormulaSyntaxError` (one `Message` value per error, `Line L,
 * Col C: …`), except names that are unknown or read before assignment: like the service, the
 * statements before the first such read run, then the run fails with
 * `AutoScalingFormulaEvaluationError` `Undefined symbol: NAME`. A bad context gives
 * `InvalidAutoScaleEvaluationContext` (this project's code).
 */
export function evaluateAutoScale(formula: string, ctx: EvalContext): AutoScaleRun;
/** The same evaluation, explained: `{ run, outcome, explanation }` (`run` is exactly what the plain call returns). */
export function evaluateAutoScale(formula: string, ctx: EvalContext, options: { readonly explain: true }): ExplainedRun;
export function evaluateAutoScale(formula: string, ctx: EvalContext, options?: { readonly explain?: boolean }): AutoScaleRun | ExplainedRun {
  if (options?.explain === true) {
    const { program } = typeof formula === "string" ? compile(formula) : { program: undefined };
    if (program) return program.explain(ctx);
    const run = evaluateAutoScale(formula, ctx);
    return { run, outcome: undefined, explanation: notRunExplanation(run.error?.values.map((v) => v.value).join("; ") ?? "the formula did not run") };
  }
  const prepared = prepareContext(ctx);
  if (typeof prepared === "string") return failedRun(RUN_ERRORS.context, [prepared], safePool(ctx), undefined);
  if (typeof formula !== "string") return failedRun(RUN_ERRORS.syntax, [report("NotText", { start: 0, end: 0 }, describeValue(formula)).message], prepared.pool, prepared.nowMs);
  const { program, diagnostics } = compile(formula);
  if (program) return runProgram(program, prepared, "compiled").run;
  return runWithErrors(formula, diagnostics, prepared);
}

function runWithErrors(formula: string, diagnostics: readonly Diagnostic[], prepared: PreparedContext): AutoScaleRun {
  const source = new SourceText(formula);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const undefinedOnly = errors.length > 0 && errors.every((d) => d.code === "C301" || d.code === "C302");
  if (undefinedOnly) {
    try {
      const parsed = parse(formula);
      const first = errors.reduce((a, b) => (b.span.start < a.span.start ? b : a));
      const name = formula.slice(first.span.start, first.span.end);
      if (parsed.ast && /^\$?[A-Za-z_]\w*$/.test(name)) {
        const checked = check(parsed.ast, { text: formula });
        const index = parsed.ast.statements.findIndex((s) => s.span.end > first.span.start);
        const prefix = compilePrefix(checked, index < 0 ? parsed.ast.statements.length : index);
        const frame = newFrame(prefix, prepared);
        const end = runCompiled(prefix, frame) ?? (frame.stopped ? undefined : new EvalError("UndefinedSymbol", first.span, [name]));
        return buildOutcome(finalState(prefix, frame, end), prepared.pool, prepared.nowMs, source).run;
      }
    } catch {
      // fall through to the syntax-error report
    }
  }
  const shown = errors.length > 0 ? errors : diagnostics;
  return failedRun(RUN_ERRORS.syntax, shown.map((d) => positionPrefix(source, d.span) + d.message), prepared.pool, prepared.nowMs);
}

function makeProgram(text: string, checked: CheckedFormula, compiled: CompiledFormula): Program {
  return new CompiledProgram(text, checked, compiled);
}

/**
 * A class rather than an object literal: `source` is a prototype getter, so the line table is
 * built only when a result needs a position (an error), not on every compile. (Measured: the
 * same getter in an object literal made compile slower and multiplied its garbage.) The methods
 * stay arrow fields so they still work detached from the program, as before.
 */
class CompiledProgram implements Program {
  readonly checked: CheckedFormula;
  readonly compiled: CompiledFormula;
  readonly #text: string;
  #source: SourceText | undefined;

  constructor(text: string, checked: CheckedFormula, compiled: CompiledFormula) {
    this.#text = text;
    this.checked = checked;
    this.compiled = compiled;
  }

  get source(): SourceText {
    return (this.#source ??= new SourceText(this.#text));
  }

  /** A frame kept between evaluations (runs are synchronous); taken out while in use, so a nested evaluation makes its own. */
  #spare: Frame | undefined;

  /** A frame bound to `ctx`: the spare one rebound, or a new one. Give it back with {@link release}. */
  acquire(ctx: PreparedContext): Frame {
    const frame = this.#spare;
    if (frame === undefined) return newFrame(this.compiled, ctx);
    this.#spare = undefined;
    const metrics = this.compiled.metrics;
    for (let i = 0; i < metrics.length; i++) frame.series[i] = ctx.store.get(metrics[i]!);
    frame.env = ctx.env;
    resetFrame(frame, ctx);
    return frame;
  }

  release(frame: Frame): void {
    this.#spare = frame;
  }

  /** The last successful trusted run's results text, and what it was made of (values by sortedVariables index). */
  #last: { dedicated: number; lowPriority: number; deallocation: string; values: (number | undefined)[]; results: string; targets: TrustedOutcome["targets"] } | undefined;

  trusted(ctx: PreparedContext): TrustedOutcome {
    try {
      const frame = this.acquire(ctx);
      const end = runCompiled(this.compiled, frame);
      const fast = end === undefined ? this.#fastRun(frame, ctx) : undefined;
      const outcome = fast ?? buildOutcome(finalState(this.compiled, frame, end), ctx.pool, ctx.nowMs, this.source);
      this.release(frame);
      return outcome;
    } catch (e) {
      return internalErrorOutcome(this, ctx, e);
    }
  }

  /** buildOutcome of a run that ended without an error, when its targets are finite; undefined otherwise. */
  #fastRun(frame: Frame, ctx: PreparedContext): TrustedOutcome | undefined {
    const spans = frame.targetSpans;
    const dIndex = targetSlot(spans, 0);
    const lIndex = targetSlot(spans, 2);
    const dedicated = dIndex >= 0 ? frame.targets[dIndex]! : ctx.pool.targetDedicatedNodes;
    const lowPriority = lIndex >= 0 ? frame.targets[lIndex]! : ctx.pool.targetLowPriorityNodes;
    if (!Number.isFinite(dedicated) || !Number.isFinite(lowPriority)) return undefined;
    const deallocation = frame.deallocOption.name;
    const vars = this.compiled.sortedVariables;
    const last = this.#last;
    let same = last !== undefined && Object.is(last.dedicated, dedicated) && Object.is(last.lowPriority, lowPriority) && last.deallocation === deallocation;
    for (let i = 0; i < vars.length && same; i++) {
      const v = frame.slot(vars[i]!.slot);
      same = (v === undefined || typeof v === "number") && Object.is(v, last!.values[i]);
    }
    if (same) return { run: { timestamp: formatTimestamp(ctx.nowMs), results: last!.results }, ok: true, targets: last!.targets };
    // Variables in ordinal name order (sortedVariables), assigned ones only, as buildOutcome lists them.
    let results = serviceResults(dedicated, lowPriority, deallocation);
    let numeric = true;
    const values: (number | undefined)[] = new Array(vars.length);
    for (let i = 0; i < vars.length; i++) {
      const v = frame.slot(vars[i]!.slot);
      if (v === undefined) continue;
      if (typeof v === "number") values[i] = v;
      else numeric = false;
      results += `;${vars[i]!.name}=${formatValue(v)}`;
    }
    const targets = { dedicated, lowPriority, deallocation };
    this.#last = numeric ? { dedicated, lowPriority, deallocation, values, results, targets } : undefined;
    return { run: { timestamp: formatTimestamp(ctx.nowMs), results }, ok: true, targets };
  }

  readonly evaluate = (ctx: EvalContext): EvalOutcome => evaluateWith(this, ctx, "compiled");
  readonly interpret = (ctx: EvalContext): EvalOutcome => evaluateWith(this, ctx, "interpreted");
  readonly explain = (ctx: EvalContext): ExplainedRun => {
    const prepared = prepareContext(ctx);
    if (typeof prepared === "string") {
      const outcome = evaluateWith(this, ctx, "interpreted");
      return { run: outcome.run, outcome, explanation: notRunExplanation(prepared) };
    }
    try {
      const { outcome, explanation } = explainRun(this.checked, prepared, this.source);
      return { run: outcome.run, outcome, explanation };
    } catch (e) {
      const outcome = runProgram(this, prepared, "compiled");
      return { run: outcome.run, outcome, explanation: notRunExplanation(`internal error while explaining: ${e instanceof Error ? e.message : String(e)}`) };
    }
  };
  readonly runner = (ctx: PreparedContext): ReturnType<Program["runner"]> => {
    const compiled = this.compiled;
    const frame = newFrame(compiled, ctx);
    let last: EvalError | undefined;
    return {
      frame,
      run: () => {
        resetFrame(frame, ctx);
        return (last = runCompiled(compiled, frame));
      },
      outcome: () => buildOutcome(finalState(compiled, frame, last), ctx.pool, ctx.nowMs, this.source),
    };
  };
}

/** What a trusted evaluation gives: the run, and the targets it sets (the pool's own when it failed). */
export interface TrustedOutcome {
  readonly run: AutoScaleRun;
  readonly ok: boolean;
  readonly targets: EvalOutcome["targets"];
}

/**
 * Internal entry for a context the caller built itself (trustedContext: no validation): the same
 * run and targets as `program.evaluate`, without the outcome's variable list. A successful run's
 * results text is reused when its targets and numeric variables equal the program's last one's.
 */
export function evaluateTrusted(program: Program, ctx: PreparedContext): TrustedOutcome {
  return program instanceof CompiledProgram ? program.trusted(ctx) : runProgram(program, ctx, "compiled");
}

function evaluateWith(program: Program, ctx: EvalContext, how: "compiled" | "interpreted"): EvalOutcome {
  const prepared = prepareContext(ctx);
  if (typeof prepared === "string") {
    const run = failedRun(RUN_ERRORS.context, [prepared], safePool(ctx), undefined);
    const pool = safePool(ctx);
    return { run, ok: false, targets: { dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes, deallocation: "requeue" }, variables: [], stopped: false };
  }
  return runProgram(program, prepared, how);
}

function runProgram(program: Program, ctx: PreparedContext, how: "compiled" | "interpreted"): EvalOutcome {
  try {
    if (how === "interpreted") return buildOutcome(interpret(program.checked, ctx), ctx.pool, ctx.nowMs, program.source);
    if (program instanceof CompiledProgram) {
      const frame = program.acquire(ctx);
      const end = runCompiled(program.compiled, frame);
      // finalState copies what the outcome needs out of the frame before it is reused.
      const outcome = buildOutcome(finalState(program.compiled, frame, end), ctx.pool, ctx.nowMs, program.source);
      program.release(frame);
      return outcome;
    }
    const frame = newFrame(program.compiled, ctx);
    const end = runCompiled(program.compiled, frame);
    return buildOutcome(finalState(program.compiled, frame, end), ctx.pool, ctx.nowMs, program.source);
  } catch (e) {
    return internalErrorOutcome(program, ctx, e);
  }
}

/** A raw exception while evaluating is a bug; it still becomes data (E410) rather than escaping. */
function internalErrorOutcome(program: Program, ctx: PreparedContext, e: unknown): EvalOutcome {
  const error = new EvalError("InternalError", { start: 0, end: 0 }, ["evaluating", e instanceof Error ? e.message : String(e)]);
  const state: FinalState = { targets: [0, 0, 0, 0], targetSpans: [], deallocation: "requeue", variables: [], error, stopped: false };
  return buildOutcome(state, ctx.pool, ctx.nowMs, program.source);
}

function newFrame(compiled: CompiledFormula, ctx: PreparedContext): Frame {
  const frame = new Frame(compiled.slotCount, compiled.metrics.length, ctx.env);
  frame.readsPoolScalars = compiled.readsPoolScalars;
  for (let i = 0; i < compiled.metrics.length; i++) frame.series[i] = ctx.store.get(compiled.metrics[i]!);
  // The hoisted leading constants (compile/statement.ts): assigned once per frame; no statement writes them.
  for (const { slot, value } of compiled.hoisted) {
    frame.nums[slot] = value;
    frame.initialCells[slot] = null;
  }
  resetFrame(frame, ctx);
  return frame;
}

function resetFrame(frame: Frame, ctx: PreparedContext): void {
  // Plain loops: cheaper than Array.prototype.fill for the handful of slots a formula has.
  const cells = frame.cells;
  const initial = frame.initialCells;
  for (let i = 0; i < cells.length; i++) cells[i] = initial[i];
  const pool = ctx.pool;
  const targets = frame.targets;
  targets[0] = targets[1] = pool.targetDedicatedNodes;
  targets[2] = targets[3] = pool.targetLowPriorityNodes;
  const spans = frame.targetSpans;
  spans[0] = spans[1] = spans[2] = spans[3] = undefined;
  frame.deallocOption = REQUEUE;
  frame.stopped = false;
  if (frame.readsPoolScalars) {
    // POOL_SCALARS (frame.ts), after the user slots.
    const nums = frame.nums;
    const base = cells.length;
    nums[base] = pool.currentDedicatedNodes;
    nums[base + 1] = pool.currentLowPriorityNodes;
    nums[base + 2] = pool.taskSlotsPerNode;
  }
}

function finalState(compiled: CompiledFormula, frame: Frame, error: EvalError | undefined): FinalState {
  const variables: { name: string; value: NonNullable<Frame["slots"][number]> }[] = [];
  for (const v of compiled.sortedVariables) {
    const value = frame.slot(v.slot);
    if (value !== undefined) variables.push({ name: v.name, value });
  }
  return {
    targets: frame.targets,
    targetSpans: frame.targetSpans,
    deallocation: frame.deallocOption.name,
    variables,
    error,
    stopped: frame.stopped,
  };
}

const REQUEUE = dealloc("requeue");

function internalDiagnostic(e: unknown): Diagnostic {
  return report("InternalError", { start: 0, end: 0 }, "compiling", e instanceof Error ? e.message : String(e));
}
