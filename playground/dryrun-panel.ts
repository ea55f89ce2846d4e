// Dry-run panel: replays a sample or uploaded workload through the simulator in a web worker
// (the page stays responsive), charts nodes vs demand, summarises, and exports the timeline (CSV)
// and chart (SVG, PNG). Results are marked out of date when the formula or a setting changes.
import type { SimulationSummary } from "../src/index.ts";
import { clearChart, drawChart, type ChartSeries } from "./chart.ts";
import type { DryRunRequest, DryRunResponse, DryRunRow } from "./dryrun-run.ts";
import { WORKLOADS, fillSelect } from "./examples.ts";
import { chartSvg, download, formatDuration, timelineCsv } from "./export.ts";
import type { ShareState } from "./share.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Handle of the Dry-run panel. */
export interface DryRunPanel {
  state(): { workload?: string; interval?: number };
  restore(shared: ShareState | undefined): void;
  dryRun(): Promise<DryRunResponse | undefined>;
  formulaChanged(): void;
}

const UPLOAD = "(uploaded)";
const INTERVALS = [5, 15, 30, 60];

/** Runs dry-runs in a module worker; falls back to the main thread where workers are unavailable. */
function workerClient(): (req: DryRunRequest) => Promise<DryRunResponse> {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, (r: DryRunResponse) => void>();
  return async (req) => {
    if (typeof Worker === "undefined") return (await import("./dryrun-run.ts")).runDryRun(req);
    worker ??= new Worker(new URL("./dryrun-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<{ id: number; res: DryRunResponse }>) => {
      waiting.get(e.data.id)?.(e.data.res);
      waiting.delete(e.data.id);
    };
    const id = next++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker!.postMessage({ id, req });
    });
  };
}

/** Wires the Dry-run panel. */
export function createDryRunPanel(opts: { getFormula: () => string; onChange: () => void; onStatus: (s: string) => void }): DryRunPanel {
  let uploaded: { name: string; text: string } | undefined;
  const wlSelect = fillSelect($("dry-workload"), WORKLOADS.map((w) => ({ value: w.name, label: w.name })));
  const interval = $<HTMLSelectElement>("dry-interval");
  const chart = $("dry-chart");
  const stale = $("dry-stale");
  const summaryBody = $("dry-summary").querySelector("tbody")!;
  const exports = ["export-csv", "export-svg", "export-png"].map((id) => $<HTMLButtonElement>(id));
  const run = workerClient();
  let last: { rows: readonly DryRunRow[]; series: ChartSeries[]; times: number[] } | undefined;

  const markStale = (): void => {
    if (last === undefined) return;
    stale.hidden = false;
    chart.classList.add("stale");
  };
  wlSelect.addEventListener("change", () => {
    opts.onChange();
    markStale();
  });
  interval.addEventListener("change", () => {
    opts.onChange();
    markStale();
  });
  $<HTMLInputElement>("dry-upload").addEventListener("change", async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    uploaded = { name: file.name, text: await file.text() };
    const existing = [...wlSelect.options].find((o) => o.value === UPLOAD);
    const option = existing ?? wlSelect.appendChild(document.createElement("option"));
    option.value = UPLOAD;
    option.textContent = `uploaded: ${file.name}`;
    wlSelect.value = UPLOAD;
    markStale();
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
    summaryBody.replaceChildren();
    for (const b of exports) b.disabled = true;
  };

  let pending = 0;
  const dryRun = async (): Promise<DryRunResponse | undefined> => {
    const trace = wlSelect.value === UPLOAD ? uploaded : WORKLOADS.find((w) => w.name === wlSelect.value);
    if (trace === undefined) {
      clearResults();
      showDryError("Choose a workload or upload a CSV.");
      return undefined;
    }
    const ticket = ++pending;
    const button = $<HTMLButtonElement>("dry-run");
    button.disabled = true;
    chart.setAttribute("aria-busy", "true");
    try {
      const res = await run({ formula: opts.getFormula(), trace, intervalMs: Number(interval.value) * 60_000 });
      if (ticket !== pending) return res; // a newer run was started
      const t0 = performance.now();
      clearResults();
      showDryError(res.problems.length > 0 ? res.problems.join("\n") : undefined);
      if (res.rows.length > 0 && res.summary !== undefined) render(res.rows, res.summary);
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

  function render(rows: readonly DryRunRow[], s: SimulationSummary): void {
    const times = rows.map((r) => r.time);
    const series: ChartSeries[] = [
      { label: "demand (nodes)", stroke: "#cf222e", values: rows.map((r) => r.demand) },
      { label: "dedicated (usable)", stroke: "#0969da", values: rows.map((r) => r.dedicated) },
      { label: "low-priority (usable)", stroke: "#1a7f37", values: rows.map((r) => r.lowPriority) },
      { label: "dedicated target", stroke: "#8250df", values: rows.map((r) => r.targetDedicated), dash: [6, 4] },
    ];
    drawChart(chart, times, series);
    last = { rows, series, times };
    for (const b of exports) b.disabled = false;
    const hours = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 3_600_000).toFixed(2)} h` : "—");
    const table: [string, string][] = [
      ["evaluations", `${s.evaluations} (${s.evaluationErrors} failed)`],
      ["node hours (dedicated / low-priority)", `${s.nodeHours.dedicated.toFixed(2)} / ${s.nodeHours.lowPriority.toFixed(2)}`],
      ["peak nodes", String(s.peakNodes)],
      ["tasks succeeded / total", `${s.tasks.succeeded} / ${s.tasks.total}`],
      ["tasks failed / terminated / incomplete", `${s.tasks.failed} / ${s.tasks.terminated} / ${s.tasks.incomplete}`],
      ["wait p50 / p95 / max", s.wait.count === 0 ? "— (no task started)" : [s.wait.p50, s.wait.p95, s.wait.max].map(formatDuration).join(" / ")],
      ["makespan", hours(s.makespan)],
      ["shortfall / excess node-hours", `${s.demand.shortfallNodeHours.toFixed(2)} / ${s.demand.excessNodeHours.toFixed(2)}`],
    ];
    summaryBody.replaceChildren(
      ...table.map(([k, v]) => {
        const tr = document.createElement("tr");
        tr.append(Object.assign(document.createElement("td"), { textContent: k }), Object.assign(document.createElement("td"), { textContent: v }));
        return tr;
      }),
    );
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

  return {
    state: () => ({
      ...(wlSelect.value && wlSelect.value !== UPLOAD ? { workload: wlSelect.value } : {}),
      ...(interval.value !== "15" ? { interval: Number(interval.value) } : {}),
    }),
    restore(shared) {
      if (shared?.workload && WORKLOADS.some((w) => w.name === shared.workload)) wlSelect.value = shared.workload;
      if (shared?.interval !== undefined && INTERVALS.includes(shared.interval)) interval.value = String(shared.interval);
    },
    dryRun,
    formulaChanged: markStale,
  };
}
