// Workload traces from text (browser-safe: callers read files). CSV with columns
// `submit,duration[,slots][,retention][,id]` (header optional) or JSON Lines with the same
// fields. Every problem is an R502 diagnostic whose span starts its line; never throws.
//
// Times: `submit` is either an ISO 8601 date-time with a zone (absolute) or a number of seconds
// from the simulation start (relative); one file uses one kind. `duration` and `retention` are
// seconds, or durations such as `90s`, `15m`, `1h30m`, `PT15M`.

import { describeValue, report, showValue, type Diagnostic, type Span } from "../base/diagnostics.ts";
import { lineIndex, readCsvRecords, type LineIndex } from "../metrics/csv.ts";
import { parseSampleTime } from "../metrics/load.ts";
import type { TaskSpec } from "../resizer/pool.ts";
import { parseDuration } from "./duration.ts";

/** A loaded trace. With `relative` times, `submit` is an offset in ms from the simulation start. */
export interface Workload {
  readonly tasks: readonly TaskSpec[];
  readonly relative: boolean;
}

/** Result of loading: the valid tasks plus one diagnostic per problem. */
export interface WorkloadLoadResult {
  readonly workload: Workload;
  readonly diagnostics: readonly Diagnostic[];
}

const COLUMNS = ["submit", "duration", "slots", "retention", "id"] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, unknown>>;

/** Loads CSV or JSON Lines; `format` defaults to JSONL when the first data line starts with `{`. */
export function loadWorkload(text: string, format?: "csv" | "jsonl"): WorkloadLoadResult {
  if (typeof text !== "string") return toWorkload([], [report("BadDataFile", NO_SPAN, `a workload is text (CSV or JSON Lines): expected a string, got ${describeValue(text)}`)], () => NO_SPAN);
  if (format !== undefined && format !== "csv" && format !== "jsonl") return toWorkload([], [report("BadDataFile", NO_SPAN, `the workload format must be "csv" or "jsonl", not ${showValue(format)}`)], () => NO_SPAN);
  try {
    return readWorkload(text, format);
  } catch (e) {
    // a backstop: every problem above is a diagnostic already
    return { workload: { tasks: [], relative: true }, diagnostics: [report("BadDataFile", NO_SPAN, `the workload could not be read: ${e instanceof Error ? e.message : "an exception"}`)] };
  }
}

const NO_SPAN: Span = { start: 0, end: 0 };

function readWorkload(text: string, format: "csv" | "jsonl" | undefined): WorkloadLoadResult {
  const firstLine = firstDataLine(text);
  const kind = format ?? (firstLine.trimStart().startsWith("{") ? "jsonl" : "csv");
  const lines = lineIndex(text);
  const at = lines.at;
  const rows: { line: number; row: Row }[] = [];
  const diagnostics: Diagnostic[] = [];
  if (kind === "jsonl") readJsonl(text, rows, diagnostics, at);
  else readCsv(text, rows, diagnostics, lines);
  return toWorkload(rows, diagnostics, at);
}

/** The first line that is neither blank nor a `#` comment ("" when there is none), without splitting the whole text. */
function firstDataLine(text: string): string {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end).trim();
    if (line !== "" && !line.startsWith("#")) return line;
    start = end + 1;
  }
  return "";
}

function readCsv(text: string, rows: { line: number; row: Row }[], diagnostics: Diagnostic[], lines: LineIndex): void {
  const at = lines.at;
  const records = readCsvRecords(text, lines, diagnostics);
  if (!records) return;
  let columns: readonly (Column | undefined)[] = COLUMNS;
  let from = 0;
  const first = records[0];
  if (first && first.record[0] !== undefined && /^[a-z_]+$/i.test(first.record[0])) {
    // A header row: columns by name, in any order.
    from = 1;
    columns = first.record.map((h) => {
      const name = h.toLowerCase();
      if ((COLUMNS as readonly string[]).includes(name)) return name as Column;
      diagnostics.push(report("BadDataFile", at(first.info.lines), `unknown column '${h}': expected ${COLUMNS.join(", ")}`));
      return undefined;
    });
    for (const need of ["submit", "duration"] as const) {
      if (!columns.includes(need)) diagnostics.push(report("BadDataFile", at(first.info.lines), `the header has no '${need}' column`));
    }
  }
  for (let k = from; k < records.length; k++) {
    const { record, info } = records[k]!;
    const row: Row = {};
    record.forEach((cell, i) => {
      const col = columns[i];
      if (col !== undefined && cell !== "") row[col] = cell;
    });
    if (record.length > columns.length) diagnostics.push(report("BadDataFile", at(info.lines), `line ${info.lines}: ${record.length} fields, expected at most ${columns.length}`));
    else rows.push({ line: info.lines, row });
  }
}

function readJsonl(text: string, rows: { line: number; row: Row }[], diagnostics: Diagnostic[], at: (line: number) => Span): void {
  const lines = text.split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === "" || s.startsWith("#")) return;
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (e) {
      diagnostics.push(report("BadDataFile", at(line), `line ${line}: invalid JSON (${e instanceof Error ? e.message : String(e)})`));
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      diagnostics.push(report("BadDataFile", at(line), `line ${line}: expected an object such as {"submit": 0, "duration": 60}`));
      return;
    }
    const row: Row = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if ((COLUMNS as readonly string[]).includes(k)) row[k as Column] = v;
      else diagnostics.push(report("BadDataFile", at(line), `line ${line}: unknown field '${k}': expected ${COLUMNS.join(", ")}`));
    }
    rows.push({ line, row });
  });
}

