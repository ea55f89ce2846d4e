// Terminal and file renderings of simulator output for `autoscale simulate`: tables, the summary,
// a compact asciichart of nodes vs demand, and an SVG chart drawn by vega-lite (loaded only when
// --chart is given). CLI only; the library returns data.

import asciichart from "asciichart";
import { formatDuration } from "../../simulate/duration.ts";
import type { ReplayEntry } from "../../simulate/open-loop.ts";
import type { SimulationSummary, TimelineEntry } from "../../simulate/types.ts";

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
 * One row per evaluation where something changed (targets, node counts, an error), or every row
 * with `all`. Node columns read allocating/idle/running/leaving (+preempted for low-priority).
 */
export function renderTimelineTable(timeline: readonly TimelineEntry[], all: boolean): string {
  const rows: string[][] = [];
  let prevKey = "";
  let skipped = 0;
  for (const e of timeline) {
    const d = e.nodes.dedicated;
    const l = e.nodes.lowPriority;
    const key = JSON.stringify([e.poolTargets, d, l, e.run.error?.code]);
    if (!all && key === prevKey && !e.run.error) {
      skipped++;
      continue;
    }
    prevKey = key;
    rows.push([
      iso(e.time),
      `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}`,
      `${d.allocating}/${d.idle}/${d.running}/${d.leaving}`,
      `${l.allocating}/${l.idle}/${l.running}/${l.leaving}/${l.preempted}`,
      String(e.queued),
      String(e.running),
      String(e.demand),
      e.run.error ? `${e.run.error.code}${e.run.error.values[0] ? `: ${e.run.error.values[0].value}` : ""}` : e.note ?? (e.targets?.deallocation ?? ""),
    ]);
  }
  const header = ["time (UTC)", "target D/LP", "dedicated a/i/r/l", "low-pri a/i/r/l/p", "queued", "running", "demand", "outcome"];
  const text = table(header, rows, new Set([4, 5, 6]));
  return skipped > 0 ? `${text}\n(${skipped} evaluations without change omitted; --all shows every one)` : text;
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

/** Evaluates a step function (value changes at each timeline entry) at `width` evenly spaced instants. */
function resample(times: readonly number[], values: readonly number[], width: number): number[] {
  const out: number[] = [];
  if (times.length === 0) return out;
  const t0 = times[0]!;
  const t1 = times[times.length - 1]!;
  let j = 0;
  for (let i = 0; i < width; i++) {
    const t = t0 + ((t1 - t0) * i) / Math.max(1, width - 1);
    while (j + 1 < times.length && times[j + 1]! <= t) j++;
    out.push(values[j]!);
  }
  return out;
}

/** A compact terminal chart of usable+allocating nodes against demand (asciichart). */
export function renderTerminalChart(timeline: readonly TimelineEntry[], options: { width?: number; color?: boolean } = {}): string {
  if (timeline.length < 2) return "";
  const times = timeline.map((e) => e.time);
  const nodes = timeline.map((e) => sumNodes(e));
  const demand = timeline.map((e) => e.demand);
  const width = Math.min(options.width ?? 72, Math.max(2, timeline.length));
  const series = [resample(times, nodes, width), resample(times, demand, width)];
  const colors = options.color ? [asciichart.green, asciichart.red] : [undefined, undefined];
  const chart = asciichart.plot(series, { height: 10, colors, format: (x: number) => lpad(x.toFixed(0), 5) });
  const legend = options.color ? `${asciichart.green}── nodes${asciichart.reset}  ${asciichart.red}── demand${asciichart.reset}` : "first line: nodes in the pool; second: demand (nodes needed for queued + running tasks)";
  return `${chart}\n       ${iso(times[0]!)} … ${iso(times[times.length - 1]!)}   ${legend}`;
}

function sumNodes(e: TimelineEntry): number {
  const d = e.nodes.dedicated;
  const l = e.nodes.lowPriority;
  return d.allocating + d.idle + d.running + d.leaving + d.preempted + l.allocating + l.idle + l.running + l.leaving + l.preempted;
}

/**
 * An SVG chart (vega-lite, rendered headlessly by vega without a browser): dedicated and
 * low-priority nodes in the pool, and demand, as step lines over time.
 */
export async function renderSvgChart(timeline: readonly TimelineEntry[], title: string): Promise<string> {
  const vega = await import("vega");
  const vl = await import("vega-lite");
  const values: { time: string; series: string; nodes: number }[] = [];
  for (const e of timeline) {
    const time = new Date(e.time).toISOString();
    const d = e.nodes.dedicated;
    const l = e.nodes.lowPriority;
    values.push({ time, series: "dedicated nodes", nodes: d.allocating + d.idle + d.running + d.leaving });
    values.push({ time, series: "low-priority nodes", nodes: l.allocating + l.idle + l.running + l.leaving + l.preempted });
    values.push({ time, series: "demand", nodes: e.demand });
  }
  const spec = vl.compile({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 900,
    height: 320,
    data: { values },
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: { field: "time", type: "temporal", title: "time (UTC)" },
      y: { field: "nodes", type: "quantitative", title: "nodes" },
      color: { field: "series", type: "nominal", title: null, scale: { domain: ["dedicated nodes", "low-priority nodes", "demand"], range: ["#1f77b4", "#2ca02c", "#d62728"] } },
      strokeDash: { field: "series", type: "nominal", legend: null, scale: { domain: ["dedicated nodes", "low-priority nodes", "demand"], range: [[1, 0], [1, 0], [4, 3]] } },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Open-loop table: one row per evaluation where the chosen targets changed (or every row). */
export function renderReplayTable(entries: readonly ReplayEntry[], all: boolean): string {
  const rows: string[][] = [];
  let prev = "";
  let skipped = 0;
  for (const e of entries) {
    const key = `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}/${e.current.dedicated}/${e.current.lowPriority}`;
    if (!all && key === prev && !e.run?.error) {
      skipped++;
      continue;
    }
    prev = key;
    rows.push([iso(e.time), `${e.current.dedicated}/${e.current.lowPriority}`, `${e.poolTargets.dedicated}/${e.poolTargets.lowPriority}`, e.run?.error ? e.run.error.code : (e.targets?.deallocation ?? "")]);
  }
  const text = table(["time (UTC)", "recorded D/LP", "formula target D/LP", "outcome"], rows, new Set());
  return skipped > 0 ? `${text}\n(${skipped} evaluations without change omitted; --all shows every one)` : text;
}
