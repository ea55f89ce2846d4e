// Preemption traces: when low-priority nodes were taken back, as the dry-run's `pool.preemption`
// option (`{ events, relative, recoveryMs }`) instead of a rate. CSV text `time[,count]`, one
// event per line, header optional; every problem an R502 diagnostic at its line. Browser-safe.
//
// Times, as in the workload CSV (load.ts): a number is seconds from the simulation start
// (relative), an ISO 8601 date-time with a zone is an instant; a header naming the column `epoch`
// instead of `time` makes numbers Unix epoch seconds. One file uses relative or absolute times.

import { describeValue, report, showValue, type Diagnostic, type Span } from "../../base/diagnostics.ts";
import { lineIndex, readCsvRecords } from "../../metrics/csv.ts";
import { parseSampleTime } from "../../metrics/load.ts";
import type { PreemptionEvent } from "../../resizer/pool.ts";
import { MAX_PREEMPTION_COUNT, MAX_PREEMPTION_EVENTS } from "../limits.ts";

/** A loaded trace: times in ms, from the simulation start when `relative`, else epoch ms. */
export interface PreemptionTrace {
  readonly events: readonly { readonly time: number; readonly count: number }[];
  readonly relative: boolean;
}

/** The trace and one diagnostic per problem (the events that were read stay usable for a preview). */
export interface PreemptionLoadResult {
  readonly trace: PreemptionTrace;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The `pool.preemption` option of `simulate`: a rate (`meanTimeToPreemptMs`) or a trace
 * (`events`, times as epoch ms or ISO 8601 text, or ms from the start with `relative`), not both.
 */
export interface PreemptionOption {
  readonly meanTimeToPreemptMs?: number;
  readonly events?: readonly { readonly time: number | string; readonly count?: number }[];
  readonly relative?: boolean;
  /** how long a preempted node stays preempted (default: for the rest of the run) */
  readonly recoveryMs?: number;
}

const NO_SPAN: Span = { start: 0, end: 0 };

/** Reads a preemption trace from CSV text. Never throws. */
export function loadPreemptions(text: string): PreemptionLoadResult {
  const diagnostics: Diagnostic[] = [];
  const none = (): PreemptionLoadResult => ({ trace: { events: [], relative: true }, diagnostics });
  if (typeof text !== "string") {
    diagnostics.push(report("BadDataFile", NO_SPAN, `a preemption trace is CSV text (time[,count]): expected a string, got ${describeValue(text)}`));
    return none();
  }
  try {
    return read(text, diagnostics);
  } catch (e) {
    diagnostics.push(report("BadDataFile", NO_SPAN, `the preemption trace could not be read: ${e instanceof Error ? e.message : "an exception"}`));
    return none();
  }
}

function read(text: string, diagnostics: Diagnostic[]): PreemptionLoadResult {
  const lines = lineIndex(text);
  const at = lines.at;
  let records = readCsvRecords(text, lines, diagnostics) ?? [];
  let epoch = false;
  let timeColumn = 0;
  let countColumn = 1;
  const first = records[0];
  if (first && /^[a-z_]+$/i.test(first.record[0] ?? "")) {
    // A header row: `time` (or `epoch`) and optionally `count`, in either order.
    const names = first.record.map((h) => h.toLowerCase());
    const where = at(first.info.lines);
    const bad = names.find((n) => n !== "time" && n !== "epoch" && n !== "count");
    const times = names.filter((n) => n === "time" || n === "epoch").length;
    if (bad !== undefined) diagnostics.push(report("BadDataFile", where, `line ${first.info.lines}: unknown column '${bad}': expected time (or epoch) and count`));
    else if (times !== 1 || names.length !== new Set(names).size) diagnostics.push(report("BadDataFile", where, `line ${first.info.lines}: the header needs one time (or epoch) column and at most one count column`));
    if (diagnostics.length > 0) return { trace: { events: [], relative: true }, diagnostics };
    timeColumn = names.findIndex((n) => n === "time" || n === "epoch");
    epoch = names[timeColumn] === "epoch";
    countColumn = names.indexOf("count");
    records = records.slice(1);
  }
  const events: { time: number; count: number }[] = [];
  let relative: boolean | undefined;
  for (const { record, info } of records) {
    const line = info.lines;
    const bad = (message: string) => diagnostics.push(report("BadDataFile", at(line), `line ${line}: ${message}`));
    if (record.length > 2) {
      bad(`${record.length} fields, expected time[,count]`);
      continue;
    }
    const cellTime = record[timeColumn] ?? "";
    const time = parseTime(cellTime, epoch);
    if (time === undefined) {
      bad(`time ${show(cellTime)} is not ${epoch ? "Unix epoch seconds" : "seconds from the start"} or an ISO 8601 date-time with a zone`);
      continue;
    }
    if (relative === undefined) relative = time.relative;
    else if (relative !== time.relative) {
      bad(`time ${show(cellTime)} mixes ${time.relative ? "seconds from the start" : "absolute times"} with the file's ${relative ? "seconds from the start" : "absolute times"}`);
      continue;
    }
    const cell = countColumn >= 0 ? record[countColumn] : undefined;
    const count = cell === undefined || cell === "" ? 1 : /^\d+$/.test(cell) ? Number(cell) : NaN;
    if (!(count >= 0 && count <= MAX_PREEMPTION_COUNT)) {
      bad(`count ${show(cell)} is not a whole number of nodes from 0 to ${MAX_PREEMPTION_COUNT.toLocaleString("en-US")}`);
      continue;
    }
    if (events.length === MAX_PREEMPTION_EVENTS) {
      bad(`more than ${MAX_PREEMPTION_EVENTS.toLocaleString("en-US")} preemption events: merge events at the same time (count) or split the trace`);
      break;
    }
    events.push({ time: time.ms, count });
  }
  if (events.length === 0 && diagnostics.length === 0) diagnostics.push(report("BadDataFile", NO_SPAN, "the preemption trace has no events: expected one per line (time[,count])"));
  return { trace: { events, relative: relative ?? true }, diagnostics };
}

function parseTime(cell: string, epoch: boolean): { ms: number; relative: boolean } | undefined {
  if (/^-?\d+(\.\d+)?$/.test(cell)) {
    const ms = Number(cell) * 1_000;
    if (!Number.isFinite(ms)) return undefined;
    return epoch ? (parseSampleTime(ms) === undefined ? undefined : { ms, relative: false }) : { ms, relative: true };
  }
  const ms = parseSampleTime(cell);
  return ms === undefined ? undefined : { ms, relative: false };
}

const show = (x: unknown): string => (x === undefined || x === "" ? "(missing)" : showValue(x));

/** The trace's events as epoch ms (relative ones from `start`): what the pool takes. */
export function resolvePreemptionEvents(p: PreemptionOption, start: number): PreemptionEvent[] {
  const out: PreemptionEvent[] = [];
  for (const e of p.events ?? []) {
    const time = typeof e.time === "string" ? parseSampleTime(e.time)! : p.relative === true ? start + e.time : e.time;
    out.push(e.count === undefined ? { time } : { time, count: e.count });
  }
  return out;
}

/** How many events of a resolved trace fall before `start` or after `end` (never fired). */
export function preemptionsOutside(events: readonly { readonly time: number }[], start: number, end: number): { before: number; after: number } {
  let before = 0;
  let after = 0;
  for (const e of events) {
    if (e.time < start) before++;
    else if (e.time > end) after++;
  }
  return { before, after };
}
