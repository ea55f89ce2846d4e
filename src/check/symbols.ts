// Symbols: THE table of service-defined variables (spec §5, §11.2), the deallocation keywords
// (spec §7) and the TimeInterval_* constants (spec §1.6, §11.3). Data and lookups only; no checking.

import { DEALLOC_KEYWORDS, TIME_INTERVAL_NAMES, type DeallocKeywordName, type TimeIntervalName } from "../syntax/tokens.ts";
import type { Type } from "./types.ts";

/** Who may write a service variable: the formula (targets) or only the service. */
export type Access = "readwrite" | "readonly";

/**
 * How a service variable is read (spec §11.2):
 * - `scalar`: a plain double (`$CurrentDedicatedNodes * 1.1`);
 * - `sampled`: a metric with a history, read through methods (`$PendingTasks.GetSample(1)`);
 * - `option`: `$NodeDeallocationOption`, which holds a deallocation keyword.
 */
export type Shape = "scalar" | "sampled" | "option";

/** Grouping used by docs, completion and the evaluator's sample store. */
export type VariableGroup = "target" | "node" | "resource" | "task";

/** One service-defined variable (or an alias row pointing at its canonical entry). */
export interface ServiceVariable {
  /** Exact Batch spelling, including the `$`. */
  readonly name: string;
  /** For alias rows: the canonical name whose value this spelling reads and writes. */
  readonly aliasOf?: string;
  readonly access: Access;
  readonly shape: Shape;
  /** Static type of a bare read: `double` (scalar), `metric` (sampled) or `dealloc` (option). */
  readonly type: Type;
  readonly group: VariableGroup;
  /** One-sentence meaning, in our words. */
  readonly doc: string;
  readonly units: string;
  /** A formula fragment using the variable. */
  readonly example: string;
  /** Era / compatibility note (aliases, [L] additions, the 2024-03-31 metric retirement). */
  readonly era?: string;
  /** True for the resource metrics that stop receiving samples after 2024-03-31 (spec §5.3 [L]). */
  readonly retired?: boolean;
}

const RETIRING = "[L] no longer receives samples after 2024-03-31 (spec §5.3).";

const v = (
  name: string,
  access: Access,
  shape: Shape,
  group: VariableGroup,
  units: string,
  doc: string,
  example: string,
  extra: { aliasOf?: string; era?: string; retired?: boolean } = {},
): ServiceVariable => ({
  name,
  access,
  shape,
  type: shape === "scalar" ? "double" : shape === "sampled" ? "metric" : "dealloc",
  group,
  units,
  doc,
  example,
  ...extra,
});

