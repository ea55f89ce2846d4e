// Renderings of `autoscale compare`: the table (best value of each column marked with *), CSV,
// a terminal chart of every formula's nodes over the demand, and an SVG chart (vega-lite, loaded
// only for --chart). CLI only.

import asciichart from "asciichart";
import { bestPerColumn, COMPARE_COLUMNS, type CandidateResult, type CompareColumn } from "../../entry/simulate.ts";
import { dur, money } from "./figures-render.ts";
import { stepChartSvg, type ChartPoint } from "./simulate-render.ts";

const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** A column's value as text. */
function cell(c: CompareColumn, r: CandidateResult): string {
  const v = c.value(r);
  if (!Number.isFinite(v)) return "-";
  switch (c.unit) {
    case "hours":
      return v.toFixed(1);
    case "money":
      return money(v);
    case "ms":
      return dur(v);
    case "percent":
      return `${v.toFixed(1)}%`;
    case "count":
      return String(v);
  }
}

/** The columns worth showing: cost columns only with prices. */
export function visibleColumns(results: readonly CandidateResult[]): CompareColumn[] {
  const priced = results.some((r) => r.cost !== undefined);
  return COMPARE_COLUMNS.filter((c) => priced || c.unit !== "money");
}

/** One row per formula; `*` after the best value of each column (lower is better everywhere). */
export function renderCompareTable(results: readonly CandidateResult[]): string {
  const columns = visibleColumns(results);
  const best = bestPerColumn(results, columns);
  const header = ["formula", ...columns.map((c) => c.label)];
  const rows = results.map((r, i) => [r.name, ...columns.map((c) => cell(c, r) + (best.get(c.key)!.has(i) ? "*" : " "))]);
  const widths = header.map((h, i) => Math.max(h.length + (i > 0 ? 1 : 0), ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : lpad(c, widths[i]!))).join("  ").trimEnd();
  const legend =
    "* best of the column (lower is better). θU/θO: mean shortage/excess relative to demand; τU/τO: share of time under/over demand;\n" +
    "instab.: share of 30-s steps where supply and demand move differently (SPEC); 1st node: mean time from a burst to its first new node.";
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), "", legend].join("\n");
}

/** CSV: a header of column keys, one row per formula (raw numbers: hours, ms, %). */
export function compareToCsv(results: readonly CandidateResult[]): string {
  const columns = visibleColumns(results);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = results.map((r) => [quote(r.name), ...columns.map((c) => (Number.isFinite(c.value(r)) ? String(c.value(r)) : ""))].join(","));
  return `${["formula", ...columns.map((c) => c.key)].join(",")}\n${rows.join("\n")}\n`;
}

const COLORS = [asciichart.blue, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow, asciichart.lightblue, asciichart.lightgreen, asciichart.lightmagenta];

/** Every formula's nodes in the pool and the demand (red), on one time axis, `width` columns. */
export function renderCompareChart(results: readonly CandidateResult[], options: { width?: number; color?: boolean } = {}): string {
  const withSeries = results.filter((r) => r.series && r.series.times.length > 1);
  if (withSeries.length === 0) return "";
  const t0 = Math.min(...withSeries.map((r) => r.series!.times[0]!));
  const t1 = Math.max(...withSeries.map((r) => r.series!.times.at(-1)!));
  const width = options.width ?? 72;
  const bucket = (times: readonly number[], values: readonly number[]): number[] => {
    const out = new Array<number>(width).fill(NaN);
    times.forEach((t, i) => {
      const b = Math.min(width - 1, Math.floor(((t - t0) / Math.max(1, t1 - t0)) * width));
      out[b] = Number.isNaN(out[b]!) ? values[i]! : Math.max(out[b]!, values[i]!);
    });
    for (let b = 0; b < width; b++) if (Number.isNaN(out[b]!)) out[b] = b > 0 ? out[b - 1]! : 0;
    return out;
  };
  const series = withSeries.map((r) => bucket(r.series!.times, r.series!.nodes));
  // Demand is the same workload for every formula but depends on how fast each serves it: the
  // first formula's demand is drawn, as the reference.
  const demand = bucket(withSeries[0]!.series!.times, withSeries[0]!.series!.demand);
  const max = Math.max(1, ...series.flat(), ...demand);
  const format = (x: number) => lpad(x.toFixed(0), 5);
  const span = `       ${new Date(t0).toISOString().slice(0, 16)}Z … ${new Date(t1).toISOString().slice(0, 16)}Z`;
  if (options.color) {
    const colors = [...withSeries.map((_, i) => COLORS[i % COLORS.length]!), asciichart.red];
    const chart = asciichart.plot([...series, demand], { height: 12, min: 0, max, colors, format });
    const legend = withSeries.map((r, i) => `${colors[i]}── ${r.name}${asciichart.reset}`).join("  ");
    return `${chart}\n${span}\n       ${legend}  ${asciichart.red}── demand (${withSeries[0]!.name})${asciichart.reset}`;
  }
  // Without colour, lines are indistinguishable: one small chart per formula on the same scale.
  const plot = (s: number[]) => asciichart.plot(s, { height: 5, min: 0, max, format });
  return [...withSeries.map((r, i) => `${r.name}: nodes in the pool\n${plot(series[i]!)}`), `demand (with ${withSeries[0]!.name})\n${plot(demand)}`, span].join("\n");
}

/** SVG: one step line per formula (nodes in the pool) and the demand, dashed, with a legend. */
export async function renderCompareSvg(results: readonly CandidateResult[], title: string): Promise<string> {
  const values: ChartPoint[] = [];
  const names: string[] = [];
  for (const r of results) {
    if (!r.series) continue;
    names.push(r.name);
    r.series.times.forEach((t, i) => values.push({ time: new Date(t).toISOString(), series: r.name, nodes: r.series!.nodes[i]! }));
  }
  const first = results.find((r) => r.series);
  const demandName = `demand (${first?.name ?? ""})`;
  first?.series!.times.forEach((t, i) => values.push({ time: new Date(t).toISOString(), series: demandName, nodes: first.series!.demand[i]! }));
  const palette = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  return stepChartSvg(values, {
    title,
    yTitle: "nodes in the pool",
    series: [...names.map((name, i) => ({ name, color: palette[i % palette.length]! })), { name: demandName, color: "#d62728", dashed: true }],
  });
}
