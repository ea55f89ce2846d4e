// Dry-run chart: nodes vs demand over time with uPlot (small, canvas-based, no network).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** One series of the chart: a label, a colour and one value per time point. */
export interface ChartSeries {
  readonly label: string;
  readonly stroke: string;
  readonly values: readonly number[];
  readonly dash?: readonly number[];
}

let current: uPlot | undefined;

/** Draws (or redraws) the chart in `host`; `times` are epoch milliseconds. */
export function drawChart(host: HTMLElement, times: readonly number[], series: readonly ChartSeries[]): uPlot {
  current?.destroy();
  host.replaceChildren();
  const width = Math.max(320, host.clientWidth || 480);
  const opts: uPlot.Options = {
    width,
    height: 300,
    scales: { x: { time: true } },
    axes: [{}, { label: "nodes", size: 50 }],
    series: [
      {},
      ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, paths: uPlot.paths.stepped?.({ align: 1 }), ...(s.dash ? { dash: [...s.dash] } : {}) })),
    ],
    legend: { live: false },
  };
  // uPlot's time scale is in seconds.
  const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => [...s.values])];
  current = new uPlot(opts, data, host);
  host.dataset.points = String(times.length);
  return current;
}
