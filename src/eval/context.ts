// Context files: the JSON an evaluation reads (now, pool, samples, seed, options), validated
// into an EvalContext. Every problem is an R502 diagnostic whose span points into the file text,
// so the renderer prints file:line:col. Never throws.

import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { describeValue, report, type Diagnostic, type Span } from "../base/diagnostics.ts";
import { poolFieldProblem, type EvalContext, type EvalOptions } from "./prepare.ts";
import type { PoolState } from "./results.ts";
import { parseTime } from "../base/timeparse.ts";
import { samplesFromRecord } from "../metrics/load.ts";
import { MetricsStore } from "../metrics/store.ts";

/** A parsed context file: the context when valid, plus every problem found. */
export interface ContextFile {
  readonly context: EvalContext | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const POOL_FIELDS = ["targetDedicatedNodes", "targetLowPriorityNodes", "currentDedicatedNodes", "currentLowPriorityNodes", "taskSlotsPerNode"] as const;
const OPTION_FIELDS = ["defaultSamplePercent", "availabilityDelayMs", "retentionMs"] as const;

/**
 * Parses `{ "now": …, "pool": {…}, "samples": { "$Metric": [[time, value], …] }, "seed"?: n,
 * "options"?: {…} }`. Strict JSON (no comments, no trailing commas). Missing pool fields default
 * to 0 (taskSlotsPerNode to 1). `samples` may be replaced by a store (the CLI's `--metrics`).
 */
export function parseEvalContextJson(text: string, overrides: { samples?: MetricsStore; now?: string } = {}): ContextFile {
  if (typeof text !== "string") return { context: undefined, diagnostics: [report("BadDataFile", NO_SPAN, `a context file is JSON text: expected a string, got ${describeValue(text)}`)] };
  const o: unknown = overrides ?? {};
  if (typeof o !== "object" || Array.isArray(o)) return { context: undefined, diagnostics: [report("BadDataFile", NO_SPAN, `the overrides must be an object { samples?, now? }, got ${describeValue(o)}`)] };
  const { samples, now } = o as { samples?: unknown; now?: unknown };
  if (samples !== undefined && !(samples instanceof MetricsStore)) return { context: undefined, diagnostics: [report("BadDataFile", NO_SPAN, `overrides.samples must be a MetricsStore, got ${describeValue(samples)}`)] };
  if (now !== undefined && typeof now !== "string") return { context: undefined, diagnostics: [report("BadDataFile", NO_SPAN, `overrides.now must be time text, got ${describeValue(now)}`)] };
  const deep = tooDeep(text, MAX_CONTEXT_DEPTH);
  if (deep !== undefined) return { context: undefined, diagnostics: [report("BadDataFile", { start: deep, end: deep + 1 }, `the JSON is nested more than ${MAX_CONTEXT_DEPTH} levels deep; a context needs 4`)] };
  try {
    return parseContext(text, { ...(samples ? { samples } : {}), ...(now !== undefined ? { now } : {}) });
  } catch (e) {
    return { context: undefined, diagnostics: [report("BadDataFile", NO_SPAN, `the context could not be read: ${e instanceof Error ? e.message : "an exception"}`)] };
  }
}

const NO_SPAN: Span = { start: 0, end: 0 };

/** Deepest nesting of arrays and objects a context file may have (the parser recurses per level). */
export const MAX_CONTEXT_DEPTH = 64;

/** Offset of the bracket that opens level `limit + 1` of nested JSON arrays/objects, if any (strings skipped). */
function tooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return undefined;
}

