// The evaluation-interval range check (spec §6.2: 5 minutes … 168 hours inclusive), and the
// duration syntax of simulator options and output (base/duration.ts), re-exported here.

import { report, type Diagnostic } from "../base/diagnostics.ts";
import { formatDuration } from "../base/duration.ts";

export { formatDuration, parseDuration } from "../base/duration.ts";

/** Shortest and longest evaluation intervals the service accepts (spec §6.2, §11.6). */
export const MIN_INTERVAL_MS = 5 * 60_000;
export const MAX_INTERVAL_MS = 168 * 3_600_000;
/** The service's default evaluation interval. */
export const DEFAULT_INTERVAL_MS = 15 * 60_000;

/** R501 when the interval is outside [5 min, 168 h] (the service answers HTTP 400 InvalidPropertyValue). */
export function checkInterval(ms: number): Diagnostic | undefined {
  if (Number.isFinite(ms) && ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS) return undefined;
  return report("IntervalOutOfRange", { start: 0, end: 0 }, Number.isFinite(ms) ? formatDuration(ms) : String(ms));
}
