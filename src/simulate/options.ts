// Validation of the simulators' option objects, which JavaScript callers can fill with anything:
// a value of the wrong kind is an R505 diagnostic naming the option, not an internal error deep
// in the loop. Absent options keep their defaults; the interval's range is checkInterval's job.

import { report, showValue, type Diagnostic } from "../base/diagnostics.ts";
import { parseSampleTime } from "../metrics/load.ts";
import { MAX_POOL_QUOTA, MAX_PREEMPTION_COUNT, MAX_PREEMPTION_EVENTS, MAX_TASK_SLOTS_PER_NODE, MIN_MEAN_TIME_TO_PREEMPT_MS } from "./limits.ts";
import type { PreemptionOption } from "./traces/preemptions.ts";

/** What an option may hold. */
type Kind =
  | "finite" // any finite number
  | "nonNegative" // finite, ≥ 0
  | "limit" // ≥ 0, Infinity allowed (caps, retention)
  | "count" // integer ≥ 0
  | "positiveInteger" // integer ≥ 1
  | "number" // any number (range checked elsewhere)
  | "boolean"
  | "function"
  | "object"
  | "quota" // integer 0 … MAX_POOL_QUOTA
  | "slots" // integer 1 … MAX_TASK_SLOTS_PER_NODE
  | "preemptMean"; // finite, ≥ MIN_MEAN_TIME_TO_PREEMPT_MS

const ACCEPTS: Readonly<Record<Kind, readonly [test: (v: unknown) => boolean, wanted: string]>> = {
  finite: [(v) => typeof v === "number" && Number.isFinite(v), "a finite number"],
  nonNegative: [(v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a non-negative number"],
  limit: [(v) => typeof v === "number" && v >= 0, "a non-negative number or Infinity"],
  count: [(v) => Number.isInteger(v) && (v as number) >= 0, "a non-negative integer"],
  positiveInteger: [(v) => Number.isInteger(v) && (v as number) >= 1, "a positive integer"],
  number: [(v) => typeof v === "number", "a number"],
  boolean: [(v) => typeof v === "boolean", "true or false"],
  function: [(v) => typeof v === "function", "a function"],
  object: [(v) => typeof v === "object" && v !== null && !Array.isArray(v), "an object"],
  quota: [(v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_POOL_QUOTA, `a whole number of nodes from 0 to ${MAX_POOL_QUOTA.toLocaleString("en-US")}`],
  slots: [(v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_TASK_SLOTS_PER_NODE, `a whole number from 1 to ${MAX_TASK_SLOTS_PER_NODE}`],
  preemptMean: [(v) => typeof v === "number" && Number.isFinite(v) && v >= MIN_MEAN_TIME_TO_PREEMPT_MS, `at least ${MIN_MEAN_TIME_TO_PREEMPT_MS} ms (one minute)`],
};

/** The option fields of `simulate` (closed loop, pool settings under `pool`). */
export const SIMULATE_OPTIONS: Readonly<Record<string, Kind>> = {
  start: "finite",
  end: "finite",
  intervalMs: "number",
  evaluateAtEnable: "boolean",
  availabilityDelayMs: "nonNegative",
  drainMs: "nonNegative",
  pool: "object",
  seed: "finite",
  cpuNoise: "nonNegative",
  checkInvariants: "boolean",
  onProgress: "function",
  defaultSamplePercent: "nonNegative",
};

/** The fields of `simulate`'s `pool` option. */
export const POOL_OPTIONS: Readonly<Record<string, Kind>> = {
  taskSlotsPerNode: "slots",
  allocationDelayMs: "nonNegative",
  initialDedicated: "quota",
  initialLowPriority: "quota",
  maxDedicated: "quota",
  maxLowPriority: "quota",
  defaultRetentionMs: "limit",
  preemption: "object",
  seed: "finite",
};

/** The fields of `simulate`'s `pool.preemption` option. */
export const PREEMPTION_OPTIONS: Readonly<Record<string, Kind>> = {
  meanTimeToPreemptMs: "preemptMean",
  recoveryMs: "nonNegative",
  relative: "boolean",
};

/** The option fields of `replay`. */
export const REPLAY_OPTIONS: Readonly<Record<string, Kind>> = {
  start: "finite",
  end: "finite",
  intervalMs: "number",
  targetDedicatedNodes: "number",
  targetLowPriorityNodes: "number",
  taskSlotsPerNode: "slots",
  seed: "finite",
  keepRuns: "boolean",
  defaultSamplePercent: "nonNegative",
};

/** The first option of `options` (named `where.field`) that `spec` does not accept; unknown fields are ignored. */
export function checkOptions(where: string, options: object, spec: Readonly<Record<string, Kind>>): Diagnostic | undefined {
  const record = options as Record<string, unknown>;
  for (const [field, kind] of Object.entries(spec)) {
    const v = record[field];
    if (v === undefined) continue;
    const [test, wanted] = ACCEPTS[kind];
    if (!test(v)) return report("BadSimulationOption", { start: 0, end: 0 }, `${where}.${field} must be ${wanted}, not ${showValue(v)}`);
  }
  return undefined;
}

/**
 * The first problem of a `pool.preemption` option's trace form (R505, naming the field), or
 * undefined. A rate and a trace together are refused: the trace is the preemptions.
 */
export function preemptionTraceProblem(p: PreemptionOption): Diagnostic | undefined {
  const refuse = (m: string) => report("BadSimulationOption", { start: 0, end: 0 }, `options.pool.preemption${m}`);
  if (p.events === undefined) return undefined;
  if (p.meanTimeToPreemptMs !== undefined) return refuse(": give meanTimeToPreemptMs (a rate) or events (a trace), not both");
  if (!Array.isArray(p.events)) return refuse(`.events must be an array of { time, count }, not ${showValue(p.events)}`);
  if (p.events.length > MAX_PREEMPTION_EVENTS) return refuse(`.events has ${p.events.length} events; at most ${MAX_PREEMPTION_EVENTS.toLocaleString("en-US")}`);
  for (let i = 0; i < p.events.length; i++) {
    const e = p.events[i] as unknown;
    const where = `.events[${i}]`;
    if (typeof e !== "object" || e === null) return refuse(`${where} must be an object { time, count }, not ${showValue(e)}`);
    const { time, count } = e as { time?: unknown; count?: unknown };
    const timeOk = typeof time === "number" ? Number.isFinite(time) : typeof time === "string" && p.relative !== true && !/^\s*-?\d+(\.\d+)?\s*$/.test(time) && parseSampleTime(time) !== undefined;
    if (!timeOk) return refuse(`${where}.time must be ${p.relative === true ? "a finite number of ms from the start" : "epoch ms or an ISO 8601 date-time with a zone"}, not ${showValue(time)}`);
    if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0 && (count as number) <= MAX_PREEMPTION_COUNT)) {
      return refuse(`${where}.count must be a whole number of nodes from 0 to ${MAX_PREEMPTION_COUNT.toLocaleString("en-US")}, not ${showValue(count)}`);
    }
  }
  return undefined;
}
