// Why a dry-run evaluation changed the pool's targets or left them: one line per timeline entry,
// from the entry, the targets before it and (when there is one) the evaluation's explanation.

import type { Explanation } from "../eval/explain.ts";
import type { TimelineEntry } from "./types.ts";

/** Finding kinds worth repeating in a one-line reason (the rest are in the full explanation). */
const TELLING = new Set(["cap", "floor", "window", "truncated", "negative", "stop"]);

/** The reason for one timeline entry, given the integer targets in force before it. */
export function reasonFor(entry: TimelineEntry, before: { readonly dedicated: number; readonly lowPriority: number }, explanation?: Explanation): string {
  const after = entry.poolTargets;
  let head: string;
  if (!entry.applied) {
    const error = entry.run.error;
    const what = error ? `${error.code}${error.values[0] ? ` (${error.values[0].value})` : ""}` : (entry.note ?? "the evaluation gave no targets");
    head = `not applied: ${what}; targets stay ${after.dedicated} dedicated, ${after.lowPriority} low-priority`;
  } else {
    const moves: string[] = [];
    if (after.dedicated !== before.dedicated) moves.push(`dedicated ${before.dedicated} → ${after.dedicated}`);
    if (after.lowPriority !== before.lowPriority) moves.push(`low-priority ${before.lowPriority} → ${after.lowPriority}`);
    head = moves.length > 0 ? `scaled ${moves.join(", ")}` : `no change: the formula chose ${after.dedicated} dedicated, ${after.lowPriority} low-priority, as before`;
  }
  const findings = explanation?.findings.filter((f) => TELLING.has(f.kind)).map((f) => f.message) ?? [];
  return findings.length > 0 ? `${head}; ${findings.join("; ")}` : head;
}
