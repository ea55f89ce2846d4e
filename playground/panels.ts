// The "try it" panels: Evaluate (one evaluation against an editable context) and Dry run (replay a
// workload through the simulator and chart nodes vs demand). Both call only src/index.ts.
import { compile, formatDiagnostic, simulate, SourceText, type Diagnostic, type EvalOutcome } from "../src/index.ts";
import { loadWorkload } from "../src/entry/simulate.ts";
import { drawChart } from "./chart.ts";
import { CONTEXTS, WORKLOADS, fillSelect } from "./examples.ts";
import type { ContextEdits, ShareState } from "./share.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** What a dry-run returns (timeline, summary, diagnostics). */
export type SimulationResult = ReturnType<typeof simulate>;

/** Used when no sample context is chosen: a pool of 2 nodes, a rising queue and a busy CPU. */
export function defaultContext(): { now: string; pool: object; samples: Record<string, [string, number][]> } {
  const now = Date.parse("2024-05-06T12:00:00Z");
  const series = (f: (i: number) => number): [string, number][] =>
    Array.from({ length: 20 }, (_, i) => [new Date(now - (20 - i) * 30_000 - 60_000).toISOString(), f(i)]);
  return {
    now: new Date(now).toISOString(),
    pool: { targetDedicatedNodes: 2, targetLowPriorityNodes: 0, currentDedicatedNodes: 2, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 },
    samples: {
      $PendingTasks: series((i) => 4 + i),
      $ActiveTasks: series((i) => 2 + i),
      $RunningTasks: series(() => 2),
      $CPUPercent: series((i) => 55 + (i % 5) * 5),
    },
  };
}

/** The panels' part of the shared state. */
export interface PanelState {
  readonly context?: string;
  readonly workload?: string;
  readonly edits?: ContextEdits;
}

/** Handle returned by {@link createPanels}. */
export interface Panels {
  state(): PanelState;
  restore(shared: ShareState | undefined): void;
  evaluate(): EvalOutcome | undefined;
  dryRun(): SimulationResult | undefined;
}

const DEFAULT = "default";