/** Every service variable of spec §5, canonical rows first, alias rows after their canonical row. */
// prettier-ignore
export const SERVICE_VARIABLES: readonly ServiceVariable[] = [
  // §5.1 read-write targets
  v("$TargetDedicatedNodes",   "readwrite", "scalar",  "target",   "nodes",   "Desired number of dedicated compute nodes; starts at the pool's current dedicated target.", "$TargetDedicatedNodes = min(10, $CurrentDedicatedNodes + 1);"),
  v("$TargetDedicated",        "readwrite", "scalar",  "target",   "nodes",   "Old (2015–2016) name of $TargetDedicatedNodes; if both are assigned, $TargetDedicatedNodes wins.", "$TargetDedicated = 5;", { aliasOf: "$TargetDedicatedNodes", era: "alias from the pre-2017 API; results print $TargetDedicatedNodes" }),
  v("$TargetLowPriorityNodes", "readwrite", "scalar",  "target",   "nodes",   "Desired number of Spot/low-priority compute nodes; starts at the pool's current low-priority target.", "$TargetLowPriorityNodes = max(0, min(10, $PendingTasks.GetSample(1)));", { era: "added 2017 with low-priority nodes" }),
  v("$TargetLowPriority",      "readwrite", "scalar",  "target",   "nodes",   "Alias of $TargetLowPriorityNodes; if both are assigned, $TargetLowPriorityNodes wins.", "$TargetLowPriority = 2;", { aliasOf: "$TargetLowPriorityNodes", era: "alias; results print $TargetLowPriorityNodes" }),
  v("$NodeDeallocationOption", "readwrite", "option",  "target",   "keyword", "What happens to running tasks on nodes removed when a target decreases: requeue (default), terminate, taskcompletion or retaineddata.", "$NodeDeallocationOption = taskcompletion;"),
  // §5.2 read-only node counts and pool configuration
  v("$CurrentDedicatedNodes",  "readonly",  "scalar",  "node",     "nodes",   "Current number of dedicated compute nodes.", "$TargetDedicatedNodes = $CurrentDedicatedNodes * 1.1;"),
  v("$CurrentDedicated",       "readonly",  "scalar",  "node",     "nodes",   "Old (2015–2016) name of $CurrentDedicatedNodes.", "$TargetDedicated = $CurrentDedicated;", { aliasOf: "$CurrentDedicatedNodes", era: "alias from the pre-2017 API" }),
  v("$CurrentLowPriorityNodes", "readonly", "scalar",  "node",     "nodes",   "Current number of Spot/low-priority compute nodes, including preempted ones.", "$TargetLowPriorityNodes = $CurrentLowPriorityNodes + 1;", { era: "added 2017" }),
  v("$PreemptedNodeCount",     "readonly",  "sampled", "node",     "nodes",   "Number of compute nodes in the preempted state.", "min(25, $PreemptedNodeCount.GetSample(TimeInterval_Minute * 10))", { era: "added 2017" }),
  v("$UsableNodeCount",        "readonly",  "sampled", "node",     "nodes",   "Number of usable compute nodes.", "max($UsableNodeCount.GetSample(1))", { era: "[L] added ~2023; sampled by analogy with $PreemptedNodeCount (spec §11.2)" }),
  v("$SampleNodeCount",        "readonly",  "sampled", "node",     "nodes",   "Number of compute nodes that contributed to a sample.", "avg($SampleNodeCount.GetSample(1))", { era: RETIRING, retired: true }),
  v("$TaskSlotsPerNode",       "readonly",  "scalar",  "node",     "slots",   "Task slots per compute node (the pool's taskSlotsPerNode; default 1).", "$TargetDedicatedNodes = max($ActiveTasks.GetSample(1)) / $TaskSlotsPerNode;", { era: "added ~2020" }),
  // §5.3 read-only resource metrics (sampled)
  v("$CPUPercent",             "readonly",  "sampled", "resource", "percent", "Average CPU usage across the pool's nodes (official samples compare it with fractions such as 0.7).", "avg($CPUPercent.GetSample(TimeInterval_Minute * 10))"),
  v("$WallClockSeconds",       "readonly",  "sampled", "resource", "seconds", "Number of seconds consumed.", "sum($WallClockSeconds.GetSample(1))", { era: RETIRING, retired: true }),
  v("$MemoryBytes",            "readonly",  "sampled", "resource", "megabytes", "Average memory used, in megabytes despite the name.", "avg($MemoryBytes.GetSample(1))", { era: RETIRING, retired: true }),
  v("$DiskBytes",              "readonly",  "sampled", "resource", "gigabytes", "Average space used on the local disks, in gigabytes despite the name.", "avg($DiskBytes.GetSample(1))", { era: RETIRING, retired: true }),
  v("$DiskReadBytes",          "readonly",  "sampled", "resource", "bytes",   "Number of bytes read.", "sum($DiskReadBytes.GetSample(1))", { era: RETIRING, retired: true }),
  v("$DiskWriteBytes",         "readonly",  "sampled", "resource", "bytes",   "Number of bytes written.", "sum($DiskWriteBytes.GetSample(1))", { era: RETIRING, retired: true }),
  v("$DiskReadOps",            "readonly",  "sampled", "resource", "count",   "Number of read disk operations performed.", "sum($DiskReadOps.GetSample(1))", { era: RETIRING, retired: true }),
  v("$DiskWriteOps",           "readonly",  "sampled", "resource", "count",   "Number of write disk operations performed.", "sum($DiskWriteOps.GetSample(1))", { era: RETIRING, retired: true }),
  v("$NetworkInBytes",         "readonly",  "sampled", "resource", "bytes",   "Number of inbound network bytes.", "sum($NetworkInBytes.GetSample(1))", { era: RETIRING, retired: true }),
  v("$NetworkOutBytes",        "readonly",  "sampled", "resource", "bytes",   "Number of outbound network bytes.", "sum($NetworkOutBytes.GetSample(1))", { era: RETIRING, retired: true }),
  // §5.4 read-only task metrics (sampled)
  v("$ActiveTasks",            "readonly",  "sampled", "task",     "tasks",   "Tasks ready to run but not running (active with dependencies satisfied; a multi-instance task counts its instances).", "max(0, $ActiveTasks.GetSample(1))"),
  v("$RunningTasks",           "readonly",  "sampled", "task",     "tasks",   "Tasks in the running state.", "$RunningTasks.GetSample(1 * TimeInterval_Minute, 6 * TimeInterval_Minute)"),
  v("$PendingTasks",           "readonly",  "sampled", "task",     "tasks",   "Active plus running tasks ($ActiveTasks + $RunningTasks).", "avg($PendingTasks.GetSample(TimeInterval_Minute * 15))", { era: "added 2016" }),
  v("$SucceededTasks",         "readonly",  "sampled", "task",     "tasks",   "Tasks that finished successfully.", "sum($SucceededTasks.GetSample(1))"),
  v("$FailedTasks",            "readonly",  "sampled", "task",     "tasks",   "Tasks that failed.", "sum($FailedTasks.GetSample(1))"),
];

