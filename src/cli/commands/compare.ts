// `autoscale compare a.formula b.formula … --workload trace`: the same trace (and seed) through
// every formula on worker threads; one table (best value of each column marked), one chart.

import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { checkText, hasErrors } from "../../index.ts";
import type { CandidateOptions, CandidateResult } from "../../entry/simulate.ts";
import { exitWith, READ_LIMITS, readTextOrExit, writeTextOrExit, type Io } from "../io.ts";
import { CandidatePool, workerCount, type CandidateJob } from "../parallel.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { compareToCsv, renderCompareChart, renderCompareSvg, renderCompareTable } from "./compare-render.ts";
import { chartUnavailable } from "./simulate-render.ts";
import { addSimOptions, notePreemptionsOutside, simOptionsOrExit, type SimCliOptions } from "./sim-options.ts";
import { addTraceOptions, collect, readPricesOrExit, readWorkloadOrExit, type WorkloadCliOptions } from "./workload-input.ts";

/** Parsed options of the command. */
export interface CompareCliOptions extends SimCliOptions, WorkloadCliOptions {
  readonly price?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly chart?: string;
  readonly workers?: string;
}

/** Adds the `compare` command (see program.ts). */
export function register(program: Command, io: Io): void {
  const command = program
    .command("compare")
    .description("dry-run several formulas on the same workload (and seed) and compare cost, waits and elasticity side by side")
    .argument("<formulas...>", "formula files (two or more)")
    .option("--workload <file>", "workload trace (CSV, JSON Lines, Azure Batch task export, SWF); repeat for several files", collect)
    .option("--price <prices>", "price per node-hour: dedicated=0.192,lowpriority=0.038 or a JSON file")
    .addOption(new Option("--json", "print every result as JSON").conflicts("csv"))
    .addOption(new Option("--csv", "print the table as CSV").conflicts("json"))
    .option("--chart <file.svg>", "also write an SVG chart of every formula's nodes over the demand")
    .option("--workers <n>", "worker threads (0: run one by one in the main thread); default: cores − 2 (none on 2 cores, where the garbage collector already uses the second)");
  addSimOptions(addTraceOptions(command)).action(async (formulas: string[], opts: CompareCliOptions) => {
    const code = await runCompare(formulas, opts, io);
    if (code !== 0) exitWith(code);
  });
}

/** The command's work; returns the exit code (0 ok, 1 formula errors or failed runs, 2 usage). */
export async function runCompare(paths: readonly string[], opts: CompareCliOptions, io: Io): Promise<number> {
  const color = useColor(io);
  if (opts.workload === undefined) {
    io.stderr("error: compare needs --workload <trace>\n");
    return 2;
  }
  const workers = opts.workers === undefined ? undefined : /^\d+$/.test(opts.workers) ? Number(opts.workers) : NaN;
  if (Number.isNaN(workers)) {
    io.stderr(`error: --workers ${opts.workers}: expected a whole number (0 = no worker threads)\n`);
    return 2;
  }
  const noChart = opts.chart === undefined ? undefined : await chartUnavailable();
  if (noChart !== undefined) {
    io.stderr(`error: ${noChart}\n`);
    return 2;
  }
  const prices = readPricesOrExit(io, "compare", opts.price);
  const jobs: CandidateJob[] = [];
  let broken = false;
  const names = candidateNames(paths);
  paths.forEach((path, i) => {
    const formula = readTextOrExit(io, "compare", path, READ_LIMITS.formula);
    const { diagnostics } = checkText(formula);
    if (hasErrors(diagnostics)) {
      io.stderr(`${renderDiagnostics(diagnostics.filter((d) => d.severity === "error"), formula, path, color)}\n`);
      broken = true;
    }
    jobs.push({ name: names[i]!, formula });
  });
  if (broken) return 1;
  // The chart series cross from the workers only when a chart is drawn.
  const { input, results } = await runCandidatesOrExit(io, "compare", opts, jobs, workers, (o) => ({ ...o, ...(prices ? { prices } : {}), keepSeries: (!opts.json && !opts.csv) || opts.chart !== undefined }));
  const failed = reportRunProblems(io, results);
  if (opts.chart !== undefined) writeTextOrExit(io, "compare", opts.chart, await renderCompareSvg(results, `${paths.length} formulas on ${input.label}`));
  if (opts.json) io.stdout(`${JSON.stringify({ workload: input.label, results: results.map(({ series: _series, ...r }) => r) }, null, 2)}\n`);
  else if (opts.csv) io.stdout(compareToCsv(results));
  else {
    io.stdout(`${renderCompareTable(results)}\n`);
    const chart = renderCompareChart(results, { color });
    if (chart !== "") io.stdout(`\n${chart}\n`);
  }
  return failed;
}

/**
 * Runs the candidates on a pool of worker threads (started before the trace is read, so they load
 * the simulator meanwhile), with a progress bar on a terminal, then notes preemption events that
 * never fired. `extend` adds the command's own options (prices, chart series) to the simulator's.
 */
export async function runCandidatesOrExit(
  io: Io,
  command: string,
  opts: SimCliOptions & WorkloadCliOptions,
  jobs: readonly CandidateJob[],
  workers: number | undefined,
  extend: (options: CandidateOptions) => CandidateOptions,
): Promise<{ input: Awaited<ReturnType<typeof readWorkloadOrExit>>; results: CandidateResult[] }> {
  const pool = new CandidatePool(workerCount(jobs.length, workers));
  pool.start();
  let input: Awaited<ReturnType<typeof readWorkloadOrExit>>;
  let options: CandidateOptions;
  let results: CandidateResult[];
  try {
    input = await readWorkloadOrExit(io, command, opts);
    options = extend(simOptionsOrExit(io, opts, input.slotsPerNode, command));
    const progress = candidatesProgress(jobs.length, "dry-runs");
    results = await pool.run(jobs, input.trace.workload, options, { onDone: progress.update });
    progress.stop();
  } finally {
    await pool.close();
  }
  notePreemptionsOutside(io, options.pool?.preemption, results.flatMap((r) => (r.summary ? [r.summary] : [])));
  return { input, results };
}

/** File names without folder and extension; the whole path where two would read the same. */
export function candidateNames(paths: readonly string[]): string[] {
  const short = paths.map((p) => p.replace(/^.*[\\/]/, "").replace(/\.formula$/, ""));
  return short.map((s, i) => (short.indexOf(s) !== short.lastIndexOf(s) ? paths[i]! : s));
}

/** Prints each run's diagnostics under its name; 2 when the simulator refused the options or data, 1 when a run failed, else 0. */
export function reportRunProblems(io: Io, results: readonly CandidateResult[]): number {
  let code = 0;
  for (const r of results) {
    for (const d of r.diagnostics) io.stderr(`${r.name}: ${d.severity} ${d.code}: ${d.message}\n`);
    if (r.summary === undefined || r.diagnostics.some((d) => d.severity === "error")) {
      code = Math.max(code, r.diagnostics.some((d) => /^R50[125]$/.test(d.code)) ? 2 : 1);
    }
  }
  return code;
}

/** A progress bar over candidates on stderr, only on a terminal and only past a second. */
export function candidatesProgress(total: number, what: string): { update: (done: number) => void; stop: () => void } {
  if (process.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const began = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (done) => {
      if (bar === undefined) {
        if (Date.now() - began < 1_000) return;
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${what} [{bar}] {value}/{total} | ETA {eta}s`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
