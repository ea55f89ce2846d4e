// Trace loading façade: detects a trace's format from its name or first bytes and reads it
// (Azure Batch task exports and SWF streamed; CSV and JSON Lines through loadWorkload). Several
// files (one Batch export per job) load into one workload. Never throws.

import { lineOf } from "../../metrics/csv.ts";
import { loadWorkload } from "../load.ts";
import { loadBatchTasks } from "./batch-json.ts";
import { textChunks } from "./lines.ts";
import { loadSwf } from "./swf.ts";
import { MAX_PROBLEMS, type TextSource, type TraceFormat, type TraceLoadResult, type TraceTask } from "./types.ts";

export const TRACE_FORMATS: readonly TraceFormat[] = ["batch-json", "swf", "csv", "jsonl"];

/**
 * The format of a trace: from its file name's extension (.swf, .json, .jsonl/.ndjson, .csv), else
 * from its first characters: `[` or `{` followed by no line-per-object layout → Batch JSON,
 * `{` objects one per line → JSON Lines, `;` or 18 numeric fields → SWF, anything else CSV.
 */
export function detectTraceFormat(name: string, head: string): TraceFormat {
  if (typeof name !== "string") name = "";
  if (typeof head !== "string") head = "";
  const lower = name.toLowerCase();
  if (lower.endsWith(".swf")) return "swf";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return "batch-json";
  if (lower.endsWith(".csv")) return "csv";
  const text = head.replace(/^\uFEFF/, "");
  const first = text.trimStart();
  if (first.startsWith("[")) return "batch-json";
  if (first.startsWith("{")) {
    const line = first.split(/\r?\n/, 1)[0]!.trim();
    try {
      const v = JSON.parse(line) as unknown;
      if (typeof v === "object" && v !== null && "submit" in v) return "jsonl";
    } catch {
      // not one object per line
    }
    return "batch-json";
  }
  if (first.startsWith(";")) return "swf";
  const dataLine = text.split(/\r?\n/).find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  if (dataLine !== undefined && dataLine.trim().split(/\s+/).length === 18 && /^[\s\d.eE+-]+$/.test(dataLine)) return "swf";
  return "csv";
}

/** Options of {@link loadTrace}. */
export interface LoadTraceOptions {
  /** SWF: cores (task slots) per node, default 1 */
  readonly coresPerNode?: number;
  /** Batch JSON: job id for tasks whose url names none */
  readonly jobId?: string;
  readonly onBytes?: (n: number) => void;
}

/** Loads one trace in a known format. */
export async function loadTrace(source: TextSource, format: TraceFormat, options: LoadTraceOptions = {}): Promise<TraceLoadResult> {
  options = typeof options === "object" && options !== null ? options : {};
  if (format === "swf") return loadSwf(source, options);
  if (format === "batch-json") return loadBatchTasks(source, options);
  // CSV / JSON Lines: the existing loader, on the whole text.
  const parts: string[] = [];
  try {
    for await (const chunk of textChunks(source, options?.onBytes)) parts.push(chunk);
  } catch (e) {
    return { workload: { tasks: [], relative: true }, problems: [{ line: 0, message: `the trace could not be read: ${e instanceof Error ? e.message : String(e)}` }], problemCount: 1, skipped: [], records: 0, header: {} };
  }
  const text = parts.join("");
  const r = loadWorkload(text, format);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  // Lines indexed only when there is a problem to place.
  const line = errors.length > 0 ? lineOf(text) : undefined;
  const problems = errors.map((d) => ({ line: line!(d.span.start), message: d.message }));
  return {
    workload: r.workload,
    problems: problems.slice(0, MAX_PROBLEMS),
    problemCount: problems.length,
    skipped: [],
    records: r.workload.tasks.length + problems.length,
    header: {},
  };
}

/** Several loaded traces as one workload (e.g. one Batch export per job); all must agree on relative vs absolute times. */
export function mergeTraces(parts: readonly TraceLoadResult[]): TraceLoadResult {
  if (parts.length === 1) return parts[0]!;
  const tasks: TraceTask[] = [];
  const skipped = new Map<string, { count: number; examples: string[] }>();
  let records = 0;
  for (const p of parts) {
    for (const t of p.workload.tasks) tasks.push(t);
    records += p.records;
    for (const s of p.skipped) {
      const e = skipped.get(s.reason) ?? { count: 0, examples: [] };
      e.count += s.count;
      e.examples.push(...s.examples.slice(0, 3 - e.examples.length));
      skipped.set(s.reason, e);
    }
  }
  const relative = parts.every((p) => p.workload.relative);
  return {
    workload: { tasks, relative },
    problems: parts.flatMap((p) => p.problems).slice(0, MAX_PROBLEMS),
    problemCount: parts.reduce((n, p) => n + p.problemCount, 0),
    skipped: [...skipped].map(([reason, e]) => ({ reason, count: e.count, examples: e.examples })),
    records,
    header: Object.assign({}, ...parts.map((p) => p.header)),
  };
}
