// Results: turns the final state of an evaluation (from either evaluator) into the service's
// AutoScaleRun (spec §6.4, §6.5, §11.5) plus structured targets. Formatting and error texts
// only; never evaluates.

import type { Diagnostic, Span } from "../base/diagnostics.ts";
import { report } from "../base/diagnostics.ts";
import { EvalError, type DeallocName, type Value } from "./runtime.ts";
import { SourceText } from "../base/source.ts";
import { formatDouble, formatTimestamp, formatValue } from "./values-format.ts";

/** The pool as the evaluation sees it (spec §6.3 step 2). */
export interface PoolState {
  readonly targetDedicatedNodes: number;
  readonly targetLowPriorityNodes: number;
  readonly currentDedicatedNodes: number;
  readonly currentLowPriorityNodes: number;
  readonly taskSlotsPerNode: number;
}

/** One `{ name, value }` entry of an AutoScaleRun error. */
export interface NameValue {
  name: string;
  value: string;
}

/** The service's AutoScaleRun object (REST shape; spec §11.5). */
export interface AutoScaleRun {
  /** evaluation time, `2016-10-13T19:18:47.805Z` */
  timestamp: string;
  /** `$TargetDedicatedNodes=…;$TargetLowPriorityNodes=…;$NodeDeallocationOption=…;user=…` */
  results: string;
  error?: { code: string; message: string; values: NameValue[] };
}

/** A user variable as the results list it. */
export interface VariableResult {
  readonly name: string;
  readonly value: Value;
  /** the value as printed in `results` */
  readonly text: string;
}

/** Everything one evaluation produced. */
export interface EvalOutcome {
  readonly run: AutoScaleRun;
  /** false when `run.error` is set */
  readonly ok: boolean;
  /** what the pool should be set to: the evaluated targets, or the pool's own on error (raw doubles, not truncated) */
  readonly targets: { readonly dedicated: number; readonly lowPriority: number; readonly deallocation: DeallocName };
  /** user variables in results order (assigned ones only) */
  readonly variables: readonly VariableResult[];
  /** true when stop() ended the run */
  readonly stopped: boolean;
  /** the failure as a Diagnostic (E4xx with span), for editors and the CLI */
  readonly diagnostic?: Diagnostic;
}

/** Final state of a run, the common output of the compiled and the interpreted evaluator. */
export interface FinalState {
  /** values of `$TargetDedicatedNodes`, `$TargetDedicated`, `$TargetLowPriorityNodes`, `$TargetLowPriority` */
  readonly targets: readonly number[];
  /** last assignment of each of those spellings (undefined: never assigned) */
  readonly targetSpans: readonly (Span | undefined)[];
  readonly deallocation: DeallocName;
  /** assigned user variables (any order) */
  readonly variables: readonly { readonly name: string; readonly value: Value }[];
  readonly error: EvalError | undefined;
  readonly stopped: boolean;
}

/** Service error codes and messages (spec §6.5, §11.5). */
export const RUN_ERRORS = {
  insufficient: { code: "InsufficientSampleData", message: "Autoscale evaluation failed due to insufficient sample data" },
  evaluation: { code: "AutoScalingFormulaEvaluationError", message: "The specified auto-scaling formula has evaluation error" },
  syntax: { code: "AutoScalingFormulaSyntaxError", message: "The specified auto-scaling formula has a syntax error." },
  context: { code: "InvalidAutoScaleEvaluationContext", message: "The evaluation context is invalid" },
} as const;

const TARGET_NAMES = ["$TargetDedicatedNodes", "$TargetDedicated", "$TargetLowPriorityNodes", "$TargetLowPriority"] as const;

/** `Line L, Col C: detail` for a span of the formula (1-based). */
export function positionPrefix(source: SourceText, span: Span): string {
  const { line, column } = source.positionAt(span.start);
  return `Line ${line}, Col ${column}: `;
}

/**
 * The target slot that sets a node kind (0: dedicated, 2: low-priority), or -1 when none was
 * assigned: aliases (slots 1 and 3) fold into the full name, which wins when both were assigned
 * (spec §11.2).
 */