function parseContext(text: string, overrides: { samples?: MetricsStore; now?: string }): ContextFile {
  const diagnostics: Diagnostic[] = [];
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    // Errors at the same place are one mistake seen from several nesting levels: report it once.
    const seen = new Set<string>();
    for (const e of errors) {
      const message = `invalid JSON: ${describe(printParseErrorCode(e.error))}`;
      if (seen.has(`${e.offset}:${message}`)) continue;
      seen.add(`${e.offset}:${message}`);
      diagnostics.push(report("BadDataFile", { start: e.offset, end: e.offset + e.length }, message));
    }
    if (diagnostics.length === 0) diagnostics.push(report("BadDataFile", { start: 0, end: 0 }, "invalid JSON: the file is empty"));
    return { context: undefined, diagnostics };
  }
  const spanOf = (node: Node | undefined): Span => (node ? { start: node.offset, end: node.offset + node.length } : { start: 0, end: 0 });
  const problem = (node: Node | undefined, message: string) => diagnostics.push(report("BadDataFile", spanOf(node), message));
  if (tree.type !== "object") {
    problem(tree, "a context must be a JSON object { now, pool, samples }");
    return { context: undefined, diagnostics };
  }
  const at = (...path: (string | number)[]) => findNodeAtLocation(tree, path);

  // now
  let now: string | number | undefined;
  if (overrides.now !== undefined) {
    if (parseTime(overrides.now) === undefined) problem(undefined, `--now ${JSON.stringify(overrides.now)} is not an ISO 8601 / RFC 1123 time`);
    else now = overrides.now;
  } else {
    const node = at("now");
    const v: unknown = node ? getNodeValue(node) : undefined;
    if (node === undefined) problem(tree, "missing \"now\": the evaluation time (ISO 8601 text or epoch milliseconds)");
    else if (typeof v === "number" && Number.isFinite(v)) now = v;
    else if (typeof v === "string" && parseTime(v) !== undefined) now = v;
    else problem(node, `now: ${JSON.stringify(v)} is not an ISO 8601 / RFC 1123 time or epoch milliseconds`);
  }

  // pool
  const poolNode = at("pool");
  const pool: Record<string, number> = {};
  if (poolNode && poolNode.type !== "object") problem(poolNode, "pool must be an object");
  for (const field of POOL_FIELDS) {
    const node = poolNode?.type === "object" ? findNodeAtLocation(poolNode, [field]) : undefined;
    const v: unknown = node ? getNodeValue(node) : field === "taskSlotsPerNode" ? 1 : 0;
    const wrong = typeof v === "number" ? poolFieldProblem(field, v) : "is not a number";
    if (wrong === undefined) pool[field] = v as number;
    else problem(node, `pool.${field}: ${JSON.stringify(v)} ${wrong}`);
  }

  // samples
  let samples: EvalContext["samples"];
  if (overrides.samples) samples = overrides.samples;
  else {
    const node = at("samples");
    if (node) {
      const loaded = samplesFromRecord(getNodeValue(node), {}, (metric, i) =>
        spanOf((i === undefined ? undefined : findNodeAtLocation(node, [metric, i])) ?? findNodeAtLocation(node, [metric]) ?? node),);
      diagnostics.push(...loaded.diagnostics);
      samples = loaded.store;
    }
  }

  // seed and options
  const seedNode = at("seed");
  const seed: unknown = seedNode ? getNodeValue(seedNode) : undefined;
  if (seed !== undefined && (typeof seed !== "number" || !Number.isFinite(seed))) problem(seedNode, "seed must be a number");
  const options: Record<string, number> = {};
  const optionsNode = at("options");
  if (optionsNode && optionsNode.type !== "object") problem(optionsNode, "options must be an object");
  for (const field of OPTION_FIELDS) {
    const node = optionsNode?.type === "object" ? findNodeAtLocation(optionsNode, [field]) : undefined;
    if (!node) continue;
    const v: unknown = getNodeValue(node);
    if (typeof v === "number" && v >= 0) options[field] = v;
    else problem(node, `options.${field}: ${JSON.stringify(v)} is not a non-negative number`);
  }

  if (diagnostics.length > 0 || now === undefined) return { context: undefined, diagnostics };
  const context: EvalContext = {
    now,
    pool: pool as unknown as PoolState,
    ...(samples !== undefined ? { samples } : {}),
    ...(typeof seed === "number" ? { seed } : {}),
    options: options as EvalOptions,
  };
  return { context, diagnostics };
}

/** `PropertyNameExpected` → `property name expected`. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