/** The four values of `$NodeDeallocationOption` (spec §7); spelled once, in syntax/tokens.ts. */
export type DeallocOption = DeallocKeywordName;

/** A deallocation keyword with its meaning. */
export interface DeallocKeyword {
  readonly name: DeallocOption;
  readonly doc: string;
}

// prettier-ignore
const DEALLOC_DOCS: Readonly<Record<DeallocOption, string>> = {
  requeue:        "Default. Stop running tasks on removed nodes and put them back in the queue; the node leaves at once.",
  terminate:      "Stop running tasks on removed nodes and complete them as failed; they never run again.",
  taskcompletion: "Let running tasks finish (no new tasks start on the node), then remove the node.",
  retaineddata:   "Let running tasks finish, then wait until every task's data-retention time on the node has expired.",
};

/** The deallocation keywords, default first (the lexer's spellings, with docs). */
export const DEALLOC_OPTIONS: readonly DeallocKeyword[] = DEALLOC_KEYWORDS.map((name) => ({ name, doc: DEALLOC_DOCS[name] }));

/** A `TimeInterval_*` constant. */
export interface TimeIntervalConstant {
  readonly name: string;
  /** Value in milliseconds (the runtime unit of timeinterval). */
  readonly ms: number;
  readonly doc: string;
}

const SECOND = 1000;
const DAY = 86_400 * SECOND;

// prettier-ignore
const TIME_INTERVAL_FACTS: Readonly<Record<TimeIntervalName, { readonly ms: number; readonly doc: string }>> = {
  TimeInterval_Zero:        { ms: 0,              doc: "Zero length." },
  TimeInterval_100ns:       { ms: 0.0001,         doc: "100 nanoseconds (one .NET tick)." },
  TimeInterval_Microsecond: { ms: 0.001,          doc: "One microsecond." },
  TimeInterval_Millisecond: { ms: 1,              doc: "One millisecond." },
  TimeInterval_Second:      { ms: SECOND,         doc: "One second." },
  TimeInterval_Minute:      { ms: 60 * SECOND,    doc: "One minute (60 seconds)." },
  TimeInterval_Hour:        { ms: 3600 * SECOND,  doc: "One hour (3600 seconds)." },
  TimeInterval_Day:         { ms: DAY,            doc: "One day (86 400 seconds)." },
  TimeInterval_Week:        { ms: 7 * DAY,        doc: "One week (7 days)." },
  TimeInterval_Year:        { ms: 365 * DAY,      doc: "365 days (no leap-year handling; spec §11.3)." },
};

/** The complete list of spec §1.6 (the lexer's spellings, with values and docs); `TimeInterval_Year` = 365 days (spec §11.3). */
export const TIME_INTERVALS: readonly TimeIntervalConstant[] = TIME_INTERVAL_NAMES.map((name) => ({ name, ...TIME_INTERVAL_FACTS[name] }));

const VARIABLES_BY_NAME: ReadonlyMap<string, ServiceVariable> = new Map(SERVICE_VARIABLES.map((x) => [x.name, x]));
const CONSTANTS_BY_NAME: ReadonlyMap<string, TimeIntervalConstant> = new Map(TIME_INTERVALS.map((x) => [x.name, x]));
const DEALLOC_BY_NAME: ReadonlyMap<string, DeallocKeyword> = new Map(DEALLOC_OPTIONS.map((x) => [x.name, x]));

