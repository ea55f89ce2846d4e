// Series editor: metric histories in the formula-test notation (`12x29`, `0+5x20 _ 3`), parsed
// with the library's parseSeries, each drawn as a sparkline. It writes the raw JSON box (which
// stays editable): one value per 30 s, the newest stamped `now` minus the 60 s availability delay,
// as `autoscale test` stamps series. Reading JSON back, runs of equal values become `axn`.
import { parseSeries } from "../src/entry/testing.ts";

/** The sample period and availability delay the notation assumes (docs/formula-tests.md). */
const PERIOD_MS = 30_000;
const DELAY_MS = 60_000;

type Samples = Record<string, unknown>;

/** Compact notation for values: runs of equal values as `axn`, missing as `_`. */
export function toNotation(values: readonly (number | undefined)[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    const v = values[i] === undefined ? "_" : String(values[i]);
    const n = j - i;
    out.push(n === 1 ? v : values[i] === undefined ? `_x${n}` : `${v}x${n - 1}`);
    i = j;
  }
  return out.join(" ");
}

/** [time, value] pairs for `values` ending at `now` − 60 s, one every 30 s; missing values are left out. */
export function stampSeries(values: readonly (number | undefined)[], nowMs: number): [string, number][] {
  const last = nowMs - DELAY_MS;
  const out: [string, number][] = [];
  values.forEach((v, i) => {
    if (v !== undefined) out.push([new Date(last - (values.length - 1 - i) * PERIOD_MS).toISOString(), v]);
  });
  return out;
}

function sparkline(values: readonly (number | undefined)[]): SVGSVGElement {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  const w = 90;
  const h = 22;
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("aria-hidden", "true");
  const nums = values.filter((v): v is number => v !== undefined);
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  const x = (i: number): number => (values.length <= 1 ? w / 2 : (i / (values.length - 1)) * (w - 2) + 1);
  const y = (v: number): number => (hi === lo ? h / 2 : h - 2 - ((v - lo) / (hi - lo)) * (h - 4));
  // A missing sample breaks the line.
  let points: string[] = [];
  const flush = (): void => {
    if (points.length === 0) return;
    const line = document.createElementNS(NS, "polyline");
    line.setAttribute("points", points.length === 1 ? `${points[0]} ${points[0]}` : points.join(" "));
    svg.append(line);
    points = [];
  };
  values.forEach((v, i) => (v === undefined ? flush() : points.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`)));
  flush();
  const title = document.createElementNS(NS, "title");
  title.textContent = nums.length > 0 ? `${values.length} samples, ${lo} to ${hi}` : "no samples";
  svg.prepend(title);
  return svg;
}

/**
 * Attaches the editor to `host`. `getNow` reads the Evaluate panel's time; `samplesBox` is the raw
 * JSON box it keeps in step; `onEdit` runs after the editor changed the JSON.
 */
export function attachSeriesEditor(host: HTMLElement, samplesBox: HTMLTextAreaElement, getNow: () => number, onEdit: () => void): { refresh: () => void } {
  const write = (mutate: (s: Samples) => void): void => {
    let samples: Samples;
    try {
      samples = JSON.parse(samplesBox.value) as Samples;
    } catch {
      samples = {};
    }
    mutate(samples);
    samplesBox.value = JSON.stringify(samples, null, 1);
    onEdit();
  };

  const row = (metric: string, notation: string, editable: boolean): HTMLElement => {
    const r = document.createElement("div");
    r.className = "series-row";
    const name = Object.assign(document.createElement("input"), { type: "text", value: metric, spellcheck: false });
    name.setAttribute("aria-label", "Metric name");
    const input = Object.assign(document.createElement("input"), { type: "text", value: notation, spellcheck: false, disabled: !editable });
    input.setAttribute("aria-label", `Series of ${metric || "the new metric"} (notation)`);
    input.placeholder = "e.g. 12x29 or 0+5x20";
    const spark = document.createElement("span");
    const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×", title: "Remove this metric" });
    remove.setAttribute("aria-label", `Remove ${metric || "this metric"}`);
    const error = document.createElement("div");
    error.className = "series-error";
    error.setAttribute("role", "alert");
    const draw = (): boolean => {
      const p = parseSeries(input.value);
      if ("error" in p) {
        error.textContent = `${p.error} (at character ${p.offset + 1})`;
        spark.replaceChildren();
        return false;
      }
      error.textContent = "";
      spark.replaceChildren(sparkline(p.values));
      return true;
    };
    let current = metric;
    const apply = (): void => {
      const m = name.value.trim();
      if (!m || !draw()) return;
      const p = parseSeries(input.value);
      if ("error" in p) return;
      write((s) => {
        if (current && current !== m) delete s[current];
        s[m] = stampSeries(p.values, getNow());
      });
      current = m;
    };
    input.addEventListener("input", apply);
    name.addEventListener("change", apply);
    remove.addEventListener("click", () => {
      if (current) write((s) => delete s[current]);
      r.remove();
    });
    if (notation) draw();
    r.append(name, input, spark, remove, error);
    return r;
  };

  const refresh = (): void => {
    let samples: Samples;
    try {
      samples = JSON.parse(samplesBox.value) as Samples;
    } catch {
      host.replaceChildren(Object.assign(document.createElement("p"), { className: "stale-note", textContent: "The JSON below does not parse; fix it there." }));
      return;
    }
    const rows: HTMLElement[] = [];
    for (const [metric, series] of Object.entries(samples ?? {})) {
      const pairs = Array.isArray(series) && series.every((p) => Array.isArray(p) && typeof p[1] === "number") ? (series as [unknown, number][]) : undefined;
      rows.push(row(metric, pairs ? toNotation(pairs.map((p) => p[1])) : "", pairs !== undefined));
    }
    const add = Object.assign(document.createElement("button"), { type: "button", textContent: "Add metric" });
    add.addEventListener("click", () => {
      const r = row("", "", true);
      host.insertBefore(r, add);
      r.querySelector("input")?.focus();
    });
    host.replaceChildren(...rows, add);
  };
  samplesBox.addEventListener("input", refresh);
  refresh();
  return { refresh };
}
