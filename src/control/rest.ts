// The Batch REST shapes the server speaks: pools and AutoScaleRuns as JSON, ISO 8601 durations,
// OData errors, and strict request-body readers (known fields, right types, nothing else).
// Pure data mapping; never touches the network or the autoscaler's state.

import type { AutoScaleRun } from "../eval/results.ts";
import type { PoolView } from "./autoscaler.ts";
import { fail, propertyDetails, refuse, type ControlError, type Outcome } from "./errors.ts";

/** `PT15M`, `PT1H30M`, `PT168H` (hours not folded into days, as the service prints them). */
export function formatIsoDuration(ms: number): string {
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = `${h > 0 ? `${h}H` : ""}${m > 0 ? `${m}M` : ""}${s > 0 ? `${s}S` : ""}`;
  return `PT${out === "" ? "0S" : out}`;
}

/** Parses an ISO 8601 duration (days, hours, minutes, seconds); undefined when it is not one. */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:\.\d{1,7})?)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A pool as the REST API returns it (the properties autoscale touches, plus the fixed ones clients expect). */
export function poolJson(p: PoolView, baseUrl: string): Record<string, unknown> {
  return {
    id: p.id,
    ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
    url: `${baseUrl}/pools/${p.id}`,
    eTag: etag(p),
    lastModified: iso(p.lastModified),
    creationTime: iso(p.creationTime),
    state: "active",
    stateTransitionTime: iso(p.creationTime),
    allocationState: p.allocationState,
    allocationStateTransitionTime: iso(p.lastModified),
    vmSize: p.vmSize,
    resizeTimeout: "PT15M",
    currentDedicatedNodes: p.currentDedicatedNodes,
    currentLowPriorityNodes: p.currentLowPriorityNodes,
    targetDedicatedNodes: p.targetDedicatedNodes,
    targetLowPriorityNodes: p.targetLowPriorityNodes,
    enableAutoScale: p.enableAutoScale,
    ...(p.enableAutoScale && p.autoScaleFormula !== undefined ? { autoScaleFormula: p.autoScaleFormula } : {}),
    ...(p.enableAutoScale && p.autoScaleEvaluationIntervalMs !== undefined ? { autoScaleEvaluationInterval: formatIsoDuration(p.autoScaleEvaluationIntervalMs) } : {}),
    ...(p.enableAutoScale && p.autoScaleRun ? { autoScaleRun: runJson(p.autoScaleRun) } : {}),
    enableInterNodeCommunication: false,
    taskSlotsPerNode: p.taskSlotsPerNode,
    taskSchedulingPolicy: { nodeFillType: "spread" },
  };
}

/** The pool's ETag: its record version (runs do not change it). */
export function etag(p: { readonly version: number; readonly creationTime: number }): string {
  return `"0x${(p.creationTime * 1000 + p.version).toString(16).toUpperCase()}"`;
}

/** An AutoScaleRun in REST form (error values are `{ name, value }`). */
export function runJson(run: AutoScaleRun): Record<string, unknown> {
  return { timestamp: run.timestamp, results: run.results, ...(run.error ? { error: run.error } : {}) };
}

/** The service's OData error body. */
export function errorJson(e: ControlError, baseUrl: string, requestId: string, now: number): Record<string, unknown> {
  return {
    "odata.metadata": `${baseUrl}/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element`,
    code: e.code,
    message: { lang: "en-US", value: `${e.message}\nRequestId:${requestId}\nTime:${iso(now)}` },
    ...(e.values.length > 0 ? { values: e.values } : {}),
  };
}

type Kind = "string" | "boolean" | "integer" | "object" | "array" | "duration" | "any";

/**
 * Reads a request body against a field table: unknown fields → UnsupportedProperty, wrong types
 * → InvalidPropertyValue. Fields typed `any` are accepted and ignored (the rest of the Pool
 * model, which these simulated pools do not use).
 */
export function readBody(body: unknown, fields: Readonly<Record<string, Kind>>): Outcome<Record<string, unknown>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return refuse(400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.", [{ key: "Reason", value: "The body must be a JSON object." }]);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    // Own fields only: "constructor" or "__proto__" must not find Object.prototype's members.
    const kind = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (kind === undefined) return refuse(400, "UnsupportedProperty", "One of the properties specified in the HTTP request body is not supported.", [{ key: "PropertyName", value: name }]);
    if (value === null || kind === "any") continue;
    const good =
      kind === "string" || kind === "duration" ? typeof value === "string" :
      kind === "boolean" ? typeof value === "boolean" :
      kind === "integer" ? typeof value === "number" && Number.isInteger(value) :
      kind === "object" ? typeof value === "object" && !Array.isArray(value) :
      Array.isArray(value);
    if (!good) return fail("invalidProperty", propertyDetails(name, `The value must be ${kind === "duration" ? "an ISO 8601 duration string" : `a${kind === "integer" || kind === "object" || kind === "array" ? "n" : ""} ${kind}`}.`));
    if (kind === "duration") {
      const ms = parseIsoDuration(value as string);
      if (ms === undefined) return fail("invalidProperty", propertyDetails(name, "The value must be an ISO 8601 duration such as PT15M."));
      out[name] = ms;
    } else out[name] = value;
  }
  return { ok: true, value: out };
}

/** Pool Add fields: the ones used, then the rest of the REST PoolAddParameter (accepted, ignored). */
export const ADD_POOL_FIELDS: Readonly<Record<string, Kind>> = {
  id: "string",
  displayName: "string",
  vmSize: "string",
  taskSlotsPerNode: "integer",
  maxTasksPerNode: "integer",
  enableAutoScale: "boolean",
  autoScaleFormula: "string",
  autoScaleEvaluationInterval: "duration",
  targetDedicatedNodes: "integer",
  targetLowPriorityNodes: "integer",
  resizeTimeout: "duration",
  ...Object.fromEntries(
    ["cloudServiceConfiguration", "virtualMachineConfiguration", "enableInterNodeCommunication", "networkConfiguration", "startTask", "certificateReferences",
      "applicationPackageReferences", "applicationLicenses", "taskSchedulingPolicy", "userAccounts", "metadata", "mountConfiguration", "targetNodeCommunicationMode",
      "upgradePolicy", "resourceTags"].map((k) => [k, "any" as const]),
  ),
};

export const ENABLE_FIELDS: Readonly<Record<string, Kind>> = { autoScaleFormula: "string", autoScaleEvaluationInterval: "duration" };
export const EVALUATE_FIELDS: Readonly<Record<string, Kind>> = { autoScaleFormula: "string" };
export const RESIZE_FIELDS: Readonly<Record<string, Kind>> = { targetDedicatedNodes: "integer", targetLowPriorityNodes: "integer", resizeTimeout: "duration", nodeDeallocationOption: "string" };
export const SAMPLES_FIELDS: Readonly<Record<string, Kind>> = { samples: "array" };
export const SHADOWS_FIELDS: Readonly<Record<string, Kind>> = { formulas: "array" };
