// `autoscale tune formula --set maxNodes=10..50:10 --set threshold=50,70,90 --workload trace`:
// every combination of the formula's constants dry-run on worker threads; the Pareto front of
// cost against wait p95, the combinations meeting --max-wait-p95, and the best formula's text.
// `--shard i/n` runs one deterministic part; `--merge a.json b.json …` joins the parts' --json.

import { Option, type Command } from "commander";
import { checkText, hasErrors } from "../../index.ts";
import { constantSetter, expandGrid, MAX_COMBINATIONS, mergeTuneReports, parseDuration, parseSetting, parseShard, pointOf, shardIndices, tuneReport, type Setting, type TuneReport } from "../../entry/simulate.ts";
import { exitWith, READ_LIMITS, readTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { runCandidatesOrExit } from "./compare.ts";
import { dur, money } from "./figures-render.ts";
import { addSimOptions, type SimCliOptions } from "./sim-options.ts";
import { addTraceOptions, collect, readPricesOrExit, type WorkloadCliOptions } from "./workload-input.ts";

/** Parsed options of the command. */
export interface TuneCliOptions extends SimCliOptions, WorkloadCliOptions {
  readonly set?: string[];
  readonly price?: string;
  readonly maxWaitP95?: string;
  readonly shard?: string;
  readonly merge?: string[];
  readonly json?: boolean;
  readonly workers?: string;
}

/** Adds the `tune` command (see program.ts). */
export function register(program: Command, io: Io): void {
  const command = program
    .command("tune")
    .description("sweep a formula's constants over a workload: the Pareto front of cost against task wait p95, and the best combination")
    .argument("<formula>", "formula file")
    .option("--set <NAME=values>", "a constant to vary: NAME=from..to[:step] or NAME=a,b,c (repeatable)", collect)
    .option("--workload <file>", "workload trace (CSV, JSON Lines, Azure Batch task export, SWF); repeat for several files", collect)
    .option("--price <prices>", "price per node-hour (dedicated=0.192,lowpriority=0.038 or a JSON file): the front is cost, not node-hours")
    .option("--max-wait-p95 <duration>", "constraint: task wait p95 at most this (e.g. 30m); best = the cheapest meeting it")
    .option("--shard <i/n>", "run only part i of n of the combinations (merge the parts' --json with --merge)")
    .option("--merge <files...>", "merge the --json reports of every shard instead of running")
    .addOption(new Option("--json", "print the report as JSON"))
    .option("--workers <n>", "worker threads (0: one by one in the main thread); default: cores − 2 (none on 2 cores, where the garbage collector already uses the second)");
  addSimOptions(addTraceOptions(command)).action(async (formulaPath: string, opts: TuneCliOptions) => {
    const code = await runTune(formulaPath, opts, io);
    if (code !== 0) exitWith(code);
  });
}

/** The command's work; returns the exit code. */
export async function runTune(formulaPath: string, opts: TuneCliOptions, io: Io): Promise<number> {
  const usage = (m: string): number => {
    io.stderr(`error: ${m}\n`);
    return 2;
  };
  const formula = readTextOrExit(io, "tune", formulaPath, READ_LIMITS.formula);
  const { diagnostics } = checkText(formula);
  if (hasErrors(diagnostics)) {
    io.stderr(`${renderDiagnostics(diagnostics.filter((d) => d.severity === "error"), formula, formulaPath, useColor(io))}\n`);
    return 1;
  }
  if (opts.merge !== undefined) {
    const pieces: TuneReport[] = [];
    for (const path of opts.merge) {
      try {
        pieces.push(JSON.parse(readTextOrExit(io, "tune", path, READ_LIMITS.context)) as TuneReport);
      } catch (e) {
        return usage(`--merge ${path}: not a tune --json report (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    const merged = mergeTuneReports(pieces);
    if (merged.report === undefined) return usage(`--merge: ${merged.problem}`);
    const setter = constantSetter(formula, merged.report.settings.map((s) => s.name));
    if (setter.apply === undefined) return usage(setter.problem);
    print(io, merged.report, setter.apply, opts.json === true);
    return 0;
  }
  const settings: Setting[] = [];
  for (const s of opts.set ?? []) {
    const r = parseSetting(s);
    if (r.setting === undefined) return usage(`--set ${r.problem}`);
    if (settings.some((x) => x.name === r.setting.name)) return usage(`--set ${r.setting.name} is given twice`);
    settings.push(r.setting);
  }
  if (settings.length === 0) return usage("tune needs at least one --set NAME=values");
  if (opts.workload === undefined) return usage("tune needs --workload <trace>");
  const combos = settings.reduce((n, s) => n * s.values.length, 1);
  if (combos > MAX_COMBINATIONS) return usage(`${combos} combinations, more than ${MAX_COMBINATIONS}: narrow the --set ranges or split the sweep`);
  const setter = constantSetter(formula, settings.map((s) => s.name));
  if (setter.apply === undefined) return usage(`--set: ${setter.problem}`);
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (opts.shard !== undefined && shard === undefined) return usage(`--shard ${opts.shard}: expected i/n with 1 ≤ i ≤ n`);
  const maxWait = opts.maxWaitP95 === undefined ? null : parseDuration(opts.maxWaitP95) ?? NaN;
  if (Number.isNaN(maxWait)) return usage(`--max-wait-p95 ${opts.maxWaitP95}: expected a duration such as 30m`);
  const workers = opts.workers === undefined ? undefined : /^\d+$/.test(opts.workers) ? Number(opts.workers) : NaN;
  if (Number.isNaN(workers)) return usage(`--workers ${opts.workers}: expected a whole number`);
  const prices = readPricesOrExit(io, "tune", opts.price);
  const grid = expandGrid(settings);
  const indices = shardIndices(grid.length, shard);
  const jobs = indices.map((i) => ({ name: String(i), formula: setter.apply(grid[i]!) }));
  const { results } = await runCandidatesOrExit(io, "tune", opts, jobs, workers, (o) => ({ ...o, ...(prices ? { prices } : {}) }));
  const points = results.map((r, k) => pointOf(indices[k]!, grid[indices[k]!]!, r));
  const report = tuneReport(settings, prices ? "cost" : "nodeHours", maxWait, points, shard);
  print(io, report, setter.apply, opts.json === true);
  const failed = points.filter((p) => p.errors.length > 0);
  if (failed.length > 0) io.stderr(`${failed.length} of ${points.length} dry-runs failed (first: ${describe(failed[0]!.values)}: ${failed[0]!.errors[0]})\n`);
  return 0;
}

const describe = (values: Readonly<Record<string, number>>): string => Object.entries(values).map(([k, v]) => `${k}=${v}`).join(" ");

function print(io: Io, report: TuneReport, apply: (v: Readonly<Record<string, number>>) => string, json: boolean): void {
  const byIndex = new Map(report.points.map((p) => [p.index, p]));
  const best = report.best === null ? undefined : byIndex.get(report.best);
  if (json) {
    io.stdout(`${JSON.stringify({ ...report, bestFormula: best ? apply(best.values) : null }, null, 2)}\n`);
    return;
  }
  const names = report.settings.map((s) => s.name);
  const objective = report.objective === "cost" ? "cost" : "node-h";
  const header = [...names, objective, "wait p95", "wait p50", "wait max", "meets"];
  const row = (i: number) => {
    const p = byIndex.get(i)!;
    const x = report.objective === "cost" ? p.cost : p.nodeHours;
    return [
      ...names.map((n) => String(p.values[n])),
      x === null ? "-" : report.objective === "cost" ? money(x) : x.toFixed(1),
      dur(p.waitP95 ?? NaN),
      dur(p.waitP50 ?? NaN),
      dur(p.waitMax ?? NaN),
      report.maxWaitP95 === null ? "" : report.meeting.includes(i) ? "yes" : "no",
    ];
  };
  const rows = report.front.map(row);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ").trimEnd();
  const ran = report.points.length;
  const scope = report.shard ? `shard ${report.shard.index}/${report.shard.count}: ${ran} of ${report.combinations} combinations` : `${ran} combinations`;
  const unfinished = report.points.filter((p) => p.incomplete !== 0).length;
  io.stdout(`${scope}; Pareto front of ${objective} against task wait p95 (${report.front.length} points${unfinished > 0 ? `; ${unfinished} runs left tasks unfinished and are not ranked` : ""}):\n\n`);
  io.stdout(`${[line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")}\n\n`);
  if (report.maxWaitP95 !== null) io.stdout(`${report.meeting.length} of ${ran} combinations meet wait p95 ≤ ${dur(report.maxWaitP95)}${report.meeting.length > 0 ? `: ${report.meeting.slice(0, 10).map((i) => describe(byIndex.get(i)!.values)).join("; ")}${report.meeting.length > 10 ? "; …" : ""}` : ""}\n`);
  if (best) {
    const why = report.maxWaitP95 !== null ? "the cheapest meeting the constraint" : "the lowest wait p95 on the front";
    io.stdout(`best (${why}): ${describe(best.values)}\n\n${apply(best.values).trimEnd()}\n`);
  } else io.stdout("no best combination: none meets the constraint\n");
}