export function targetSlot(spans: readonly (Span | undefined)[], kind: 0 | 2): number {
  return spans[kind] ? kind : spans[kind + 1] ? kind + 1 : -1;
}

/** Builds the AutoScaleRun and structured outcome of a finished evaluation. */
export function buildOutcome(state: FinalState, pool: PoolState, nowMs: number, source: SourceText): EvalOutcome {
  const variables = state.variables.map((v) => ({ name: v.name, value: v.value, text: formatValue(v.value) }));
  // Ordinal (UTF-16 code unit) order of the names as written; skip the sort when already sorted.
  let sorted = true;
  for (let i = 1; i < variables.length && sorted; i++) sorted = variables[i - 1]!.name < variables[i]!.name;
  if (!sorted) variables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const spans = state.targetSpans;
  const dIndex = targetSlot(spans, 0);
  const lIndex = targetSlot(spans, 2);
  const dedicated = dIndex >= 0 ? state.targets[dIndex]! : pool.targetDedicatedNodes;
  const lowPriority = lIndex >= 0 ? state.targets[lIndex]! : pool.targetLowPriorityNodes;
  let error = state.error;
  if (!error) {
    const bad: number = dIndex >= 0 && !Number.isFinite(dedicated) ? dIndex : lIndex >= 0 && !Number.isFinite(lowPriority) ? lIndex : -1;
    if (bad >= 0) error = new EvalError("NonFiniteTarget", spans[bad]!, [(TARGET_NAMES as readonly string[])[bad]!, formatDouble(state.targets[bad]!)]);
  }
  const timestamp = formatTimestamp(nowMs);
  let userPart = "";
  for (const v of variables) userPart += `;${v.name}=${v.text}`;
  if (!error) {
    const targets = { dedicated, lowPriority, deallocation: state.deallocation };
    return {
      run: { timestamp, results: serviceResults(targets.dedicated, targets.lowPriority, targets.deallocation) + userPart },
      ok: true,
      targets,
      variables,
      stopped: state.stopped,
    };
  }
  const diagnostic = report(error.id, error.span, ...error.args);
  const kind = error.id === "InsufficientSampleData" ? RUN_ERRORS.insufficient : RUN_ERRORS.evaluation;
  const targets = { dedicated: pool.targetDedicatedNodes, lowPriority: pool.targetLowPriorityNodes, deallocation: "requeue" as const };
  return {
    run: {
      timestamp,
      results: serviceResults(targets.dedicated, targets.lowPriority, targets.deallocation) + userPart,
      error: { code: kind.code, message: kind.message, values: [{ name: "Message", value: positionPrefix(source, error.span) + diagnostic.message }] },
    },
    ok: false,
    targets,
    variables,
    stopped: false,
    diagnostic,
  };
}

/** The three service variables that always lead the results string. */
export function serviceResults(dedicated: number, lowPriority: number, deallocation: DeallocName): string {
  return `$TargetDedicatedNodes=${formatDouble(dedicated)};$TargetLowPriorityNodes=${formatDouble(lowPriority)};$NodeDeallocationOption=${deallocation}`;
}

/**
 * An AutoScaleRun for a formula that did not get to run: syntax/check errors, or a bad
 * context. The service variables show the pool's values; `values` has one entry per error.
 */
export function failedRun(
  kind: (typeof RUN_ERRORS)[keyof typeof RUN_ERRORS],
  messages: readonly string[],
  pool: PoolState | undefined,
  nowMs: number | undefined,
): AutoScaleRun {
  return {
    timestamp: nowMs === undefined || !Number.isFinite(nowMs) ? "" : formatTimestamp(nowMs),
    results: serviceResults(pool?.targetDedicatedNodes ?? 0, pool?.targetLowPriorityNodes ?? 0, "requeue"),
    error: { code: kind.code, message: kind.message, values: messages.map((value) => ({ name: "Message", value })) },
  };
}
