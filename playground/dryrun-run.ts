// One dry-run, as plain data: load the workload (CSV, JSON Lines, an Azure Batch task export or
// SWF, detected as the CLI does), simulate the formula (and, to compare, a second one on the same
// trace and seed), and flatten each timeline to rows the page can chart, tabulate and export, with
// cost and elasticity figures. Runs in the dry-run worker (dryrun-worker.ts), off the page's main
// thread; pure, so the e2e tests and Node can call it too.
import { formatDiagnostic, simulate, SourceText, type SimulationSummary } from "../src/index.ts";
import { costOf, detectTraceFormat, elasticityOfRun, loadTrace, loadWorkload, type CostFigures, type ElasticityMetrics, type Prices, type TraceFormat, type Workload } from "../src/entry/simulate.ts";

/** What the page asks for. */
export interface DryRunRequest {
  readonly formula: string;
  /** a second formula (B) to run on the same trace and seed */
  readonly compare?: string;
  readonly trace: { readonly name: string; readonly text: string };
  readonly intervalMs: number;
  /** Batch JSON and SWF: the pool's task slots (SWF: cores) per node, 1–256 (default 1) */
  readonly slotsPerNode?: number;
  /** price per node-hour (default 0.192 dedicated, 0.038 low-priority) */
  readonly prices?: Prices;
}

/** One evaluation of the timeline. */
export interface DryRunRow {
  readonly time: number;
  readonly demand: number;
  readonly queued: number;
  readonly running: number;
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly targetDedicated: number;
  readonly targetLowPriority: number;
  readonly applied: boolean;
  readonly note: string;
}

/** One formula's run: its timeline rows and figures (undefined when it did not run). */
export interface DryRunFigures {
  readonly rows: readonly DryRunRow[];
  readonly summary: SimulationSummary | undefined;
  readonly cost?: CostFigures;
  readonly elasticity?: ElasticityMetrics;
  /** the formula's problems, rendered with line and column */
  readonly problems: readonly string[];
}

/** The answer: rows and summary when it ran; problems (rendered with line and column) when not. */
export interface DryRunResponse extends DryRunFigures {
  /** the trace's format, as detected */
  readonly format?: TraceFormat;
  /** records loaded but not replayed, SWF jobs split per node */
  readonly notes: readonly string[];
  /** the second formula's run, when one was given */
  readonly compare?: DryRunFigures;
  readonly ms: number;
}

export const DEFAULT_PRICES: Prices = { dedicated: 0.192, lowPriority: 0.038 };
const FORMULA_CODE = /^[LPCE]\d/;
const MAX_SHOWN = 10;

/** Reads the trace as the CLI does; problems carry the file's line (and JSON path). */
async function readTrace(req: DryRunRequest): Promise<{ workload: Workload; format: TraceFormat; problems: string[]; notes: string[] }> {
  const { name, text } = req.trace;
  const format = detectTraceFormat(name, text.slice(0, 4096));
  const problems: string[] = [];
  const notes: string[] = [];
  if (format === "csv" || format === "jsonl") {
    const loaded = loadWorkload(text, format);
    const source = new SourceText(text);
    // A wrong file can have a problem on every line: show the first few and count the rest.
    problems.push(...loaded.diagnostics.slice(0, MAX_SHOWN).map((d) => formatDiagnostic(d, source, { fileName: name })));
    if (loaded.diagnostics.length > MAX_SHOWN) problems.push(`… and ${loaded.diagnostics.length - MAX_SHOWN} more problems in ${name}`);
    return { workload: loaded.workload, format, problems, notes };
  }
  const jobId = name.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "") || "job";
  const trace = await loadTrace(text, format, { ...(format === "swf" && req.slotsPerNode !== undefined ? { coresPerNode: req.slotsPerNode } : {}), jobId });
  for (const p of trace.problems.slice(0, MAX_SHOWN)) problems.push(`${name}:${p.line}: error R502: ${p.path !== undefined ? `${p.path}: ` : ""}${p.message}`);
  if (trace.problemCount > MAX_SHOWN) problems.push(`… and ${trace.problemCount - MAX_SHOWN} more problems in ${name}`);
  const skipped = trace.skipped.reduce((n, s) => n + s.count, 0);
  if (skipped > 0) notes.push(`${skipped} of ${trace.records} records not replayed: ${trace.skipped.map((s) => `${s.count} ${s.reason} (e.g. ${s.examples.join(", ")})`).join("; ")}`);
  if (trace.split) notes.push(`${trace.split.jobs} jobs wider than a node (${req.slotsPerNode ?? 1} cores) run as ${trace.split.tasks} per-node tasks`);
  // A file with problems is refused, as the CLI refuses it.
  return { workload: problems.length > 0 ? { tasks: [], relative: true } : trace.workload, format, problems, notes };
}