function toWorkload(rows: readonly { line: number; row: Row }[], diagnostics: Diagnostic[], at: (line: number) => Span): WorkloadLoadResult {
  const tasks: TaskSpec[] = [];
  let relative: boolean | undefined;
  const ids = new Map<string, number>();
  for (const { line, row } of rows) {
    const bad = (message: string) => diagnostics.push(report("BadDataFile", at(line), `line ${line}: ${message}`));
    const submit = parseSubmit(row.submit);
    if (submit === undefined) {
      bad(`submit ${show(row.submit)} is neither seconds from the start nor an ISO 8601 date-time with a zone`);
      continue;
    }
    if (relative === undefined) relative = submit.relative;
    else if (relative !== submit.relative) {
      bad(`submit ${show(row.submit)} mixes ${submit.relative ? "relative seconds" : "absolute date-times"} with the file's ${relative ? "relative seconds" : "absolute date-times"}`);
      continue;
    }
    const duration = parseSeconds(row.duration);
    if (duration === undefined || duration < 0) {
      bad(`duration ${show(row.duration)} is not a non-negative number of seconds or a duration such as 15m`);
      continue;
    }
    // Number() of an array or object would call its toString (which recurses on nested arrays).
    const slots = row.slots === undefined ? 1 : typeof row.slots === "number" || typeof row.slots === "string" ? Number(row.slots) : NaN;
    if (!Number.isInteger(slots) || slots < 1) {
      bad(`slots ${show(row.slots)} is not a positive integer`);
      continue;
    }
    const retention = row.retention === undefined ? undefined : parseSeconds(row.retention);
    if (retention !== undefined && retention < 0) {
      bad(`retention ${show(row.retention)} is negative`);
      continue;
    }
    if (row.retention !== undefined && retention === undefined) {
      bad(`retention ${show(row.retention)} is not a number of seconds or a duration such as 1h`);
      continue;
    }
    if (row.id !== undefined && typeof row.id !== "string" && !(typeof row.id === "number" && Number.isFinite(row.id))) {
      bad(`id ${show(row.id)} is not text or a number`);
      continue;
    }
    const id = row.id === undefined ? undefined : String(row.id);
    if (id !== undefined) {
      const prev = ids.get(id);
      if (prev !== undefined) {
        bad(`task id '${id}' was already used on line ${prev}`);
        continue;
      }
      ids.set(id, line);
    }
    tasks.push({ submit: submit.ms, duration, slots, ...(retention === undefined ? {} : { retention }), ...(id === undefined ? {} : { id }) });
  }
  if (tasks.length === 0 && diagnostics.length === 0) diagnostics.push(report("BadDataFile", NO_SPAN, "the workload has no tasks: expected one task per line (submit, duration)"));
  return { workload: { tasks, relative: relative ?? true }, diagnostics };
}

function parseSubmit(x: unknown): { ms: number; relative: boolean } | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? { ms: x * 1_000, relative: true } : undefined;
  if (typeof x !== "string") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(x.trim())) return { ms: Number(x) * 1_000, relative: true };
  const t = parseSampleTime(x);
  return t === undefined ? undefined : { ms: t, relative: false };
}

function parseSeconds(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? x * 1_000 : undefined;
  if (typeof x !== "string") return undefined;
  return parseDuration(x);
}

const show = (x: unknown): string => (x === undefined ? "(missing)" : showValue(x));

/** Checks tasks given directly to the library (not loaded from text). */
export function validateTasks(tasks: readonly TaskSpec[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const span = { start: 0, end: 0 };
  if (!Array.isArray(tasks)) return [report("BadDataFile", span, `tasks must be an array, got ${describeValue(tasks)}`)];
  // An indexed loop and no closure per task: this runs once per dry-run, over up to 100,000
  // tasks, mostly before the JIT has optimised it.
  for (let i = 0; i < tasks.length; i++) {
    if (!(i in tasks)) continue; // holes, skipped as forEach did
    const t = tasks[i]!;
    if (typeof t !== "object" || t === null) out.push(report("BadDataFile", span, `task ${i + 1} is not an object`));
    else {
      const problem = taskProblem(t);
      // The task's name only when there is something to say (a list can hold 100,000 tasks).
      if (problem !== undefined) out.push(report("BadDataFile", span, `task ${t.id ?? i + 1}: ${problem}`));
    }
  }
  return out;
}

function taskProblem(t: TaskSpec): string | undefined {
  if (!Number.isFinite(t.submit)) return "submit must be a finite number of epoch ms";
  if (!Number.isFinite(t.duration) || t.duration < 0) return "duration must be a non-negative number of ms";
  if (t.slots !== undefined && (!Number.isInteger(t.slots) || t.slots < 1)) return "slots must be a positive integer";
  if (t.retention !== undefined && !(t.retention >= 0)) return "retention must be a non-negative number of ms";
  return undefined;
}
