// The service's request rules for autoscale settings (spec §6.1, §6.2): formula size and syntax,
// the evaluation interval range, pool ids, deallocation options. Each check returns the refusal
// the service would send, or undefined. Never evaluates beyond the syntax check.

import { evaluateAutoScale } from "../eval/evaluate.ts";
import { RUN_ERRORS } from "../eval/results.ts";
import type { DeallocName } from "../eval/runtime.ts";
import { fail, propertyDetails, type Outcome } from "./errors.ts";

/** Default evaluation interval (15 min), and the accepted range (5 min … 168 h, inclusive). */
export const DEFAULT_INTERVAL_MS = 15 * 60_000;
export const MIN_INTERVAL_MS = 5 * 60_000;
export const MAX_INTERVAL_MS = 168 * 3_600_000;
/** At most one Enable Auto Scale call per pool per 30 s. */
export const ENABLE_THROTTLE_MS = 30_000;
/** Longest formula the service accepts, in characters. */
export const MAX_FORMULA_LENGTH = 8_192;
/** Shadow formulas per pool. */
export const MAX_SHADOWS = 5;

const PROBE = { now: 0, pool: { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 } };

/**
 * Refuses a formula the service would refuse at enable/create time: not text, over 8192
 * characters (`AutoScaleFormulaTooLong`), or a syntax/check error (`AutoScalingFormulaSyntaxError`,
 * one `Message` value per error, `Line L, Col C: …`). A name read before it is assigned is not a
 * syntax error: like the service, the formula is accepted and its runs fail with `Undefined symbol`.
 */
export function checkFormula(formula: unknown): Outcome<never> | undefined {
  if (typeof formula !== "string") return fail("invalidProperty", propertyDetails("autoScaleFormula", "The formula must be a string."));
  if (formula.length > MAX_FORMULA_LENGTH) return fail("formulaTooLong", [{ key: "Length", value: String(formula.length) }, { key: "MaxLength", value: String(MAX_FORMULA_LENGTH) }]);
  const run = evaluateAutoScale(formula, PROBE);
  if (run.error?.code === RUN_ERRORS.syntax.code) return fail("formulaSyntax", run.error.values.map((v) => ({ key: v.name, value: v.value })));
  return undefined;
}

/** Refuses an interval outside [5 min, 168 h] with `InvalidPropertyValue`. */
export function checkInterval(ms: unknown): Outcome<never> | undefined {
  if (typeof ms === "number" && Number.isFinite(ms) && ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS) return undefined;
  return fail("invalidProperty", propertyDetails("autoScaleEvaluationInterval", "The evaluation interval must be between 5 minutes and 168 hours."));
}

/** Pool ids: 1–64 letters, digits, hyphens and underscores (the service's rule). */
export function checkPoolId(id: unknown): Outcome<never> | undefined {
  if (typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
  if (id === undefined) return fail("missingProperty", propertyDetails("id", "The pool id is required."));
  return fail("invalidProperty", propertyDetails("id", "The id can contain any combination of alphanumeric characters including hyphens and underscores, and cannot contain more than 64 characters."));
}

const DEALLOCS: readonly DeallocName[] = ["requeue", "terminate", "taskcompletion", "retaineddata"];

/** The deallocation option of a resize (default requeue); undefined when it is not one. */
export function parseDeallocation(text: unknown): DeallocName | undefined {
  if (text === undefined || text === null) return "requeue";
  if (typeof text !== "string") return undefined;
  const lower = text.toLowerCase();
  return DEALLOCS.find((d) => d === lower);
}
