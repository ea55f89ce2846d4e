// Loading sample histories: the context-JSON shape `{ "$Metric": [[time, value], …] }` and CSV
// files (a `timestamp` column plus one column per metric). Problems become R502 diagnostics
// whose span points into the file text (so the renderer prints file:line:col); never throws.

import type { Diagnostic, Span } from "../base/diagnostics.ts";
import { describeValue, report, showValue } from "../base/diagnostics.ts";
import { MAX_TIME_MS, MIN_TIME_MS } from "../base/timeparse.ts";
import { lineIndex, readCsvRecords } from "./csv.ts";
import { TimeSeries } from "./series.ts";
import { canonicalMetricName, MetricsStore, storeOptionsProblem, type MetricsStoreOptions } from "./store.ts";

/** Result of a load: the samples that were valid plus one diagnostic per problem. */
export interface LoadResult {
  readonly store: MetricsStore;
  readonly diagnostics: readonly Diagnostic[];
}

const ISO_SAMPLE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A sample time: epoch milliseconds (finite number, or a string of digits) or an ISO 8601
 * date-time with a zone (`2024-01-01T00:00:30Z`). `undefined` when neither.
 */
export function parseSampleTime(x: unknown): number | undefined {
  if (typeof x === "number") return inRange(x);
  if (typeof x !== "string") return undefined;
  const s = x.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return inRange(Number(s));
  if (!ISO_SAMPLE_TIME.test(s)) return undefined;
  // Date.parse reads at most millisecond precision; extra digits are dropped, not rounded.
  const t = Date.parse(s.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(t) ? undefined : t;
}

/** Sample times must fall in .NET's DateTime range (years 0001–9999, whole ms), like every timestamp. */
function inRange(t: number): number | undefined {
  return t >= MIN_TIME_MS && t <= Math.floor(MAX_TIME_MS) ? t : undefined;
}

/** Where a problem in a JSON document is reported: a metric's list, or one entry of it. */
export type Locator = (metric: string, index?: number) => Span;

/**
 * Reads `{ "$Metric": [[time, value], …] }` (metric names with or without `$`). Invalid entries
 * are skipped and reported; `locate` maps a metric name to a span in the source text.
 */
export function samplesFromRecord(record: unknown, options: MetricsStoreOptions = {}, locate?: Locator): LoadResult {
  const store = new MetricsStore(options);
  const badOptions = storeOptionsProblem(options);
  if (badOptions !== undefined) return { store, diagnostics: [report("BadDataFile", NO_SPAN, badOptions)] };
  try {
    return readRecord(record, store, typeof locate === "function" ? locate : undefined);
  } catch (e) {
    // A getter that throws, a Proxy, …: the record cannot be read; say so instead of throwing.
    return { store: new MetricsStore(options), diagnostics: [report("BadDataFile", NO_SPAN, `samples could not be read: ${errorText(e)}`)] };
  }
}

const NO_SPAN: Span = { start: 0, end: 0 };

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : showValue(e);
  } catch {
    return "an exception";
  }
}

function readRecord(record: unknown, store: MetricsStore, locate: Locator | undefined): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const at = (metric: string, index?: number): Span => locate?.(metric, index) ?? NO_SPAN;
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    diagnostics.push(report("BadDataFile", at(""), "samples must be an object mapping metric names to [[time, value], …] lists"));
    return { store, diagnostics };
  }
  const intake = new Intake(store);
  for (const [name, list] of Object.entries(record as Record<string, unknown>)) {
    if (!Array.isArray(list)) {
      diagnostics.push(report("BadDataFile", at(name), `samples of ${name} must be a list of [time, value] pairs`));
      continue;
    }
    const into = intake.ensure(name);
    into.reserve(list.length);
    for (let i = 0; i < list.length; i++) {
      const problem = readPair(list[i], into);
      if (problem !== undefined) diagnostics.push(report("BadDataFile", at(name, i), `${name}[${i}]: ${problem}`));
    }
  }
  intake.finish();
  return { store, diagnostics };
}

/**
 * Samples collected per metric in file order, then sorted once per metric
 * (TimeSeries.fromOrdered): the same series as appending them one by one, without the quadratic
 * cost of inserting newest-first or shuffled samples one at a time.
 */
class Intake {
  readonly #store: MetricsStore;
  readonly #lists = new Map<string, SampleList>();

  constructor(store: MetricsStore) {
    this.#store = store;
  }

  /** The list of a metric (created, and its series registered in the store, on first use). */
  ensure(name: string): SampleList {
    const key = canonicalMetricName(name);
    let list = this.#lists.get(key);
    if (!list) {
      list = new SampleList();
      this.#lists.set(key, list);
      this.#store.ensure(key);
    }
    return list;
  }

