// Text exports of simulator output: timeline CSV, replay CSV, and recorded samples as the wide
// CSV that src/metrics/load.ts reads back (timestamp column + one column per metric). Browser-safe.

import type { MetricsStore } from "../metrics/store.ts";
import type { ReplayEntry } from "./open-loop.ts";
import type { TimelineEntry } from "./types.ts";

type Cell = string | number | boolean | undefined;

const csvCell = (x: Cell): string => {
  const s = x === undefined ? "" : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A header line of `columns`, then one line per item: `row(item)`'s cells, quoted where needed. */
function csvText<T>(columns: readonly string[], items: readonly T[], row: (item: T) => readonly Cell[]): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const item of items) lines.push(row(item).map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}

/** Column names of {@link timelineToCsv}, in order. */
export const TIMELINE_COLUMNS = [
  "time",
  "targetDedicated",
  "targetLowPriority",
  "deallocation",
  "applied",
  "error",
  "dedicatedAllocating",
  "dedicatedIdle",
  "dedicatedRunning",
  "dedicatedLeaving",
  "lowPriorityAllocating",
  "lowPriorityIdle",
  "lowPriorityRunning",
  "lowPriorityLeaving",
  "lowPriorityPreempted",
  "queued",
  "running",
  "demand",
  "results",
] as const;

/** One CSV row per evaluation; targets are the integer targets in force after it. */
export function timelineToCsv(timeline: readonly TimelineEntry[]): string {
  return csvText(TIMELINE_COLUMNS, timeline, (e) => {
    const d = e.nodes.dedicated;
    const l = e.nodes.lowPriority;
    return [
      new Date(e.time).toISOString(),
      e.poolTargets.dedicated,
      e.poolTargets.lowPriority,
      e.targets?.deallocation ?? "",
      e.applied,
      e.run.error?.code ?? "",
      d.allocating,
      d.idle,
      d.running,
      d.leaving,
      l.allocating,
      l.idle,
      l.running,
      l.leaving,
      l.preempted,
      e.queued,
      e.running,
      e.demand,
      e.run.results,
    ];
  });
}

/** Column names of {@link replayToCsv}, in order. */
export const REPLAY_COLUMNS = [
  "time",
  "currentDedicated",
  "currentLowPriority",
  "targetDedicated",
  "targetLowPriority",
  "deallocation",
  "error",
  "results",
] as const;

/** One CSV row per replayed evaluation: the pool sizes it saw and the integer targets in force after it. */
export function replayToCsv(entries: readonly ReplayEntry[]): string {
  return csvText(REPLAY_COLUMNS, entries, (e) => [
    new Date(e.time).toISOString(),
    e.current.dedicated,
    e.current.lowPriority,
    e.poolTargets.dedicated,
    e.poolTargets.lowPriority,
    e.targets?.deallocation ?? "",
    e.run?.error?.code ?? "",
    e.run?.results ?? "",
  ]);
}

/**
 * The samples of a store as one wide CSV: `timestamp` (ISO 8601) then one column per metric; a
 * metric with no sample at a time leaves its cell empty. Values print with up to 6 decimals.
 */
export function storeToCsv(store: MetricsStore, names: readonly string[] = store.names()): string {
  const series = names.map((n) => store.get(n));
  const idx = series.map(() => 0);
  const lines = [["timestamp", ...names].map(csvCell).join(",")];
  // k-way merge over the sorted series: O(total samples × metrics).
  for (;;) {
    let t = Infinity;
    series.forEach((s, k) => {
      if (idx[k]! < s.length) t = Math.min(t, s.timeAt(idx[k]!));
    });
    if (t === Infinity) break;
    const cells = [new Date(t).toISOString()];
    series.forEach((s, k) => {
      const i = idx[k]!;
      if (i < s.length && s.timeAt(i) === t) {
        cells.push(String(Math.round(s.valueAt(i) * 1e6) / 1e6));
        idx[k] = i + 1;
      } else cells.push("");
    });
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}