/** Wires both panels to the page. `getFormula` reads the editor; `onChange` saves the share state. */
export function createPanels(opts: {
  getFormula: () => string;
  onChange: () => void;
  /** the evaluation's failure (E4xx with span), or undefined after a clean run */
  onEvalDiagnostic?: (d: Diagnostic | undefined) => void;
}): Panels {
  // ---- Evaluate ------------------------------------------------------------------------------
  const ctxSelect = fillSelect($("eval-context"), [
    { value: DEFAULT, label: "built-in default" },
    ...CONTEXTS.map((c) => ({ value: c.name, label: c.name.replace(/\.json$/, "") })),
  ]);
  const nowInput = $<HTMLInputElement>("eval-now");
  const poolInput = $<HTMLTextAreaElement>("eval-pool");
  const samplesInput = $<HTMLTextAreaElement>("eval-samples");
  let extra: Record<string, unknown> = {};
  /** The fields as the chosen context filled them: what differs is a user edit (shared in links). */
  let loaded = { now: "", pool: "", samples: "" };

  const loadContext = (name: string): void => {
    const file = CONTEXTS.find((c) => c.name === name);
    let ctx: Record<string, unknown>;
    try {
      ctx = file ? (JSON.parse(file.text) as Record<string, unknown>) : defaultContext();
    } catch {
      ctx = defaultContext();
    }
    const { now, pool, samples, ...rest } = ctx;
    extra = rest;
    ctxSelect.value = file ? name : DEFAULT;
    nowInput.value = typeof now === "number" ? new Date(now).toISOString() : String(now ?? "");
    poolInput.value = JSON.stringify(pool ?? {}, null, 2);
    samplesInput.value = JSON.stringify(samples ?? {}, null, 1);
    loaded = { now: nowInput.value, pool: poolInput.value, samples: samplesInput.value };
  };
  const edits = (): ContextEdits | undefined => {
    const e = {
      ...(nowInput.value !== loaded.now ? { now: nowInput.value } : {}),
      ...(poolInput.value !== loaded.pool ? { pool: poolInput.value } : {}),
      ...(samplesInput.value !== loaded.samples ? { samples: samplesInput.value } : {}),
    };
    return Object.keys(e).length > 0 ? e : undefined;
  };
  for (const input of [nowInput, poolInput, samplesInput]) input.addEventListener("input", () => opts.onChange());
  ctxSelect.addEventListener("change", () => {
    loadContext(ctxSelect.value);
    opts.onChange();
  });

  const evalError = $("eval-error");
  const showEvalError = (message: string | undefined): void => {
    evalError.hidden = message === undefined;
    evalError.textContent = message ?? "";
  };

  const evaluate = (): EvalOutcome | undefined => {
    const text = opts.getFormula();
    const results = $("eval-results");
    const body = $("eval-vars").querySelector("tbody")!;
    results.textContent = "";
    body.replaceChildren();
    let pool: unknown;
    let samples: unknown;
    try {
      pool = JSON.parse(poolInput.value);
      samples = JSON.parse(samplesInput.value);
    } catch (e) {
      showEvalError(`Context JSON: ${(e as Error).message}`);
      return undefined;
    }
    const { program, diagnostics } = compile(text);
    if (program === undefined) {
      const source = new SourceText(text);
      showEvalError(diagnostics.map((d) => formatDiagnostic(d, source, { fileName: "formula" })).join("\n"));
      return undefined;
    }
    const outcome = program.evaluate({ ...extra, now: nowInput.value, pool, samples } as Parameters<typeof program.evaluate>[0]);
    opts.onEvalDiagnostic?.(outcome.diagnostic);
    const err = outcome.run.error;
    showEvalError(err ? `${err.code}: ${err.message}\n${err.values.map((v) => `${v.name}: ${v.value}`).join("\n")}` : undefined);
    results.textContent = outcome.run.results;
    const row = (name: string, value: string): void => {
      const tr = document.createElement("tr");
      for (const text of [name, value]) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
      body.append(tr);
    };
    row("$TargetDedicatedNodes", String(outcome.targets.dedicated));
    row("$TargetLowPriorityNodes", String(outcome.targets.lowPriority));
    row("$NodeDeallocationOption", outcome.targets.deallocation);
    for (const v of outcome.variables) row(v.name, v.text);
    return outcome;
  };
  $("eval-run").addEventListener("click", () => void evaluate());

  // ---- Dry run -------------------------------------------------------------------------------
  const UPLOAD = "(uploaded)";
  let uploaded: { name: string; text: string } | undefined;
  const wlSelect = fillSelect($("dry-workload"), WORKLOADS.map((w) => ({ value: w.name, label: w.name })));
  wlSelect.addEventListener("change", () => opts.onChange());
  $<HTMLInputElement>("dry-upload").addEventListener("change", async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    uploaded = { name: file.name, text: await file.text() };
    const existing = [...wlSelect.options].find((o) => o.value === UPLOAD);
    const option = existing ?? wlSelect.appendChild(document.createElement("option"));
    option.value = UPLOAD;
    option.textContent = `uploaded: ${file.name}`;
    wlSelect.value = UPLOAD;
  });

  const dryError = $("dry-error");
  const showDryError = (message: string | undefined): void => {
    dryError.hidden = message === undefined;
    dryError.textContent = message ?? "";
  };

  const dryRun = (): SimulationResult | undefined => {
    const trace = wlSelect.value === UPLOAD ? uploaded : WORKLOADS.find((w) => w.name === wlSelect.value);
    if (trace === undefined) {
      showDryError("Choose a workload or upload a CSV.");
      return undefined;
    }
    const loaded = loadWorkload(trace.text, /\.jsonl?$/i.test(trace.name) ? "jsonl" : undefined);
    const problems = loaded.diagnostics.map((d) => formatDiagnostic(d, new SourceText(trace.text), { fileName: trace.name }));
    const intervalMs = Number($<HTMLSelectElement>("dry-interval").value) * 60_000;
    const result = simulate(opts.getFormula(), loaded.workload, { intervalMs });
    const all = [...problems, ...result.diagnostics.map((d) => `${d.code}: ${d.message}`)];
    showDryError(all.length > 0 ? all.join("\n") : undefined);
    if (result.timeline.length === 0 || result.summary === undefined) return result;
    const t = result.timeline;
    const usable = (c: { idle: number; running: number }): number => c.idle + c.running;
    drawChart($("dry-chart"), t.map((e) => e.time), [
      { label: "demand (nodes)", stroke: "#cf222e", values: t.map((e) => e.demand) },
      { label: "dedicated (usable)", stroke: "#0969da", values: t.map((e) => usable(e.nodes.dedicated)) },
      { label: "low-priority (usable)", stroke: "#1a7f37", values: t.map((e) => usable(e.nodes.lowPriority)) },
      { label: "dedicated target", stroke: "#8250df", values: t.map((e) => e.poolTargets.dedicated), dash: [6, 4] },
    ]);
    renderSummary(result.summary);
    return result;
  };
  $("dry-run").addEventListener("click", () => void dryRun());

  function renderSummary(s: NonNullable<SimulationResult["summary"]>): void {
    const body = $("dry-summary").querySelector("tbody")!;
    const hours = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 3_600_000).toFixed(2)} h` : "—");
    const rows: [string, string][] = [
      ["evaluations", `${s.evaluations} (${s.evaluationErrors} failed)`],
      ["node hours (dedicated / low-priority)", `${s.nodeHours.dedicated.toFixed(2)} / ${s.nodeHours.lowPriority.toFixed(2)}`],
      ["peak nodes", String(s.peakNodes)],
      ["tasks succeeded / total", `${s.tasks.succeeded} / ${s.tasks.total}`],
      ["tasks failed / terminated / incomplete", `${s.tasks.failed} / ${s.tasks.terminated} / ${s.tasks.incomplete}`],
      ["wait p50 / p95 / max", [s.wait.p50, s.wait.p95, s.wait.max].map((x) => `${Math.round(x / 1000)} s`).join(" / ")],
      ["makespan", hours(s.makespan)],
      ["shortfall / excess node-hours", `${s.demand.shortfallNodeHours.toFixed(2)} / ${s.demand.excessNodeHours.toFixed(2)}`],
    ];
    body.replaceChildren(
      ...rows.map(([k, v]) => {
        const tr = document.createElement("tr");
        tr.append(Object.assign(document.createElement("td"), { textContent: k }), Object.assign(document.createElement("td"), { textContent: v }));
        return tr;
      }),
    );
  }

  return {
    state: () => {
      const edited = edits();
      return {
        ...(ctxSelect.value !== DEFAULT ? { context: ctxSelect.value } : {}),
        ...(wlSelect.value && wlSelect.value !== UPLOAD ? { workload: wlSelect.value } : {}),
        ...(edited !== undefined ? { edits: edited } : {}),
      };
    },
    restore(shared) {
      loadContext(shared?.context ?? DEFAULT);
      if (shared?.edits?.now !== undefined) nowInput.value = shared.edits.now;
      if (shared?.edits?.pool !== undefined) poolInput.value = shared.edits.pool;
      if (shared?.edits?.samples !== undefined) samplesInput.value = shared.edits.samples;
      if (shared?.workload && WORKLOADS.some((w) => w.name === shared.workload)) wlSelect.value = shared.workload;
    },
    evaluate,
    dryRun,
  };
}