  /** Builds each metric's series (the store keeps the order in which metrics were first seen). */
  finish(): void {
    for (const [key, list] of this.#lists) this.#store.set(key, TimeSeries.fromOrdered(list.times(), list.values()));
  }
}

/** Samples in arrival order, in growable typed buffers. */
class SampleList {
  #t = new Float64Array(16);
  #v = new Float64Array(16);
  #n = 0;

  /** Makes room for `more` samples at once (a list's length is known before its samples are read). */
  reserve(more: number): void {
    const need = this.#n + more;
    if (need <= this.#t.length) return;
    const cap = Math.max(need, this.#t.length * 2);
    const t = new Float64Array(cap);
    const v = new Float64Array(cap);
    t.set(this.#t.subarray(0, this.#n));
    v.set(this.#v.subarray(0, this.#n));
    this.#t = t;
    this.#v = v;
  }

  add(t: number, v: number): void {
    if (this.#n === this.#t.length) this.reserve(1);
    this.#t[this.#n] = t;
    this.#v[this.#n] = v;
    this.#n++;
  }

  times(): Float64Array {
    return this.#t.subarray(0, this.#n);
  }

  values(): Float64Array {
    return this.#v.subarray(0, this.#n);
  }
}

/** Adds a valid `[time, value]` pair to `into`; otherwise says what is wrong with it. */
function readPair(entry: unknown, into: SampleList): string | undefined {
  const problem = checkPair(entry);
  if (typeof problem === "string") return problem;
  into.add(problem[0], problem[1]);
  return undefined;
}

function checkPair(entry: unknown): [number, number] | string {
  if (!Array.isArray(entry) || entry.length !== 2) return "expected a [time, value] pair";
  const t = parseSampleTime(entry[0]);
  if (t === undefined) return `time ${showValue(entry[0])} is neither epoch milliseconds nor an ISO 8601 date-time with a zone`;
  const v = entry[1];
  if (typeof v !== "number" || !Number.isFinite(v)) return `value ${showValue(v)} is not a finite number`;
  return [t, v];
}

/**
 * Reads a CSV file: a header row with a `timestamp` column and one column per metric (names
 * with or without `$`), then one row per sample time. An empty cell means "no sample of that
 * metric at that time". Bad rows are skipped and reported at their line.
 */
export function loadSamplesCsv(text: string, options: MetricsStoreOptions = {}): LoadResult {
  const store = new MetricsStore(options);
  const diagnostics: Diagnostic[] = [];
  if (typeof text !== "string") return { store, diagnostics: [report("BadDataFile", NO_SPAN, `a CSV file is text: expected a string, got ${describeValue(text)}`)] };
  const badOptions = storeOptionsProblem(options);
  if (badOptions !== undefined) return { store, diagnostics: [report("BadDataFile", NO_SPAN, badOptions)] };
  const lines = lineIndex(text);
  const lineSpan = lines.at;
  const rows = readCsvRecords(text, lines, diagnostics);
  if (!rows) return { store, diagnostics };
  const header = rows[0];
  if (!header) {
    diagnostics.push(report("BadDataFile", lineSpan(1), "CSV file is empty: expected a header row with a 'timestamp' column"));
    return { store, diagnostics };
  }
  const timeCol = header.record.findIndex((h) => h.toLowerCase() === "timestamp");
  if (timeCol < 0) {
    diagnostics.push(report("BadDataFile", lineSpan(header.info.lines), "CSV header has no 'timestamp' column"));
    return { store, diagnostics };
  }
  const metrics = header.record.map((h, i) => (i === timeCol || h === "" ? undefined : canonicalMetricName(h)));
  const intake = new Intake(store);
  const lists = metrics.map((m) => (m === undefined ? undefined : intake.ensure(m)));
  for (const { record, info } of rows.slice(1)) {
    const t = parseSampleTime(record[timeCol]);
    if (t === undefined) {
      diagnostics.push(report("BadDataFile", lineSpan(info.lines), `timestamp ${JSON.stringify(record[timeCol] ?? "")} is neither epoch milliseconds nor an ISO 8601 date-time with a zone`));
      continue;
    }
    metrics.forEach((m, i) => {
      const cell = record[i];
      if (m === undefined || cell === undefined || cell === "") return;
      const v = Number(cell);
      if (!Number.isFinite(v)) diagnostics.push(report("BadDataFile", lineSpan(info.lines), `${m}: ${JSON.stringify(cell)} is not a number`));
      else lists[i]!.add(t, v);
    });
  }
  intake.finish();
  return { store, diagnostics };
}
