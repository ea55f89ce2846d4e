// The service's request rules for autoscale settings (spec §6.1, §6.2): formula size and syntax,
// the evaluation interval range, pool ids, new pools' settings, manual targets, deallocation
// options, pushed samples; and the evaluation schedule's next instant. Each check returns the refusal
// the service would send, or undefined. Never evaluates beyond the syntax check.

import { evaluateAutoScale } from "../eval/evaluate.ts";
import { RUN_ERRORS } from "../eval/results.ts";
import type { DeallocName } from "../eval/runtime.ts";
import { canonicalMetricName } from "../metrics/store.ts";
import type { PoolSpec } from "./api.ts";
import { fail, propertyDetails, type Outcome } from "./errors.ts";
import type { PoolRecord, SampleRow } from "./store.ts";

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
export function checkFormula(formula: unknown, compiles?: (formula: string) => boolean): Outcome<never> | undefined {
  if (typeof formula !== "string") return fail("invalidProperty", propertyDetails("autoScaleFormula", "The formula must be a string."));
  if (formula.length > MAX_FORMULA_LENGTH) return fail("formulaTooLong", [{ key: "Length", value: String(formula.length) }, { key: "MaxLength", value: String(MAX_FORMULA_LENGTH) }]);
  // A formula that compiles has no syntax error: `compiles` answers from the caller's compiled
  // programs (10,000 pools on three formulas compile three times, not 10,000).
  if (compiles?.(formula)) return undefined;
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

/**
 * What is wrong with a new pool's settings (spec §6.1: autoscale needs a formula and takes no
 * targets; manual pools take no autoscale settings), or undefined. Whether the id is taken is the
 * caller's to check.
 */
export function checkPoolSpec(spec: PoolSpec, compiles?: (formula: string) => boolean): Outcome<never> | undefined {
  const badId = checkPoolId(spec.id);
  if (badId) return badId;
  const slots = spec.taskSlotsPerNode ?? 1;
  if (!Number.isInteger(slots) || slots < 1 || slots > 256) return fail("invalidProperty", propertyDetails("taskSlotsPerNode", "The value must be an integer between 1 and 256."));
  const badTargets = checkTargets(spec.targetDedicatedNodes, spec.targetLowPriorityNodes);
  if (badTargets) return badTargets;
  const auto = spec.enableAutoScale === true;
  if (auto) {
    if (spec.autoScaleFormula === undefined) return fail("missingProperty", propertyDetails("autoScaleFormula", "A formula is required when enableAutoScale is true."));
    if (spec.targetDedicatedNodes !== undefined || spec.targetLowPriorityNodes !== undefined) {
      return fail("invalidSettings", propertyDetails(spec.targetDedicatedNodes !== undefined ? "targetDedicatedNodes" : "targetLowPriorityNodes", "Targets cannot be given when enableAutoScale is true."));
    }
    const f = checkFormula(spec.autoScaleFormula, compiles);
    if (f) return f;
    if (spec.autoScaleEvaluationIntervalMs !== undefined) {
      const i = checkInterval(spec.autoScaleEvaluationIntervalMs);
      if (i) return i;
    }
  } else if (spec.autoScaleFormula !== undefined || spec.autoScaleEvaluationIntervalMs !== undefined) {
    return fail("invalidSettings", propertyDetails(spec.autoScaleFormula !== undefined ? "autoScaleFormula" : "autoScaleEvaluationInterval", "Autoscale settings need enableAutoScale set to true."));
  }
  return undefined;
}

/** Manual targets: whole numbers 0 … 100,000 when given. */
export function checkTargets(dedicated: number | undefined, lowPriority: number | undefined): Outcome<never> | undefined {
  for (const [name, v] of [["targetDedicatedNodes", dedicated], ["targetLowPriorityNodes", lowPriority]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 100_000)) return fail("invalidProperty", propertyDetails(name, "The value must be a non-negative integer."));
  }
  return undefined;
}

/**
 * The next evaluation instant of a pool's schedule, or undefined when autoscale is off: the one
 * after its last run, or after `last` (a run the store refused: it is not the pool's last run).
 */
export function nextDue(r: PoolRecord, last = r.lastRunTime): number | undefined {
  if (!r.enableAutoScale || r.scheduleStart === undefined) return undefined;
  const interval = r.autoScaleEvaluationIntervalMs ?? DEFAULT_INTERVAL_MS;
  if (last === undefined || last < r.scheduleStart) return r.scheduleStart;
  // The next instant of the grid scheduleStart + k × interval after the last run; one missed
  // while the process was down runs at once (once, not once per missed instant).
  // (a past instant makes the clock fire at once).
  return r.scheduleStart + (Math.floor((last - r.scheduleStart) / interval) + 1) * interval;
}

/** Pushed samples as store rows, or the failure naming the first bad one. */
export function sampleRows(poolId: string, samples: unknown): SampleRow[] | Outcome<never> {
  if (!Array.isArray(samples)) return fail("invalidProperty", propertyDetails("samples", "An array of { metric, t, value }."));
  const rows: SampleRow[] = [];
  for (const [i, s] of samples.entries()) {
    const okName = typeof s?.metric === "string" && /^\$?[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(s.metric);
    if (!okName || typeof s.t !== "number" || !Number.isFinite(s.t) || typeof s.value !== "number" || !Number.isFinite(s.value)) {
      return fail("invalidProperty", propertyDetails(`samples[${i}]`, "Each sample is { metric: \"$Name\", t: epoch ms, value: finite number }."));
    }
    rows.push({ poolId: poolId, metric: canonicalMetricName(s.metric), t: s.t, value: s.value });
  }
  return rows;
}
