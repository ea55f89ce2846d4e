// Cost of a dry-run: node-hours priced per node kind, and the idle part (node-hours with no task
// running). Prices come from `dedicated=0.192,lowpriority=0.038` or a small JSON object.
// Browser-safe; never throws.

import type { SimulationSummary } from "../types.ts";

/** Price of one node-hour per node kind (any currency; the figures are in the same one). */
export interface Prices {
  readonly dedicated: number;
  readonly lowPriority: number;
}

/** Cost figures of one run. */
export interface CostFigures {
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly total: number;
  /** the cost of node-hours with no task running (summary.idleNodeHours), included in total */
  readonly idle: number;
}

const KEYS: Readonly<Record<string, keyof Prices>> = {
  dedicated: "dedicated",
  lowpriority: "lowPriority",
  "low-priority": "lowPriority",
  low_priority: "lowPriority",
  spot: "lowPriority",
};

/**
 * Prices from `dedicated=0.192,lowpriority=0.038` (either may be left out: 0) or JSON text such
 * as `{"dedicated": 0.192, "lowPriority": 0.038}`. A problem is a message naming the bad part.
 */
export function parsePrices(text: string): { prices: Prices; problem?: undefined } | { prices?: undefined; problem: string } {
  if (typeof text !== "string") return { problem: "prices must be text" };
  const out: Record<keyof Prices, number> = { dedicated: 0, lowPriority: 0 };
  let entries: [string, unknown][];
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      return { problem: `invalid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "expected an object such as {\"dedicated\": 0.192, \"lowPriority\": 0.038}" };
    entries = Object.entries(value as Record<string, unknown>);
  } else {
    entries = [];
    for (const part of trimmed.split(",")) {
      const m = /^\s*([\w-]+)\s*=\s*(\S+)\s*$/.exec(part);
      if (!m) return { problem: `'${part.trim()}' is not kind=price (e.g. dedicated=0.192,lowpriority=0.038)` };
      entries.push([m[1]!, m[2]!]);
    }
  }
  for (const [k, v] of entries) {
    const key = KEYS[k.toLowerCase()];
    if (key === undefined) return { problem: `unknown node kind '${k}': expected dedicated or lowpriority` };
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < 0) return { problem: `the price of ${k} (${String(v)}) is not a non-negative number` };
    out[key] = n;
  }
  return { prices: out };
}

/** What the run's node-hours cost at `prices`. */
export function costOf(summary: SimulationSummary, prices: Prices): CostFigures {
  const dedicated = summary.nodeHours.dedicated * prices.dedicated;
  const lowPriority = summary.nodeHours.lowPriority * prices.lowPriority;
  const idle = summary.idleNodeHours.dedicated * prices.dedicated + summary.idleNodeHours.lowPriority * prices.lowPriority;
  return { dedicated, lowPriority, total: dedicated + lowPriority, idle };
}
