// Share: the playground state lives in the URL hash (lz-string compressed JSON), so copying the
// address bar reproduces the formula, the chosen sample context (with the user's edits to its
// fields) and workload. An uploaded trace is not part of a link (it can be any size).
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
}

/** Edited Evaluate-panel fields (the text of each box); absent ones keep the chosen context's. */
export interface ContextEdits {
  readonly now?: string;
  readonly pool?: string;
  readonly samples?: string;
}

const PREFIX = "#s=";

/** The hash fragment (with its leading `#`) for a state. */
export function encodeState(state: ShareState): string {
  return PREFIX + compressToEncodedURIComponent(JSON.stringify(state));
}

/** The state in a hash fragment, or undefined when the hash is absent or damaged. */
export function decodeState(hash: string): ShareState | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const json = decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
    if (!json) return undefined;
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.formula !== "string") return undefined;
    const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);
    const e = typeof v.edits === "object" && v.edits !== null ? (v.edits as Record<string, unknown>) : undefined;
    const edits = e === undefined ? undefined : { now: str(e.now), pool: str(e.pool), samples: str(e.samples) };
    return { formula: v.formula, example: str(v.example), context: str(v.context), workload: str(v.workload), edits };
  } catch {
    // A hand-edited or truncated link must not break the page; start from defaults instead.
    return undefined;
  }
}