function runOne(formula: string, workload: Workload, req: DryRunRequest, format: TraceFormat, label: string): DryRunFigures {
  // SWF cores per node, or a Batch export's slots per node (its tasks' requiredSlots need them).
  const pool = (format === "swf" || format === "batch-json") && req.slotsPerNode !== undefined ? { taskSlotsPerNode: req.slotsPerNode } : undefined;
  // The same seed for both formulas: the same preemptions and CPU noise.
  const result = simulate(formula, workload, { intervalMs: req.intervalMs, seed: 1, ...(pool ? { pool } : {}) });
  const formulaSource = new SourceText(formula);
  const problems = result.diagnostics.map((d) => (FORMULA_CODE.test(d.code) ? formatDiagnostic(d, formulaSource, { fileName: label }) : `${d.code}: ${d.message}`));
  if (result.summary === undefined) return { rows: [], summary: undefined, problems };
  const usable = (c: Readonly<Record<string, number>>): number => (c.idle ?? 0) + (c.running ?? 0);
  const rows = result.timeline.map((e) => ({
    time: e.time,
    demand: e.demand,
    queued: e.queued,
    running: e.running,
    dedicated: usable(e.nodes.dedicated),
    lowPriority: usable(e.nodes.lowPriority),
    targetDedicated: e.poolTargets.dedicated,
    targetLowPriority: e.poolTargets.lowPriority,
    applied: e.applied,
    note: e.note ?? "",
  }));
  const elasticity = elasticityOfRun(result, { dedicated: 0, lowPriority: 0 });
  return { rows, summary: result.summary, cost: costOf(result.summary, req.prices ?? DEFAULT_PRICES), ...(elasticity ? { elasticity } : {}), problems };
}

/** Runs a dry-run (and the comparison's second one); never throws. */
export async function runDryRun(req: DryRunRequest): Promise<DryRunResponse> {
  const t0 = performance.now();
  try {
    const trace = await readTrace(req);
    if (trace.workload.tasks.length === 0) {
      const why = [`${req.trace.name}: no tasks found (expected CSV with a header such as 'submit,duration', JSON Lines, an Azure Batch task export or SWF)`];
      // An empty or unreadable file used to "run" with no tasks and NaN waits.
      return { rows: [], summary: undefined, problems: [...trace.problems, ...why], notes: trace.notes, format: trace.format, ms: performance.now() - t0 };
    }
    const a = runOne(req.formula, trace.workload, req, trace.format, req.compare !== undefined ? "formula A" : "formula");
    const b = req.compare !== undefined ? runOne(req.compare, trace.workload, req, trace.format, "formula B") : undefined;
    return { ...a, problems: [...trace.problems, ...a.problems, ...(b?.problems ?? [])], notes: trace.notes, format: trace.format, ...(b ? { compare: b } : {}), ms: performance.now() - t0 };
  } catch (e) {
    return { rows: [], summary: undefined, problems: [`internal error: ${e instanceof Error ? e.message : String(e)}`], notes: [], ms: performance.now() - t0 };
  }
}
