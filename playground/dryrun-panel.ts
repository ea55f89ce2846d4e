// Dry-run panel: replays a sample, uploaded or pasted trace (CSV, JSON Lines, Azure Batch task
// export, SWF) through the simulator in a web worker (the page stays responsive), charts nodes vs
// demand, summarises (with cost and elasticity figures), compares with a second formula on the
// same trace and seed, and exports the timeline (CSV) and chart (SVG, PNG). Results are marked out
// of date when the formula or a setting changes.
import { bestPerColumn, detectTraceFormat, type CandidateResult, type CompareColumn } from "../src/entry/simulate.ts";
import { clearChart, drawChart, type ChartSeries } from "./chart.ts";
import type { DryRunFigures, DryRunRequest, DryRunResponse, DryRunRow } from "./dryrun-run.ts";
import { EXAMPLES, WORKLOADS, fillSelect } from "./examples.ts";
import { chartSvg, download, formatDuration, timelineCsv } from "./export.ts";
import type { ShareState } from "./share.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Handle of the Dry-run panel. */
export interface DryRunPanel {
  state(): { workload?: string; interval?: number; compare?: string; prices?: { dedicated: number; lowPriority: number } };
  restore(shared: ShareState | undefined): void;
  dryRun(): Promise<DryRunResponse | undefined>;
  formulaChanged(): void;
}

const UPLOAD = "(uploaded)";
const INTERVALS = [5, 15, 30, 60];
/** Price per node-hour when the fields are left as they are (dryrun-run.ts's DEFAULT_PRICES). */
const DEFAULT_PRICE = { dedicated: 0.192, lowPriority: 0.038 };

/** A row of the summary: its text per run and, when one value is better, the figure to compare. */
interface SummaryRow {
  readonly group: string;
  readonly label: string;
  readonly text: (f: DryRunFigures) => string;
  readonly value?: (f: DryRunFigures) => number;
  readonly better?: "lower" | "higher";
}

