// Terminal and file renderings of simulator output for `autoscale simulate`: tables, the summary,
// a compact asciichart of nodes vs demand, and an SVG chart drawn by vega-lite (loaded only when
// --chart is given). CLI only; the library returns data.

import asciichart from "asciichart";
import { formatDuration, type ReplayEntry, type SimulationSummary, type TimelineEntry } from "../../entry/simulate.ts";

const iso = (t: number): string => new Date(t).toISOString().replace(":00.000Z", "Z");
const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const num = (x: number, digits = 1): string => (Number.isFinite(x) ? (Math.round(x * 10 ** digits) / 10 ** digits).toString() : "-");

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (rightAligned.has(i) ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * A table of the entries whose `key` differs from the previous shown entry's, plus every failed
 * one (every entry with `all`), and a footer counting the rest. Both timeline tables use it.
 */
function changesTable<E>(
  entries: readonly E[],
  all: boolean,
  columns: { header: readonly string[]; rightAligned: ReadonlySet<number> },
  key: (e: E) => string,
  failed: (e: E) => boolean,
  row: (e: E) => string[],
): string {
  const rows: string[][] = [];
  let prevKey = "";
  let skipped = 0;
  for (const e of entries) {
    const k = key(e);
    if (!all && k === prevKey && !failed(e)) {
      skipped++;
      continue;
    }
    prevKey = k;
    rows.push(row(e));
  }
  const text = table(columns.header, rows, columns.rightAligned);
  return skipped > 0 ? `${text}\n(${skipped} evaluations without change omitted; --all shows every one)` : text;
}

/**
 * One row per evaluation where something changed (targets, node counts, an error), or every row
 * with `all`. Node columns read allocating/idle/running/leaving (+preempted for low-priority).
 */
export function renderTimelineTable(timeline: readonly TimelineEntry[], all: boolean): string {
  const header = ["time (UTC)", "target D/LP", "dedicated a/i/r/l", "low-pri a/i/r/l/p", "queued", "running", "demand", "outcome"];
  return changesTable(
    timeline,
    all,
    { header, rightAligned: new Set([4, 5, 6]) },
    (e) => JSON.stringify([e.poolTargets, e.nodes.dedicated, e.nodes.lowPriority, e.run.error?.code]),
    (e) => e.run.error !== undefined,
    (e) => {
      const d = e.nodes.dedicated;
      const l = e.nodes.lowPriority;
      return [
        iso(e.time),
        `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}`,
        `${d.allocating}/${d.idle}/${d.running}/${d.leaving}`,
        `${l.allocating}/${l.idle}/${l.running}/${l.leaving}/${l.preempted}`,
        String(e.queued),
        String(e.running),
        String(e.demand),
        e.run.error ? `${e.run.error.code}${e.run.error.values[0] ? `: ${e.run.error.values[0].value}` : ""}` : e.note ?? (e.targets?.deallocation ?? ""),
      ];
    },
  );
}

/** The summary block. */
export function renderSummary(s: SimulationSummary): string {
  const hours = (s.end - s.start) / 3_600_000;
  const t = s.tasks;
  return [
    `simulated        ${iso(s.start)} → ${iso(s.end)} (${formatDuration(s.end - s.start)}), ${s.evaluations} evaluations, ${s.evaluationErrors} failed, ${s.refusedTargets} refused targets`,
    `node-hours       dedicated ${num(s.nodeHours.dedicated)}, low-priority ${num(s.nodeHours.lowPriority)} (peak ${s.peakNodes} nodes)`,
    `tasks            ${t.total} total: ${t.succeeded} succeeded, ${t.failed} failed (${t.terminated} terminated by resize, ${t.unschedulable} unschedulable), ${t.incomplete} not finished`,
    `requeued         ${t.requeuedByResize} by resize, ${t.requeuedByPreemption} by preemption`,
    `task wait        mean ${formatDuration(s.wait.mean)}, p50 ${formatDuration(s.wait.p50)}, p95 ${formatDuration(s.wait.p95)}, max ${formatDuration(s.wait.max)}`,
    `makespan         ${Number.isNaN(s.makespan) ? "- (some tasks did not finish)" : formatDuration(s.makespan)}`,
    `vs demand        above ${num(s.demand.hoursAbove)} h (${num(s.demand.excessNodeHours)} idle node-h), below ${num(s.demand.hoursBelow)} h (${num(s.demand.shortfallNodeHours)} node-h short) of ${num(hours)} h`,
  ].join("\n");
}

/** `width` buckets over the time span; each holds the largest value seen in it (spikes survive). */
function resample(times: readonly number[], values: readonly number[], width: number): number[] {
  const t0 = times[0]!;
  const span = Math.max(1, times[times.length - 1]! - t0);
  const out = new Array<number>(width).fill(-Infinity);
  times.forEach((t, i) => {
    const b = Math.min(width - 1, Math.floor(((t - t0) / span) * width));
    out[b] = Math.max(out[b]!, values[i]!);
  });
  // Empty buckets (fewer evaluations than columns) hold the previous value: targets are steps.
  for (let b = 0; b < width; b++) if (out[b] === -Infinity) out[b] = b > 0 ? out[b - 1]! : values[0]!;
  return out;
}

/**
 * A compact terminal chart of nodes in the pool against demand (asciichart): one chart with two
 * coloured lines on a colour terminal, else two charts on the same scale (lines in one colour
 * would be indistinguishable).
 */
export function renderTerminalChart(timeline: readonly TimelineEntry[], options: { width?: number; color?: boolean } = {}): string {
  if (timeline.length < 2) return "";
  const times = timeline.map((e) => e.time);
  const width = Math.min(options.width ?? 72, Math.max(2, timeline.length));
  const nodes = resample(times, timeline.map(sumNodes), width);
  const demand = resample(times, timeline.map((e) => e.demand), width);
  const max = Math.max(1, ...nodes, ...demand);
  const format = (x: number) => lpad(x.toFixed(0), 5);
  const span = `       ${iso(times[0]!)} … ${iso(times[times.length - 1]!)}`;
  if (options.color) {
    const chart = asciichart.plot([nodes, demand], { height: 10, min: 0, max, colors: [asciichart.green, asciichart.red], format });
    return `${chart}\n${span}   ${asciichart.green}── nodes in the pool${asciichart.reset}  ${asciichart.red}── demand${asciichart.reset}`;
  }
  const plot = (series: number[]) => asciichart.plot(series, { height: 6, min: 0, max, format });
  return `nodes in the pool\n${plot(nodes)}\ndemand (nodes needed for queued + running tasks)\n${plot(demand)}\n${span}`;
}

function sumNodes(e: TimelineEntry): number {
  const d = e.nodes.dedicated;
  const l = e.nodes.lowPriority;
  return d.allocating + d.idle + d.running + d.leaving + d.preempted + l.allocating + l.idle + l.running + l.leaving + l.preempted;
}

/**
 * Why --chart cannot draw, or undefined when it can: vega and vega-lite are optional peer
 * dependencies of the package (only the SVG chart needs them, and they are most of an install).
 */
export async function chartUnavailable(): Promise<string | undefined> {
  for (const name of ["vega", "vega-lite"]) {
    try {
      await import(name);
    } catch (e) {
      if ((e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") return `--chart needs the optional packages vega and vega-lite; '${name}' is not installed (npm install vega vega-lite)`;
      return `--chart: the package '${name}' could not be loaded: ${(e as Error).message}`;
    }
  }
  return undefined;
}

/**
 * An SVG chart (vega-lite, rendered headlessly by vega without a browser): dedicated and
 * low-priority nodes in the pool, and demand, as step lines over time.
 */
export async function renderSvgChart(timeline: readonly TimelineEntry[], title: string): Promise<string> {
  const values: ChartPoint[] = [];
  for (const e of timeline) {
    const time = new Date(e.time).toISOString();
    const d = e.nodes.dedicated;
    const l = e.nodes.lowPriority;
    values.push({ time, series: "dedicated nodes", nodes: d.allocating + d.idle + d.running + d.leaving });
    values.push({ time, series: "low-priority nodes", nodes: l.allocating + l.idle + l.running + l.leaving + l.preempted });
    values.push({ time, series: "demand", nodes: e.demand });
  }
  return stepChartSvg(values, {
    title,
    yTitle: "nodes",
    series: [
      { name: "dedicated nodes", color: "#1f77b4" },
      { name: "low-priority nodes", color: "#2ca02c" },
      { name: "demand", color: "#d62728", dashed: true },
    ],
  });
}

/** One point of a step chart: a series' value at a time (ISO text). */
export interface ChartPoint {
  readonly time: string;
  readonly series: string;
  readonly nodes: number;
}

/**
 * An SVG step chart of `values` (vega-lite, rendered headlessly by vega without a browser; both
 * loaded here, only when a chart is drawn): one line per series in the order given, with its
 * colour and dash, a legend on top. `simulate --chart` and `compare --chart` draw through it.
 */
export async function stepChartSvg(
  values: readonly ChartPoint[],
  options: { readonly title: string; readonly yTitle: string; readonly series: readonly { readonly name: string; readonly color: string; readonly dashed?: boolean }[] },
): Promise<string> {
  const vega = await import("vega");
  const vl = await import("vega-lite");
  const domain = options.series.map((s) => s.name);
  const spec = vl.compile({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title,
    width: 900,
    height: 320,
    data: { values: [...values] },
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: { field: "time", type: "temporal", title: "time (UTC)" },
      y: { field: "nodes", type: "quantitative", title: options.yTitle },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "top" }, scale: { domain, range: options.series.map((s) => s.color) } },
      strokeDash: { field: "series", type: "nominal", title: null, scale: { domain, range: options.series.map((s) => (s.dashed ? [4, 3] : [1, 0])) } },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Open-loop table: one row per evaluation where the chosen targets changed (or every row). */
export function renderReplayTable(entries: readonly ReplayEntry[], all: boolean): string {
  return changesTable(
    entries,
    all,
    { header: ["time (UTC)", "recorded D/LP", "formula target D/LP", "outcome"], rightAligned: new Set() },
    (e) => `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}/${e.current.dedicated}/${e.current.lowPriority}`,
    (e) => e.run?.error !== undefined,
    (e) => [iso(e.time), `${e.current.dedicated}/${e.current.lowPriority}`, `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}`, e.run?.error ? e.run.error.code : (e.targets?.deallocation ?? "")],
  );
}
