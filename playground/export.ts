// Exports of a dry-run: the timeline as CSV, the chart as SVG (drawn from the data, so it stays
// sharp and editable) or PNG (uPlot's canvas), each downloaded as a file; durations in words.
import type { ChartSeries } from "./chart.ts";
import type { DryRunRow } from "./dryrun-run.ts";

/** The timeline as CSV: one row per evaluation, times in ISO 8601 UTC. */
export function timelineCsv(rows: readonly DryRunRow[]): string {
  const head = "time,demand,queued,running,dedicated_usable,low_priority_usable,target_dedicated,target_low_priority,applied,note";
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) =>
    [new Date(r.time).toISOString(), r.demand, r.queued, r.running, r.dedicated, r.lowPriority, r.targetDedicated, r.targetLowPriority, r.applied, q(r.note)].join(","),
  );
  return `${[head, ...lines].join("\n")}\n`;
}

/** A duration in words: `950 ms`, `42 s`, `3 min 20 s`, `43 h 14 min`; `—` when not a number. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** A standalone SVG of the chart: stepped lines, axes with first/last time and the node range, a legend. */
export function chartSvg(times: readonly number[], series: readonly ChartSeries[], width = 800, height = 320): string {
  const left = 50;
  const right = 10;
  const top = 30;
  const bottom = 40;
  const t0 = times[0] ?? 0;
  const t1 = times.at(-1) ?? 1;
  const hi = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))));
  const x = (t: number): number => left + ((t - t0) / Math.max(1, t1 - t0)) * (width - left - right);
  const y = (v: number): number => height - bottom - (v / hi) * (height - top - bottom);
  const paths = series.map((s) => {
    let d = "";
    let open = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return void (open = false);
      const px = x(times[i]!).toFixed(1);
      d += !open ? `M${px},${y(v).toFixed(1)}` : `H${px}V${y(v).toFixed(1)}`;
      open = true;
    });
    return `<path d="${d}" fill="none" stroke="${esc(s.stroke)}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash.join(" ")}"` : ""}><title>${esc(s.label)}</title></path>`;
  });
  const legend = series.map((s, i) => `<text x="${left + i * 180}" y="16" fill="${esc(s.stroke)}">${esc(s.label)}</text>`);
  const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#888"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${y(hi) + 4}" text-anchor="end">${hi}</text><text x="${left - 6}" y="${height - bottom + 4}" text-anchor="end">0</text>`,
    `<text x="14" y="${(top + height - bottom) / 2}" transform="rotate(-90 14 ${(top + height - bottom) / 2})" text-anchor="middle">nodes</text>`,
    `<text x="${left}" y="${height - bottom + 16}">${iso(t0)}</text><text x="${width - right}" y="${height - bottom + 16}" text-anchor="end">${iso(t1)}</text>`,
    `<text x="${(left + width - right) / 2}" y="${height - 6}" text-anchor="middle">time (UTC)</text>`,
    ...legend,
    ...paths,
    `</svg>`,
  ].join("\n");
}

/** Offers `blob` as a download named `name`. */
export function download(name: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