const hours = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 3_600_000).toFixed(2)} h` : "—");
const money = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(3));
const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? "—" : `${v.toFixed(1)} %`);
const dur = (ms: number | undefined): string => (ms === undefined || !Number.isFinite(ms) ? "—" : formatDuration(ms));
const NaNless = (v: number | undefined): number => v ?? NaN;

/** The summary's rows: the simulator's summary, cost, elasticity; no combined score. */
const ROWS: readonly SummaryRow[] = [
  { group: "Run", label: "evaluations", text: (f) => `${f.summary!.evaluations} (${f.summary!.evaluationErrors} failed)`, value: (f) => f.summary!.evaluationErrors, better: "lower" },
  { group: "Run", label: "node hours (dedicated / low-priority)", text: (f) => `${f.summary!.nodeHours.dedicated.toFixed(2)} / ${f.summary!.nodeHours.lowPriority.toFixed(2)}`, value: (f) => f.summary!.nodeHours.dedicated + f.summary!.nodeHours.lowPriority, better: "lower" },
  { group: "Run", label: "peak nodes", text: (f) => String(f.summary!.peakNodes) },
  { group: "Run", label: "tasks succeeded / total", text: (f) => `${f.summary!.tasks.succeeded} / ${f.summary!.tasks.total}`, value: (f) => f.summary!.tasks.succeeded, better: "higher" },
  { group: "Run", label: "tasks failed / terminated / incomplete", text: (f) => `${f.summary!.tasks.failed} / ${f.summary!.tasks.terminated} / ${f.summary!.tasks.incomplete}`, value: (f) => f.summary!.tasks.failed + f.summary!.tasks.terminated + f.summary!.tasks.incomplete, better: "lower" },
  { group: "Run", label: "wait p50", text: (f) => (f.summary!.wait.count === 0 ? "— (no task started)" : formatDuration(f.summary!.wait.p50)), value: (f) => (f.summary!.wait.count === 0 ? NaN : f.summary!.wait.p50), better: "lower" },
  { group: "Run", label: "wait p95", text: (f) => (f.summary!.wait.count === 0 ? "—" : formatDuration(f.summary!.wait.p95)), value: (f) => (f.summary!.wait.count === 0 ? NaN : f.summary!.wait.p95), better: "lower" },
  { group: "Run", label: "wait max", text: (f) => (f.summary!.wait.count === 0 ? "—" : formatDuration(f.summary!.wait.max)), value: (f) => (f.summary!.wait.count === 0 ? NaN : f.summary!.wait.max), better: "lower" },
  { group: "Run", label: "makespan", text: (f) => hours(f.summary!.makespan), value: (f) => f.summary!.makespan, better: "lower" },
  { group: "Run", label: "shortfall node-hours", text: (f) => f.summary!.demand.shortfallNodeHours.toFixed(2), value: (f) => f.summary!.demand.shortfallNodeHours, better: "lower" },
  { group: "Run", label: "excess node-hours", text: (f) => f.summary!.demand.excessNodeHours.toFixed(2), value: (f) => f.summary!.demand.excessNodeHours, better: "lower" },
  { group: "Cost", label: "cost (dedicated + low-priority)", text: (f) => `${money(f.cost?.total)} (${money(f.cost?.dedicated)} + ${money(f.cost?.lowPriority)})`, value: (f) => NaNless(f.cost?.total), better: "lower" },
  { group: "Cost", label: "idle cost (nodes with no task running)", text: (f) => money(f.cost?.idle), value: (f) => NaNless(f.cost?.idle), better: "lower" },
  { group: "Elasticity", label: "under-provisioning accuracy θU", text: (f) => pct(f.elasticity?.underAccuracy), value: (f) => NaNless(f.elasticity?.underAccuracy), better: "lower" },
  { group: "Elasticity", label: "over-provisioning accuracy θO", text: (f) => pct(f.elasticity?.overAccuracy), value: (f) => NaNless(f.elasticity?.overAccuracy), better: "lower" },
  { group: "Elasticity", label: "under-provisioning timeshare τU", text: (f) => pct(f.elasticity?.underTimeshare), value: (f) => NaNless(f.elasticity?.underTimeshare), better: "lower" },
  { group: "Elasticity", label: "over-provisioning timeshare τO", text: (f) => pct(f.elasticity?.overTimeshare), value: (f) => NaNless(f.elasticity?.overTimeshare), better: "lower" },
  { group: "Elasticity", label: "instability k", text: (f) => pct(f.elasticity?.instability), value: (f) => NaNless(f.elasticity?.instability), better: "lower" },
  { group: "Elasticity", label: "resizes", text: (f) => (f.elasticity ? String(f.elasticity.resizes) : "—"), value: (f) => NaNless(f.elasticity?.resizes), better: "lower" },
  {
    group: "Elasticity",
    label: "time to first node after a burst (mean / max)",
    text: (f) => (f.elasticity ? `${dur(f.elasticity.firstNodeMean)} / ${dur(f.elasticity.firstNodeMax)} (${f.elasticity.bursts} bursts)` : "—"),
    value: (f) => NaNless(f.elasticity?.firstNodeMean),
    better: "lower",
  },
];

/**
 * Runs dry-runs in a module worker; falls back to the main thread where workers are unavailable
 * or the worker fails (its script does not load, or it dies): then the pending runs are answered
 * here, and the next run starts a fresh worker. A run that throws rejects with the error's text.
 */
function workerClient(): (req: DryRunRequest) => Promise<DryRunResponse> {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, { req: DryRunRequest; resolve: (r: DryRunResponse) => void; reject: (e: Error) => void }>();
  const here = async (req: DryRunRequest): Promise<DryRunResponse> => (await import("./dryrun-run.ts")).runDryRun(req);
  const start = (): Worker => {
    const w = new Worker(new URL("./dryrun-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<{ id: number; res?: DryRunResponse; error?: string }>) => {
      const job = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      if (e.data.res !== undefined) job?.resolve(e.data.res);
      else job?.reject(new Error(e.data.error ?? "the dry-run worker gave no answer"));
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      if (worker === w) worker = undefined;
      const jobs = [...waiting.values()];
      waiting.clear();
      for (const job of jobs) here(job.req).then(job.resolve, job.reject);
    };
    return w;
  };
  return async (req) => {
    if (typeof Worker === "undefined") return here(req);
    worker ??= start();
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { req, resolve, reject });
      worker!.postMessage({ id, req });
    });
  };
}

/** Wires the Dry-run panel. */
export function createDryRunPanel(opts: { getFormula: () => string; onChange: () => void; onStatus: (s: string) => void }): DryRunPanel {
  let uploaded: { name: string; text: string } | undefined;
  const wlSelect = fillSelect($("dry-workload"), WORKLOADS.map((w) => ({ value: w.name, label: w.name })));
  const interval = $<HTMLSelectElement>("dry-interval");
  const slots = $<HTMLInputElement>("dry-slots");
  const priceDedicated = $<HTMLInputElement>("dry-price-dedicated");
  const priceLow = $<HTMLInputElement>("dry-price-low");
  const compare = $<HTMLTextAreaElement>("dry-compare");
  const compareExample = fillSelect($("dry-compare-example"), [{ value: "", label: "(choose)" }, ...EXAMPLES.map((e) => ({ value: e.name, label: e.name }))]);
  const chart = $("dry-chart");
  const stale = $("dry-stale");
  const notes = $("dry-notes");
  const summaryHead = $("dry-summary").querySelector("thead")!;
  const summaryBody = $("dry-summary").querySelector("tbody")!;
  const exports = ["export-csv", "export-svg", "export-png"].map((id) => $<HTMLButtonElement>(id));
  const run = workerClient();
  let last: { rows: readonly DryRunRow[]; series: ChartSeries[]; times: number[] } | undefined;

  const markStale = (): void => {
    if (last === undefined) return;
    stale.hidden = false;
    chart.classList.add("stale");
  };
  const changed = (): void => {
    opts.onChange();
    markStale();
  };
  /** The chosen trace (sample, upload or paste). */
  const currentTrace = (): { name: string; text: string } | undefined => (wlSelect.value === UPLOAD ? uploaded : WORKLOADS.find((w) => w.name === wlSelect.value));
  /** Batch exports and SWF files need the pool's slots (SWF: cores) per node: the field shows for them only. */
  const showSlots = (): void => {
    const t = currentTrace();
    const format = t === undefined ? undefined : detectTraceFormat(t.name, t.text.slice(0, 4096));
    const label = $("dry-slots-label");
    label.hidden = format !== "swf" && format !== "batch-json";
    $("dry-slots-name").textContent = format === "swf" ? "Cores per node" : "Task slots per node";
  };
  wlSelect.addEventListener("change", () => {
    showSlots();
    changed();
  });
  for (const el of [interval, slots, priceDedicated, priceLow]) el.addEventListener("change", changed);
  compare.addEventListener("input", changed);
  compareExample.addEventListener("change", () => {
    const e = EXAMPLES.find((x) => x.name === compareExample.value);
    if (e === undefined) return;
    compare.value = e.text;
    $<HTMLDetailsElement>("dry-compare-box").open = true;
    changed();
  });
  $("dry-compare-clear").addEventListener("click", () => {
    compare.value = "";
    compareExample.value = "";
    changed();
  });
  const useTrace = (name: string, text: string, label: string): void => {
    uploaded = { name, text };
    const existing = [...wlSelect.options].find((o) => o.value === UPLOAD);
    const option = existing ?? wlSelect.appendChild(document.createElement("option"));
    option.value = UPLOAD;
    option.textContent = label;
    wlSelect.value = UPLOAD;
    showSlots();
    markStale();
  };
  $<HTMLInputElement>("dry-upload").addEventListener("change", async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    useTrace(file.name, await file.text(), `uploaded: ${file.name}`);
  });
  $("dry-paste-use").addEventListener("click", () => {
    const text = $<HTMLTextAreaElement>("dry-paste").value;
    // No file name: the format comes from the content.
    useTrace("pasted", text, "pasted trace");
    opts.onStatus(`Using the pasted trace (${detectTraceFormat("", text.slice(0, 4096))}).`);
  });

  const dryError = $("dry-error");
  const showDryError = (message: string | undefined): void => {
    dryError.hidden = message === undefined;
    dryError.textContent = message ?? "";
  };
  const clearResults = (): void => {
    last = undefined;
    clearChart(chart);
    chart.classList.remove("stale");
    stale.hidden = true;
    summaryHead.replaceChildren();
    summaryBody.replaceChildren();
    notes.hidden = true;
    notes.textContent = "";
    for (const b of exports) b.disabled = true;
  };
  const price = (input: HTMLInputElement, fallback: number): number => {
    const v = input.value.trim() === "" ? NaN : Number(input.value);
    return Number.isFinite(v) && v >= 0 ? v : fallback;
  };
  const prices = (): { dedicated: number; lowPriority: number } => ({ dedicated: price(priceDedicated, DEFAULT_PRICE.dedicated), lowPriority: price(priceLow, DEFAULT_PRICE.lowPriority) });
  const slotsPerNode = (): number | undefined => {
    const v = Number(slots.value);
    return $("dry-slots-label").hidden || !Number.isInteger(v) || v < 1 || v > 256 ? undefined : v;
  };

  let pending = 0;
  const dryRun = async (): Promise<DryRunResponse | undefined> => {
    const trace = currentTrace();
    if (trace === undefined) {
      clearResults();
      showDryError("Choose a workload, upload a trace file or paste one.");
      return undefined;
    }
    const ticket = ++pending;
    const button = $<HTMLButtonElement>("dry-run");
    button.disabled = true;
    chart.setAttribute("aria-busy", "true");
    try {
      const second = compare.value.trim() === "" ? undefined : compare.value;
      const n = slotsPerNode();
      const req: DryRunRequest = { formula: opts.getFormula(), trace, intervalMs: Number(interval.value) * 60_000, prices: prices(), ...(second !== undefined ? { compare: second } : {}), ...(n !== undefined ? { slotsPerNode: n } : {}) };
      let res: DryRunResponse;
      try {
        res = await run(req);
      } catch (err) {
        if (ticket !== pending) return undefined;
        clearResults();
        showDryError(`The dry-run failed: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
      if (ticket !== pending) return res; // a newer run was started
      const t0 = performance.now();
      clearResults();
      showDryError(res.problems.length > 0 ? res.problems.join("\n") : undefined);
      if (res.notes.length > 0) {
        notes.hidden = false;
        notes.textContent = `${res.format ?? "trace"}: ${res.notes.join("; ")}`;
      }
      if (res.rows.length > 0 && res.summary !== undefined) render(res, res.compare?.summary !== undefined && res.compare.rows.length > 0 ? res.compare : undefined);
      // What the main thread spends on a run (bench/playground.ts reads it).
      performance.measure("dry-run render", { start: t0, end: performance.now() });
      return res;
    } finally {
      if (ticket === pending) {
        button.disabled = false;
        chart.removeAttribute("aria-busy");
      }
    }
  };
  $("dry-run").addEventListener("click", () => void dryRun());

  function render(a: DryRunFigures, b: DryRunFigures | undefined): void {
    const rows = a.rows;
    let times: number[];
    let series: ChartSeries[];
    if (b === undefined) {
      times = rows.map((r) => r.time);
      series = [
        { label: "demand (nodes)", stroke: "#cf222e", values: rows.map((r) => r.demand) },
        { label: "dedicated (usable)", stroke: "#0969da", values: rows.map((r) => r.dedicated) },
        { label: "low-priority (usable)", stroke: "#1a7f37", values: rows.map((r) => r.lowPriority) },
        { label: "dedicated target", stroke: "#8250df", values: rows.map((r) => r.targetDedicated), dash: [6, 4] },
      ];
    } else {
      // Both runs on one time axis (one may run longer: a gap after its end).
      times = [...new Set([...rows.map((r) => r.time), ...b.rows.map((r) => r.time)])].sort((x, y) => x - y);
      const at = (rs: readonly DryRunRow[], f: (r: DryRunRow) => number): (number | null)[] => {
        const m = new Map(rs.map((r) => [r.time, f(r)]));
        return times.map((t) => m.get(t) ?? null);
      };
      const usable = (r: DryRunRow): number => r.dedicated + r.lowPriority;
      series = [
        { label: "demand (A)", stroke: "#cf222e", values: at(rows, (r) => r.demand) },
        { label: "demand (B)", stroke: "#bc4c00", values: at(b.rows, (r) => r.demand), dash: [2, 3] },
        { label: "A: usable nodes (editor)", stroke: "#0969da", values: at(rows, usable) },
        { label: "B: usable nodes (second formula)", stroke: "#8250df", values: at(b.rows, usable), dash: [6, 4] },
      ];
    }
    drawChart(chart, times, series);
    last = { rows, series, times };
    for (const b of exports) b.disabled = false;
    renderSummary(b === undefined ? [a] : [a, b]);
  }

  /** The summary table: one value column per run; with two, the better value of each row is marked. */
  function renderSummary(runs: readonly DryRunFigures[]): void {
    const cell = (tag: "td" | "th", text: string, attrs: Record<string, string> = {}): HTMLElement => {
      const el = Object.assign(document.createElement(tag), { textContent: text });
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      return el;
    };
    const head = document.createElement("tr");
    head.append(cell("th", "figure", { scope: "col" }), ...(runs.length === 1 ? [cell("th", "value", { scope: "col" })] : [cell("th", "A (editor)", { scope: "col" }), cell("th", "B (second formula)", { scope: "col" })]));
    summaryHead.replaceChildren(head);
    // bestPerColumn marks the best of each row (ties and all-equal rows: none), as `autoscale compare` does.
    const results = runs.map((r, i) => ({ ...r, name: String(i), diagnostics: [] }) as unknown as CandidateResult);
    const columns: CompareColumn[] = ROWS.filter((r) => r.value !== undefined).map((r) => ({ key: r.label, label: r.label, better: r.better ?? "lower", unit: "count", value: (c) => r.value!(c as unknown as DryRunFigures) }));
    const best = runs.length > 1 ? bestPerColumn(results, columns) : new Map<string, Set<number>>();
    const trs: HTMLElement[] = [];
    let group = "";
    for (const row of ROWS) {
      if (row.group !== group) {
        group = row.group;
        const tr = document.createElement("tr");
        tr.append(cell("th", group, { scope: "colgroup", colspan: String(runs.length + 1), class: "group" }));
        trs.push(tr);
      }
      const tr = document.createElement("tr");
      tr.append(cell("td", row.label));
      runs.forEach((r, i) => {
        const better = best.get(row.label)?.has(i) === true;
        const td = cell("td", `${row.text(r)}${better ? " ✓ better" : ""}`);
        if (better) td.classList.add("better");
        tr.append(td);
      });
      trs.push(tr);
    }
    summaryBody.replaceChildren(...trs);
  }

  exports[0]!.addEventListener("click", () => last && download("dry-run-timeline.csv", new Blob([timelineCsv(last.rows)], { type: "text/csv" })));
  exports[1]!.addEventListener("click", () => last && download("dry-run-chart.svg", new Blob([chartSvg(last.times, last.series)], { type: "image/svg+xml" })));
  exports[2]!.addEventListener("click", () => {
    const canvas = chart.querySelector("canvas");
    if (!canvas) return;
    canvas.toBlob((blob) => (blob ? download("dry-run-chart.png", blob) : opts.onStatus("The chart could not be saved as PNG.")), "image/png");
  });

  // The chart's axes and grid take the theme's colours when drawn.
  document.addEventListener("themechange", () => {
    if (last) drawChart(chart, last.times, last.series);
  });
  showSlots();

  return {
    state: () => {
      const p = prices();
      return {
        ...(wlSelect.value && wlSelect.value !== UPLOAD ? { workload: wlSelect.value } : {}),
        ...(interval.value !== "15" ? { interval: Number(interval.value) } : {}),
        ...(compare.value.trim() !== "" ? { compare: compare.value } : {}),
        ...(p.dedicated !== DEFAULT_PRICE.dedicated || p.lowPriority !== DEFAULT_PRICE.lowPriority ? { prices: p } : {}),
      };
    },
    restore(shared) {
      if (shared?.workload && WORKLOADS.some((w) => w.name === shared.workload)) wlSelect.value = shared.workload;
      if (shared?.interval !== undefined && INTERVALS.includes(shared.interval)) interval.value = String(shared.interval);
      compare.value = shared?.compare ?? "";
      compareExample.value = "";
      if (compare.value !== "") $<HTMLDetailsElement>("dry-compare-box").open = true;
      priceDedicated.value = String(shared?.prices?.dedicated ?? DEFAULT_PRICE.dedicated);
      priceLow.value = String(shared?.prices?.lowPriority ?? DEFAULT_PRICE.lowPriority);
      showSlots();
    },
    dryRun,
    formulaChanged: markStale,
  };
}
