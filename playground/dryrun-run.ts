// One dry-run, as plain data: load the workload, simulate the formula, and flatten the timeline to
// rows the page can chart, tabulate and export. Runs in the dry-run worker (dryrun-worker.ts), off
// the page's main thread; pure, so the e2e tests and Node can call it too.
import { formatDiagnostic, simulate, SourceText, type SimulationSummary } from "../src/index.ts";
import { loadWorkload } from "../src/entry/simulate.ts";

/** What the page asks for. */
export interface DryRunRequest {
  readonly formula: string;
  readonly trace: { readonly name: string; readonly text: string };
  readonly intervalMs: number;
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

/** The answer: rows and summary when it ran; problems (rendered with line and column) when not. */
export interface DryRunResponse {
  readonly rows: readonly DryRunRow[];
  readonly summary: SimulationSummary | undefined;
  readonly problems: readonly string[];
  readonly ms: number;
}

const FORMULA_CODE = /^[LPCE]\d/;
const MAX_SHOWN = 10;

/** Runs a dry-run; never throws. */
export function runDryRun(req: DryRunRequest): DryRunResponse {
  const t0 = performance.now();
  const done = (rows: DryRunRow[], summary: SimulationSummary | undefined, problems: string[]): DryRunResponse => ({ rows, summary, problems, ms: performance.now() - t0 });
  const loaded = loadWorkload(req.trace.text, /\.jsonl?$/i.test(req.trace.name) ? "jsonl" : undefined);
  const traceSource = new SourceText(req.trace.text);
  // A wrong file can have a problem on every line: show the first few and count the rest.
  const problems = loaded.diagnostics.slice(0, MAX_SHOWN).map((d) => formatDiagnostic(d, traceSource, { fileName: req.trace.name }));
  if (loaded.diagnostics.length > MAX_SHOWN) problems.push(`… and ${loaded.diagnostics.length - MAX_SHOWN} more problems in ${req.trace.name}`);
  if (loaded.workload.tasks.length === 0) {
    // An empty or unreadable file used to "run" with no tasks and NaN waits.
    return done([], undefined, [...problems, `${req.trace.name}: no tasks found (expected CSV with a header such as 'submit,duration', or JSON Lines)`]);
  }
  const result = simulate(req.formula, loaded.workload, { intervalMs: req.intervalMs });
  const formulaSource = new SourceText(req.formula);
  for (const d of result.diagnostics) {
    problems.push(FORMULA_CODE.test(d.code) ? formatDiagnostic(d, formulaSource, { fileName: "formula" }) : `${d.code}: ${d.message}`);
  }
  if (result.summary === undefined) return done([], undefined, problems);
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
  return done(rows, result.summary, problems);
}