/** The row for an exact spelling (alias rows included), or undefined. */
export function lookupServiceVariable(name: string): ServiceVariable | undefined {
  return VARIABLES_BY_NAME.get(name);
}

/** The canonical row for an exact spelling: aliases map to the variable they stand for. */
export function canonicalServiceVariable(name: string): ServiceVariable | undefined {
  const row = VARIABLES_BY_NAME.get(name);
  return row?.aliasOf === undefined ? row : VARIABLES_BY_NAME.get(row.aliasOf);
}

/** A `TimeInterval_*` constant by exact name. */
export function lookupConstant(name: string): TimeIntervalConstant | undefined {
  return CONSTANTS_BY_NAME.get(name);
}

/** A deallocation keyword by exact name. */
export function lookupDeallocOption(name: string): DeallocKeyword | undefined {
  return DEALLOC_BY_NAME.get(name);
}

/** What kind of symbol a spelling is, for messages ("service variable", "constant" …). */
export type SymbolKind = "service variable" | "constant" | "deallocation option";

/** A symbol found by a case-insensitive lookup, with its exact spelling. */
export interface SymbolMatch {
  readonly name: string;
  readonly kind: SymbolKind;
}

const CASE_INDEX: ReadonlyMap<string, SymbolMatch> = new Map<string, SymbolMatch>([
  ...SERVICE_VARIABLES.map((x) => [x.name.toLowerCase(), { name: x.name, kind: "service variable" }] as const),
  ...TIME_INTERVALS.map((x) => [x.name.toLowerCase(), { name: x.name, kind: "constant" }] as const),
  ...DEALLOC_OPTIONS.map((x) => [x.name.toLowerCase(), { name: x.name, kind: "deallocation option" }] as const),
]);

/**
 * Case-insensitive lookup over service variables, constants and keywords: `$pendingTasks` →
 * `$PendingTasks`. Used for "names are case-sensitive; did you mean …" diagnostics.
 */
export function lookupSymbolIgnoringCase(name: string): SymbolMatch | undefined {
  return CASE_INDEX.get(name.toLowerCase());
}

/** Hash of an ASCII spelling with A–Z folded to a–z; -1 when it has other characters. */
function foldedHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c > 127) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}
const CASE_HASHES: ReadonlySet<number> = new Set([...CASE_INDEX.keys()].map(foldedHash));

/**
 * False only when {@link lookupSymbolIgnoringCase} is certain to miss: a cheap pre-filter that
 * spares the lower-cased copy for the common user-variable name. Non-ASCII names always pass
 * (their lower-casing is not per-character ASCII).
 */
export function mayMatchIgnoringCase(name: string): boolean {
  if (typeof name !== "string") return true; // hand-built trees: let the real lookup decide (and fail) as before
  const h = foldedHash(name);
  return h === -1 || CASE_HASHES.has(h);
}

/** Every exact symbol spelling (variables incl. aliases, constants, keywords), for suggestions. */
export const SYMBOL_NAMES: readonly string[] = [...CASE_INDEX.values()].map((x) => x.name);

/** Hover text for a service variable, constant or keyword: a one-line signature plus docs. */
export interface SymbolHover {
  readonly signature: string;
  readonly doc: string;
  readonly example?: string;
  readonly era?: string;
}

/** Hover for an exact spelling; undefined when it is not a service variable, constant or keyword. */
export function symbolHover(name: string): SymbolHover | undefined {
  const row = lookupServiceVariable(name);
  if (row) {
    const kind = row.shape === "sampled" ? "sampled metric" : row.shape === "option" ? "deallocation option" : "double";
    const alias = row.aliasOf ? `, alias of ${row.aliasOf}` : "";
    return {
      signature: `${row.name}: ${kind} (${row.access === "readwrite" ? "read-write" : "read-only"}, ${row.units}${alias})`,
      doc: row.doc,
      example: row.example,
      ...(row.era !== undefined ? { era: row.era } : {}),
    };
  }
  const c = lookupConstant(name);
  if (c) return { signature: `${c.name}: timeinterval`, doc: c.doc, example: `5 * ${c.name}` };
  const k = lookupDeallocOption(name);
  if (k) return { signature: `${k.name}: deallocation option`, doc: k.doc, example: `$NodeDeallocationOption = ${k.name};` };
  return undefined;
}
