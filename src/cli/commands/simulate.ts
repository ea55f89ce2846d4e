// `autoscale simulate <formula> --workload trace.csv | --metrics samples.csv`: closed-loop dry-run
// on a workload trace, or open-loop replay over recorded metrics. File I/O happens here and only
// here; the simulator itself takes text and data.

import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { report } from "../../entry/diagnostics.ts";
import { loadSamplesCsv, samplesFromRecord } from "../../entry/metrics.ts";
import { checkInterval, costOf, elasticityOfRun, explainingDecide, parseDuration, reasonFor, replayToCsv, storeToCsv, timelineToCsv, type Decide } from "../../entry/simulate.ts";
import { compile, hasErrors, MetricsStore, replay, simulate, type Diagnostic } from "../../index.ts";
import type { ExplainedRun } from "../../entry/eval.ts";
import { renderExplanation } from "../explain-render.ts";
import { exitWith, READ_LIMITS, readTextOrExit, writeTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { renderFigures } from "./figures-render.ts";
import { notePreemptionsOutside, preemptionOrExit, PREEMPT_RECOVERY_HELP, PREEMPTIONS_HELP } from "./sim-options.ts";
import { addTraceOptions, collect, readPricesOrExit, readWorkloadOrExit, type WorkloadCliOptions } from "./workload-input.ts";
import { chartUnavailable, renderReplayTable, renderSummary, renderSvgChart, renderTerminalChart, renderTimelineTable } from "./simulate-render.ts";

/** Parsed options of the command (commander's camelCase names). */
export interface SimulateCliOptions extends WorkloadCliOptions {
  readonly price?: string;
  readonly metrics?: string;
  readonly interval?: string;
  readonly start?: string;
  readonly end?: string;
  readonly seed?: string;
  readonly nodes?: string;
  readonly lowPriority?: string;
  readonly slots?: string;
  readonly allocationDelay?: string;
  readonly availabilityDelay?: string;
  readonly preempt?: string;
  readonly preemptions?: string;
  readonly preemptRecovery?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly chart?: string;
  readonly all?: boolean;
  readonly samplesOut?: string;
  readonly explainAt?: string;
}

/** Adds the `simulate` command to the program (see the registration notes in program.ts). */
export function register(program: Command, io: Io): void {
  addTraceOptions(
    program
      .command("simulate")
      .description("dry-run a formula: closed loop on a workload trace (--workload) or open-loop replay of recorded metrics (--metrics)")
      .argument("<formula>", "formula file")
      .option("--workload <file>", "workload trace: CSV submit,duration[,slots][,retention][,id], JSON Lines, an Azure Batch task export (JSON) or SWF; repeat for several files", collect))
    .option("--price <prices>", "price per node-hour: dedicated=0.192,lowpriority=0.038 or a JSON file; adds cost and idle cost")
    .option("--metrics <file>", "recorded samples: CSV (timestamp + one column per metric) or JSON {\"$Metric\": [[time, value], …]}")
    .option("--interval <duration>", "evaluation interval, 5m … 168h", "15m")
    .option("--start <time>", "enable time (ISO 8601); default: relative traces 2024-01-01T00:00:00Z, absolute ones the hour of the first task")
    .option("--end <time>", "stop at this time (ISO 8601); default: last submission + 24 h, or 1 h after the last task finished")
    .option("--seed <n>", "seed for preemption, CPU noise and rand()", "1")
    .option("--nodes <n>", "dedicated nodes (and target) when autoscaling is enabled", "0")
    .option("--low-priority <n>", "low-priority nodes (and target) when autoscaling is enabled", "0")
    .option("--slots <n>", "task slots per node", "1")
    .option("--allocation-delay <duration>", "time for a new node to become usable", "5m")
    .option("--availability-delay <duration>", "time before a sample is visible to the formula", "60s")
    .option("--preempt <duration>", "mean time to preemption of a low-priority node (off by default)")
    .option("--preemptions <file>", PREEMPTIONS_HELP)
    .option("--preempt-recovery <duration>", PREEMPT_RECOVERY_HELP, "15m")
    .addOption(new Option("--json", "print the whole result as JSON").conflicts("csv"))
    .addOption(new Option("--csv", "print the timeline as CSV").conflicts("json"))
    .option("--chart <file.svg>", "also write an SVG chart of nodes vs demand")
    .option("--samples-out <file.csv>", "also write the metric samples the dry-run recorded (input for --metrics)")
    .option("--all", "table: show every evaluation, not only changes")
    .option("--explain-at <time>", "explain the evaluation at (or first after) this time (ISO 8601): each line's values, sample queries, findings")
    .action(async (formulaPath: string, opts: SimulateCliOptions) => {
      const code = await runSimulate(formulaPath, opts, io);
      if (code !== 0) exitWith(code);
    });
}

/**
 * The command's work; returns the exit code: 0 ok, 1 errors in the formula or the run, 2 usage
 * errors and unreadable or invalid files (as `eval` and `check` do).
 */
export async function runSimulate(formulaPath: string, opts: SimulateCliOptions, io: Io): Promise<number> {
  const color = useColor(io);
  const usage = (message: string): number => {
    io.stderr(`error: ${message}\n`);
    return 2;
  };
  if ((opts.workload === undefined) === (opts.metrics === undefined)) return usage("give exactly one of --workload <trace> or --metrics <samples>");
  const formula = readTextOrExit(io, "simulate", formulaPath, READ_LIMITS.formula);
  const intervalMs = parseDuration(opts.interval ?? "15m");
  if (intervalMs === undefined) return usage(`--interval ${opts.interval}: expected a duration such as 15m, 1h or PT15M`);
  const badInterval = checkInterval(intervalMs);
  if (badInterval !== undefined) return usage(`--interval ${opts.interval}: ${badInterval.message}`);
  const numbers = { seed: int(opts.seed ?? "1"), nodes: int(opts.nodes ?? "0"), lowPriority: int(opts.lowPriority ?? "0"), slots: int(opts.slots ?? "1") };
  for (const [name, value] of Object.entries(numbers)) if (value === undefined) return usage(`--${name}: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  if (numbers.slots! < 1) return usage("--slots: a node has at least 1 task slot");
  const start = opts.start === undefined ? undefined : Date.parse(opts.start);
  const end = opts.end === undefined ? undefined : Date.parse(opts.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return usage("--start/--end: expected an ISO 8601 date-time such as 2024-03-04T00:00:00Z");
  const allocationDelayMs = parseDuration(opts.allocationDelay ?? "5m");
  const availabilityDelayMs = parseDuration(opts.availabilityDelay ?? "60s");
  const preemptMs = opts.preempt === undefined ? undefined : parseDuration(opts.preempt);
  if (allocationDelayMs === undefined || availabilityDelayMs === undefined || (opts.preempt !== undefined && preemptMs === undefined)) {
    return usage("--allocation-delay/--availability-delay/--preempt: expected a duration such as 90s or 5m");
  }
  const noChart = opts.chart === undefined ? undefined : await chartUnavailable();
  if (noChart !== undefined) return usage(noChart);
  const reportFormula = (ds: readonly Diagnostic[]) => {
    if (ds.length > 0) io.stderr(`${renderDiagnostics(ds, formula, formulaPath, color)}\n`);
  };
  const explainAt = opts.explainAt === undefined ? undefined : Date.parse(opts.explainAt);
  if (Number.isNaN(explainAt)) return usage(`--explain-at ${opts.explainAt}: expected an ISO 8601 date-time such as 2024-01-01T06:00:00Z`);
  // Explanations: the one evaluation --explain-at names, and with --json every evaluation (its reason).
  const explanations = new Map<number, ExplainedRun>();
  let explained: { now: number; run: ExplainedRun } | undefined;
  let decide: string | Decide = formula;
  const reasons = opts.json === true && opts.workload !== undefined;
  const program = explainAt !== undefined || reasons ? compile(formula).program : undefined;
  if (program) {
    const want = (now: number) => reasons || (explained === undefined && now >= explainAt!);
    decide = explainingDecide(program, {}, want, (now, run) => {
      if (reasons) explanations.set(now, run);
      if (explained === undefined && explainAt !== undefined && now >= explainAt) explained = { now, run };
    });
  }
  // Text output of --explain-at, after the run's own output; exit 2 when no evaluation came at or after the time.
  const explainedText = (): number => {
    if (explainAt === undefined) return 0;
    if (!explained) {
      io.stderr(`error: --explain-at ${opts.explainAt}: no evaluation at or after that time\n`);
      return 2;
    }
    if (!opts.json && !opts.csv) {
      const ast = program?.checked.ast;
      io.stdout(`\nWhy: the evaluation at ${new Date(explained.now).toISOString()}\n${explained.run.run.results}\n\n${renderExplanation(formula, ast, explained.run.explanation)}`);
    }
    return 0;
  };
  const explainJson = () => (explained ? { explainAt: { time: new Date(explained.now).toISOString(), run: explained.run.run, explanation: explained.run.explanation } } : {});

  if (opts.metrics !== undefined) {
    const text = readTextOrExit(io, "simulate", opts.metrics, READ_LIMITS.metrics);
    const loaded = loadMetrics(text, opts.metrics, availabilityDelayMs);
    if (loaded.diagnostics.length > 0) io.stderr(`${renderDiagnostics(loaded.diagnostics, text, opts.metrics, color)}\n`);
    if (hasErrors(loaded.diagnostics)) return 2;
    const r = replay(decide, loaded.store, {
      intervalMs,
      seed: numbers.seed!,
      taskSlotsPerNode: numbers.slots!,
      targetDedicatedNodes: numbers.nodes!,
      targetLowPriorityNodes: numbers.lowPriority!,
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
    });
    for (const d of r.diagnostics) if (d.code.startsWith("R")) io.stderr(`${d.severity} ${d.code}: ${d.message}\n`);
    reportFormula(r.diagnostics.filter((d) => !d.code.startsWith("R")));
    if (hasErrors(r.diagnostics)) return runFailure(r.diagnostics);
    if (opts.json) io.stdout(`${JSON.stringify({ evaluations: r.entries.length, evaluationErrors: r.evaluationErrors, entries: r.entries, ...explainJson() }, null, 2)}\n`);
    else if (opts.csv) io.stdout(replayToCsv(r.entries));
    else io.stdout(`${renderReplayTable(r.entries, opts.all === true)}\n\n${r.entries.length} evaluations, ${r.evaluationErrors} failed\n`);
    return explainedText();
  }

  const prices = readPricesOrExit(io, "simulate", opts.price);
  const preemption = preemptionOrExit(io, "simulate", { preemptMs, path: opts.preemptions, recovery: opts.preemptRecovery });
  const input = await readWorkloadOrExit(io, "simulate", opts);
  const loaded = { workload: input.trace.workload };
  const progress = progressBar();
  const r = simulate(decide, loaded.workload, {
    intervalMs,
    seed: numbers.seed!,
    availabilityDelayMs,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    pool: {
      taskSlotsPerNode: input.slotsPerNode ?? numbers.slots!,
      initialDedicated: numbers.nodes!,
      initialLowPriority: numbers.lowPriority!,
      allocationDelayMs,
      preemption,
    },
    onProgress: progress.update,
  });
  progress.stop();
  const formulaDiagnostics = r.diagnostics.filter((d) => d.code.startsWith("L") || d.code.startsWith("P") || d.code.startsWith("C") || d.code === "E410");
  reportFormula(formulaDiagnostics);
  for (const d of r.diagnostics) if (!formulaDiagnostics.includes(d)) io.stderr(`${d.severity} ${d.code}: ${d.message}\n`);
  if (hasErrors(r.diagnostics) || r.summary === undefined) return runFailure(r.diagnostics);
  notePreemptionsOutside(io, preemption, [r.summary]);
  if (opts.samplesOut !== undefined) writeTextOrExit(io, "simulate", opts.samplesOut, storeToCsv(r.store));
  if (opts.chart !== undefined) writeTextOrExit(io, "simulate", opts.chart, await renderSvgChart(r.timeline, `${formulaPath} on ${input.label}`));
  const cost = prices === undefined ? undefined : costOf(r.summary, prices);
  const elasticity = elasticityOfRun(r, { dedicated: numbers.nodes!, lowPriority: numbers.lowPriority! });
  if (opts.json) {
    // Every entry carries why its targets changed or stayed (from its evaluation's explanation).
    let before = { dedicated: numbers.nodes!, lowPriority: numbers.lowPriority! };
    const timeline = r.timeline.map((entry) => {
      const reason = reasonFor(entry, before, explanations.get(entry.time)?.explanation);
      before = entry.poolTargets;
      return { ...entry, reason };
    });
    io.stdout(`${JSON.stringify({ summary: r.summary, ...(cost ? { cost } : {}), elasticity, timeline, diagnostics: r.diagnostics, ...explainJson() }, null, 2)}\n`);
  }
  else if (opts.csv) io.stdout(timelineToCsv(r.timeline));
  else {
    io.stdout(`${renderTimelineTable(r.timeline, opts.all === true)}\n\n${renderSummary(r.summary)}\n${renderFigures(cost, elasticity)}\n`);
    const chart = renderTerminalChart(r.timeline, { color });
    if (chart !== "") io.stdout(`\n${chart}\n`);
  }
  return explainedText();
}

/** A whole number from 0 to 2^53 - 1 (a 400-digit seed is a usage error, not Infinity). */
function int(s: string): number | undefined {
  if (!/^\d+$/.test(s.trim())) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Exit code of a run that reported errors: 2 when the simulator rejected the options or the data
 * (R501 interval, R502 data, R505 option: usage and input errors, as for the CLI's own checks),
 * else 1 (the formula).
 */
function runFailure(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.some((d) => d.severity === "error" && (d.code === "R501" || d.code === "R502" || d.code === "R505")) ? 2 : 1;
}

function loadMetrics(text: string, path: string, availabilityDelayMs: number): { store: MetricsStore; diagnostics: readonly Diagnostic[] } {
  if (path.endsWith(".json")) {
    try {
      return samplesFromRecord(JSON.parse(text), { availabilityDelayMs });
    } catch (e) {
      const problem = report("BadDataFile", { start: 0, end: 0 }, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return { store: new MetricsStore({ availabilityDelayMs }), diagnostics: [problem] };
    }
  }
  return loadSamplesCsv(text, { availabilityDelayMs });
}

/**
 * A progress bar on stderr for runs that last more than a second, only when stderr is a
 * terminal (cli-progress writes to process.stderr directly: it is UI, not output).
 */
function progressBar(): { update: (fraction: number) => void; stop: () => void } {
  if (process.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const began = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (fraction) => {
      if (bar === undefined) {
        if (Date.now() - began < 1_000) return;
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: "simulating [{bar}] {percentage}% | ETA {eta}s", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(100, 0);
      }
      bar.update(Math.round(fraction * 100));
    },
    stop: () => bar?.stop(),
  };
}
