// Workload files for `simulate`, `compare` and `tune`: one or several traces (CSV, JSON Lines,
// Azure Batch task exports, SWF), the format from --format, the extension or the first bytes.
// Batch JSON and SWF are streamed through Io.openRead (a progress bar on a terminal); CSV and
// JSON Lines are read whole, as before, so their errors show the line with carets.

import cliProgress from "cli-progress";
import type { Command } from "commander";
import { detectTraceFormat, loadTrace, loadWorkload, mergeTraces, parsePrices, TRACE_FORMATS, type Prices, type TextSource, type TraceFormat, type TraceLoadResult } from "../../entry/simulate.ts";
import { hasErrors } from "../../index.ts";
import { exitWith, ioReason, READ_LIMITS, readTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";

/** The trace options every command that reads a workload shares. */
export interface WorkloadCliOptions {
  readonly workload?: string | readonly string[];
  readonly format?: string;
  readonly coresPerNode?: string;
  readonly jobId?: string;
}

/** A loaded workload plus what the command should pass on to the pool. */
export interface WorkloadInput {
  readonly trace: TraceLoadResult;
  /** SWF with --cores-per-node: the pool's task slots per node */
  readonly slotsPerNode: number | undefined;
  readonly label: string;
}

/** The trace-reading options that simulate, compare and tune share (read by readWorkloadOrExit). */
export function addTraceOptions(command: Command): Command {
  return command
    .option("--format <format>", "the trace's format: batch-json, swf, csv or jsonl (default: from the extension or the content)")
    .option("--cores-per-node <n>", "SWF: processors per node (the pool's task slots; wider jobs run as per-node tasks)")
    .option("--job-id <id>", "Batch JSON: job id for tasks whose url names none (default: the file name)");
}

/** Commander's collector for a repeatable option (`--workload a.json --workload b.json`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Reads every --workload file; on a bad file prints file:line problems and exits 2. */
export async function readWorkloadOrExit(io: Io, command: string, opts: WorkloadCliOptions): Promise<WorkloadInput> {
  const paths = typeof opts.workload === "string" ? [opts.workload] : [...(opts.workload ?? [])];
  if (opts.format !== undefined && !(TRACE_FORMATS as readonly string[]).includes(opts.format)) {
    io.stderr(`error: --format ${opts.format}: expected one of ${TRACE_FORMATS.join(", ")}\n`);
    exitWith(2);
  }
  let coresPerNode: number | undefined;
  if (opts.coresPerNode !== undefined) {
    coresPerNode = /^\d+$/.test(opts.coresPerNode) ? Number(opts.coresPerNode) : NaN;
    if (!(coresPerNode >= 1 && coresPerNode <= 256)) {
      io.stderr(`error: --cores-per-node ${opts.coresPerNode}: expected a whole number from 1 to 256\n`);
      exitWith(2);
    }
  }
  const parts: TraceLoadResult[] = [];
  let swf = false;
  for (const path of paths) {
    const r = await readOne(io, command, path, opts.format as TraceFormat | undefined, coresPerNode, opts.jobId);
    swf ||= r.format === "swf";
    parts.push(r.trace);
  }
  const trace = mergeTraces(parts);
  if (parts.length > 1 && !parts.every((p) => p.workload.relative === parts[0]!.workload.relative)) {
    io.stderr(`autoscale ${command}: the workload files mix relative times and absolute date-times\n`);
    exitWith(2);
  }
  const skipped = trace.skipped.reduce((n, s) => n + s.count, 0);
  if (skipped > 0) {
    const reasons = trace.skipped.map((s) => `${s.count} ${s.reason} (e.g. ${s.examples.join(", ")})`).join("; ");
    io.stderr(`note: ${skipped} of ${trace.records} records not replayed: ${reasons}\n`);
  }
  if (trace.split) io.stderr(`note: ${trace.split.jobs} jobs wider than a node (${coresPerNode ?? 1} cores) run as ${trace.split.tasks} per-node tasks\n`);
  return { trace, slotsPerNode: swf ? coresPerNode : undefined, label: paths.join(", ") };
}

async function readOne(io: Io, command: string, path: string, forced: TraceFormat | undefined, coresPerNode: number | undefined, jobId: string | undefined): Promise<{ trace: TraceLoadResult; format: TraceFormat }> {
  let format = forced ?? detectFromName(path);
  let opened: { chunks: AsyncIterable<Uint8Array | string>; size: number | undefined } | undefined;
  let source: TextSource | undefined;
  if (format !== "csv" && format !== "jsonl" && io.openRead !== undefined) {
    try {
      opened = io.openRead(path);
    } catch (e) {
      io.stderr(`autoscale ${command}: cannot read '${path}': ${ioReason(e)}\n`);
      return exitWith(2);
    }
    if (format === undefined) {
      // Sniff the first chunk, then read on from it.
      const it = opened.chunks[Symbol.asyncIterator]();
      const first = await it.next();
      const head = first.done ? "" : typeof first.value === "string" ? first.value : new TextDecoder().decode(first.value.subarray(0, 4096));
      format = detectTraceFormat(path, head);
      if (format === "csv" || format === "jsonl") await it.return?.();
      else {
        const rest = { [Symbol.asyncIterator]: () => it };
        source = (async function* () {
          if (!first.done) yield first.value;
          yield* rest;
        })();
      }
    } else source = opened.chunks;
  }
  if (format === undefined) format = detectTraceFormat(path, readTextOrExit(io, command, path, READ_LIMITS.workload).slice(0, 4096));
  if (format === "csv" || format === "jsonl") {
    const text = readTextOrExit(io, command, path, READ_LIMITS.workload);
    const loaded = loadWorkload(text, format);
    if (loaded.diagnostics.length > 0) io.stderr(`${renderDiagnostics(loaded.diagnostics, text, path, useColor(io))}\n`);
    if (hasErrors(loaded.diagnostics)) exitWith(2);
    const trace: TraceLoadResult = { workload: loaded.workload, problems: [], problemCount: 0, skipped: [], records: loaded.workload.tasks.length, header: {} };
    return { trace, format };
  }
  source ??= readTextOrExit(io, command, path, READ_LIMITS.workload);
  const progress = loadProgress(opened?.size);
  const defaultJob = jobId ?? path.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const trace = await loadTrace(source, format, { ...(coresPerNode === undefined ? {} : { coresPerNode }), jobId: defaultJob, onBytes: progress.add });
  progress.stop();
  if (trace.problemCount > 0) {
    for (const p of trace.problems) io.stderr(`${path}:${p.line}: error R502: ${p.path !== undefined ? `${p.path}: ` : ""}${p.message}\n`);
    if (trace.problemCount > trace.problems.length) io.stderr(`… and ${trace.problemCount - trace.problems.length} more problems in ${path}\n`);
    exitWith(2);
  }
  if (trace.workload.tasks.length === 0) {
    io.stderr(`autoscale ${command}: '${path}' has no task that ran to completion (${trace.records} records)\n`);
    exitWith(2);
  }
  return { trace, format };
}

function detectFromName(path: string): TraceFormat | undefined {
  const f = detectTraceFormat(path, "\0");
  // detectTraceFormat falls back on content; "\0" as content means "by name only" here.
  return /\.(swf|jsonl|ndjson|json|csv)$/i.test(path) ? f : undefined;
}

/** A byte progress bar on stderr for loads that last more than a second, only on a terminal. */
function loadProgress(size: number | undefined): { add: (n: number) => void; stop: () => void } {
  if (process.stderr.isTTY !== true || size === undefined || size === 0) return { add: () => {}, stop: () => {} };
  const began = Date.now();
  let done = 0;
  let bar: cliProgress.SingleBar | undefined;
  return {
    add: (n) => {
      done += n;
      if (bar === undefined) {
        if (Date.now() - began < 1_000) return;
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: "loading [{bar}] {percentage}% | {value}/{total} MB | ETA {eta}s", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(Math.ceil(size / 1e6), 0);
      }
      bar.update(Math.floor(done / 1e6));
    },
    stop: () => bar?.stop(),
  };
}

/** --price: `dedicated=0.192,lowpriority=0.038`, or a JSON file of the same (exit 2 when unusable). */
export function readPricesOrExit(io: Io, command: string, spec: string | undefined): Prices | undefined {
  if (spec === undefined) return undefined;
  const text = /\.json$/i.test(spec) ? readTextOrExit(io, command, spec) : spec;
  const r = parsePrices(text);
  if (r.prices === undefined) {
    io.stderr(`error: --price ${spec}: ${r.problem}\n`);
    return exitWith(2);
  }
  return r.prices;
}
