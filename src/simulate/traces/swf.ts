// Standard Workload Format (Parallel Workloads Archive, version 2.2) as a workload, streamed line
// by line: `;` header comments (`; UnixStartTime: 1041379200`, `; MaxProcs: 128`), then one job
// per line, 18 whitespace-separated numeric fields, -1 = unknown. Never throws.
//
// A job becomes tasks: submit = field 2 (seconds from the log's start, absolute when the header
// has UnixStartTime), duration = field 4 (run time), processors = field 5 (allocated), or field 8
// (requested) when 5 is unknown. With N cores per node a job of P ≤ N processors is one task of
// P slots; a wider job is split into ceil(P / N) per-node tasks (its nodes run side by side, which
// is what a multi-node job asks of the pool). Cancelled jobs (status 5) and jobs that never ran
// (run time ≤ 0 or unknown) are counted and skipped.

import { forEachLine } from "./lines.ts";
import { ProblemList, SkipCounter, type TextSource, type TraceLoadResult, type TraceTask } from "./types.ts";

/** Options of {@link loadSwf}. */
export interface SwfOptions {
  /** cores (task slots) per node; default 1 */
  readonly coresPerNode?: number;
  /** called with the size of every chunk read (progress) */
  readonly onBytes?: (n: number) => void;
}

/** The 18 fields, 1-based as the format numbers them. */
export const SWF_FIELDS = [
  "job number", "submit time", "wait time", "run time", "allocated processors", "average CPU time", "used memory",
  "requested processors", "requested time", "requested memory", "status", "user", "group", "executable",
  "queue", "partition", "preceding job", "think time",
] as const;

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Index of the first character that is not a space or tab, −1 for a blank line. */
function firstNonBlank(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return i;
  }
  return -1;
}

/**
 * Splits a data line on whitespace into `fields` (NaN for a field that is not a plain decimal
 * number) and `bounds` (start/end of each of the first 18 fields); returns the field count.
 * Hand-written: a million lines through split() and a regex per field take twice as long.
 */
function splitNumbers(text: string, from: number, fields: Float64Array, bounds: Int32Array): number {
  let count = 0;
  let i = from;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    // Fast path: an optional minus and digits only (almost every SWF field).
    let value = 0;
    let negative = false;
    let plain = true;
    if (c === 45 /* - */) {
      negative = true;
      i++;
    }
    const digits = i;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
      else if (c === 32 || c === 9 || c === 13) break;
      else plain = false;
      i++;
    }
    if (count < 18) {
      bounds[2 * count] = start;
      bounds[2 * count + 1] = i;
      if (plain && i > digits && i - digits < 16) fields[count] = negative ? -value : value;
      else {
        const s = text.slice(start, i);
        fields[count] = NUMBER.test(s) ? Number(s) : NaN;
      }
    }
    count++;
  }
  return count;
}

/** Reads an SWF trace from text or chunks, holding the tasks and never the whole text. */
export async function loadSwf(source: TextSource, options: SwfOptions = {}): Promise<TraceLoadResult> {
  options = typeof options === "object" && options !== null ? options : {};
  const coresPerNode = Number.isInteger(options.coresPerNode) && options.coresPerNode! >= 1 ? options.coresPerNode! : 1;
  const tasks: TraceTask[] = [];
  const problems = new ProblemList();
  const skipped = new SkipCounter();
  const header: Record<string, string> = {};
  let records = 0;
  let splitJobs = 0;
  let splitTasks = 0;
  let base: number | undefined; // epoch ms of submit time 0, from UnixStartTime
  let sawData = false;
  const fields = new Float64Array(18);
  const bounds = new Int32Array(2 * 18);
  const onLine = (line: number, text: string): void => {
    const first = firstNonBlank(text);
    if (first < 0) return;
    if (text.charCodeAt(first) === 59 /* ; */) {
      // Header comments come before the jobs; a `Key: value` comment later is kept too.
      const m = /^;\s*([A-Za-z][\w ]*?)\s*:\s*(.*)$/.exec(text.trim());
      if (m) {
        header[m[1]!] = m[2]!.trim();
        if (m[1] === "UnixStartTime" && !sawData) {
          const v = Number(m[2]);
          if (Number.isFinite(v)) base = v * 1000;
          else problems.add({ line, message: `UnixStartTime '${m[2]}' is not a number of seconds` });
        }
      }
      return;
    }
    sawData = true;
    records++;
    const count = splitNumbers(text, first, fields, bounds);
    if (count !== 18) {
      problems.add({ line, message: `${count} fields, expected the 18 fields of the Standard Workload Format` });
      return;
    }
    for (let i = 0; i < 18; i++) {
      if (Number.isNaN(fields[i]!)) {
        problems.add({ line, message: `field ${i + 1} (${SWF_FIELDS[i]}) '${text.slice(bounds[2 * i]!, bounds[2 * i + 1]!)}' is not a number` });
        return;
      }
    }
    const job = text.slice(bounds[0]!, bounds[1]!);
    const submit = fields[1]!;
    const run = fields[3]!;
    const status = fields[10]!;
    const procs = fields[4]! > 0 ? fields[4]! : fields[7]!;
    if (submit < 0) {
      problems.add({ line, message: `job ${job}: submit time ${text.slice(bounds[2]!, bounds[3]!)} is negative or unknown` });
      return;
    }
    if (status === 5) return skipped.add("cancelled (status 5)", job);
    if (run < 0) return skipped.add("run time unknown (-1)", job);
    if (run === 0) return skipped.add("run time 0 (never ran, or under 0.5 s)", job);
    if (!(procs > 0) || !Number.isInteger(procs)) return skipped.add("processors unknown (fields 5 and 8)", job);
    const submitMs = (base ?? 0) + submit * 1000;
    const duration = run * 1000;
    if (procs <= coresPerNode) {
      tasks.push({ id: job, submit: submitMs, duration, slots: procs });
      return;
    }
    const nodes = Math.ceil(procs / coresPerNode);
    splitJobs++;
    splitTasks += nodes;
    for (let k = 0; k < nodes; k++) {
      const slots = k < nodes - 1 ? coresPerNode : procs - coresPerNode * (nodes - 1);
      tasks.push({ id: `${job}.${k + 1}`, submit: submitMs, duration, slots });
    }
  };
  try {
    await forEachLine(source, onLine, options.onBytes);
  } catch (e) {
    problems.add({ line: 0, message: `the trace could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (records === 0 && problems.count === 0) problems.add({ line: 0, message: "no jobs: expected one line of 18 fields per job after the ';' header" });
  return {
    workload: { tasks, relative: base === undefined },
    problems: problems.first,
    problemCount: problems.count,
    skipped: skipped.list(),
    records,
    header,
    ...(splitJobs > 0 ? { split: { jobs: splitJobs, tasks: splitTasks } } : {}),
  };
}
