// Dry-run chart: nodes vs demand over time with uPlot (small, canvas-based, no network). Redraws
// at the new width when its box resizes, and in the theme's colours.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** One series of the chart: a label, a colour and one value per time point. */
export interface ChartSeries {
  readonly label: string;
  readonly stroke: string;
  /** null: no value at that time (a gap: the run had ended) */
  readonly values: readonly (number | null)[];
  readonly dash?: readonly number[];
}

let current: uPlot | undefined;
let observer: ResizeObserver | undefined;

const cssVar = (name: string, fallback: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Draws (or redraws) the chart in `host`; `times` are epoch milliseconds, shown in UTC. */
export function drawChart(host: HTMLElement, times: readonly number[], series: readonly ChartSeries[]): uPlot {
  clearChart(host);
  const width = (): number => Math.max(280, host.clientWidth || 480);
  const fg = cssVar("--fg", "#1f2328");
  const grid = cssVar("--line", "#d1d9e0");
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const opts: uPlot.Options = {
    width: width(),
    height: 300,
    scales: { x: { time: true } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    axes: [
      { ...axis, label: "time (UTC)", labelSize: 20 },
      { ...axis, label: "nodes", size: 50 },
    ],
    series: [
      {},
      ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, paths: uPlot.paths.stepped?.({ align: 1 }), ...(s.dash ? { dash: [...s.dash] } : {}) })),
    ],
    legend: { live: false },
  };
  // uPlot's time scale is in seconds.
  const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => [...s.values])];
  const plot = new uPlot(opts, data, host);
  current = plot;
  host.dataset.points = String(times.length);
  // The axis titles are painted on the canvas: say them to assistive technology (and tests) too.
  host.dataset.xLabel = "time (UTC)";
  host.setAttribute("aria-label", `Dry-run chart: nodes (vertical) over time (UTC) (horizontal), ${times.length} evaluations: ${series.map((s) => s.label).join(", ")}`);
  host.dataset.width = String(opts.width);
  let last = opts.width;
  observer = new ResizeObserver(() => {
    const w = width();
    if (Math.abs(w - last) < 2 || current !== plot) return;
    last = w;
    plot.setSize({ width: w, height: 300 });
    host.dataset.width = String(w);
  });
  observer.observe(host);
  return plot;
}

/** Removes the chart (a failed run must not leave the previous one on screen). */
export function clearChart(host: HTMLElement): void {
  observer?.disconnect();
  observer = undefined;
  current?.destroy();
  current = undefined;
  host.replaceChildren();
  delete host.dataset.points;
}
