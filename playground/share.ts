// Share: the playground state lives in the URL hash (lz-string compressed JSON), so copying the
// address bar reproduces the formula and every control: the example, the Evaluate panel's context
// (with the user's edits to its fields), live mode, the workload, the dry-run interval, prices and
// second formula, and the active tab. An uploaded trace is not part of a link (it can be any size). A state too large for
// a link goes to a file instead (the same JSON), which "Open state" reads back.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";

/** Everything a shared link restores. Absent fields fall back to the playground's defaults. */
export interface ShareState {
  readonly formula: string;
  /** Name of the example the formula came from (informational; the formula text wins). */
  readonly example?: string;
  /** Sample context file name for the Evaluate panel, or "default". */
  readonly context?: string;
  /** Sample workload file name for the Dry-run panel. */
  readonly workload?: string;
  /** The Evaluate panel's fields the user edited after choosing `context`, as typed. */
  readonly edits?: ContextEdits;
  /** The dry-run's evaluation interval in minutes. */
  readonly interval?: number;
  /** The active tab: "evaluate" or "dryrun". */
  readonly tab?: string;
  /** Live evaluation (absent: on). */
  readonly live?: boolean;
  /** The dry-run's second formula (B), compared with the editor's. */
  readonly compare?: string;
  /** The dry-run's prices per node-hour (absent: 0.192 dedicated, 0.038 low-priority). */
  readonly prices?: { readonly dedicated: number; readonly lowPriority: number };
}

/** Edited Evaluate-panel fields (the text of each box); absent ones keep the chosen context's. */
export interface ContextEdits {
  readonly now?: string;
  readonly pool?: string;
  readonly samples?: string;
}

const PREFIX = "#s=";

/**
 * Longest link the playground writes. Browsers take far more, but chat tools, mail clients and
 * URL shorteners cut links at a few thousand characters; above this the state goes to a file.
 */
export const MAX_LINK_CHARS = 8000;

/** The hash fragment (with its leading `#`) for a state. */
export function encodeState(state: ShareState): string {
  return PREFIX + compressToEncodedURIComponent(JSON.stringify(state));
}

/** What a hash held: nothing, a state, or a damaged link (with why). */
export type DecodedHash = { readonly kind: "none" } | { readonly kind: "state"; readonly state: ShareState } | { readonly kind: "damaged"; readonly reason: string };

/** The state in a hash fragment, or undefined when the hash is absent or damaged. */
export function decodeState(hash: string): ShareState | undefined {
  const d = decodeHash(hash);
  return d.kind === "state" ? d.state : undefined;
}

/** Reads a hash fragment, telling an absent link from a damaged one. */
export function decodeHash(hash: string): DecodedHash {
  if (hash === "" || hash === "#") return { kind: "none" };
  if (!hash.startsWith(PREFIX)) return { kind: "damaged", reason: "it does not start with #s=" };
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
  } catch {
    json = null;
  }
  // A hand-edited or truncated link must not break the page: it says so and starts from defaults.
  if (!json) return { kind: "damaged", reason: "it is truncated or was edited" };
  return parseStateJson(json);
}

/** Parses a state from JSON text (a link's payload or a saved state file). */
export function parseStateJson(json: string): DecodedHash {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { kind: "damaged", reason: "it is not valid JSON" };
  }
  if (typeof value !== "object" || value === null) return { kind: "damaged", reason: "it holds no state" };
  const v = value as Record<string, unknown>;
  if (typeof v.formula !== "string") return { kind: "damaged", reason: "it has no formula" };
  const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);
  const e = typeof v.edits === "object" && v.edits !== null ? (v.edits as Record<string, unknown>) : undefined;
  const edits = e === undefined ? undefined : { now: str(e.now), pool: str(e.pool), samples: str(e.samples) };
  const interval = typeof v.interval === "number" && Number.isFinite(v.interval) ? v.interval : undefined;
  const live = typeof v.live === "boolean" ? v.live : undefined;
  const price = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) && x >= 0 ? x : undefined);
  const p = typeof v.prices === "object" && v.prices !== null ? (v.prices as Record<string, unknown>) : undefined;
  const dedicated = price(p?.dedicated);
  const lowPriority = price(p?.lowPriority);
  const prices = dedicated !== undefined && lowPriority !== undefined ? { dedicated, lowPriority } : undefined;
  return {
    kind: "state",
    state: { formula: v.formula, example: str(v.example), context: str(v.context), workload: str(v.workload), edits, interval, tab: str(v.tab), live, compare: str(v.compare), prices },
  };
}
