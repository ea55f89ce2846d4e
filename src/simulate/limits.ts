// The simulators' stated limits (docs/limits.md, "Library"): how much simulated time one run may
// cover, how large a pool may grow, how often low-priority nodes may be preempted. Past these a
// run would take minutes and gigabytes (or never end), so options are refused up front (R505)
// and the engine keeps a safety net on events per simulated minute (resizer/engine.ts).

import { report, type Diagnostic } from "../base/diagnostics.ts";
import { formatDuration } from "./duration.ts";

/** Longest simulated span of a closed-loop run or an open-loop replay: 366 days. */
export const MAX_SIMULATED_SPAN_MS = 366 * 86_400_000;

/** Default pool quota per node kind (dedicated, low-priority) when the options give none. */
export { DEFAULT_POOL_QUOTA, MAX_POOL_QUOTA } from "../resizer/model.ts";

/** Shortest mean time to preemption a low-priority node may have: one minute. */
export const MIN_MEAN_TIME_TO_PREEMPT_MS = 60_000;

/** Most events a preemption trace may hold (about 4 MB of CSV), and most nodes one event may preempt. */
export const MAX_PREEMPTION_EVENTS = 100_000;
export const MAX_PREEMPTION_COUNT = 100_000;

/** Most task slots a node may have (Azure Batch's taskSlotsPerNode maximum). */
export const MAX_TASK_SLOTS_PER_NODE = 256;

/** R505 when [start, end] covers more than {@link MAX_SIMULATED_SPAN_MS}. */
export function checkSpan(what: string, start: number, end: number): Diagnostic | undefined {
  if (end - start <= MAX_SIMULATED_SPAN_MS) return undefined;
  const iso = (t: number): string => (Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t));
  const [from, to] = [iso(start), iso(end)];
  return report(
    "BadSimulationOption",
    { start: 0, end: 0 },
    `${what} would cover ${formatDuration(end - start)} (${from} to ${to}); at most 366 days can be simulated in one run: pass start and end to choose a window`,
  );
}
