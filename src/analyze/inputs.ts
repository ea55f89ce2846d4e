// The inputs of the bounds analysis: the range of every metric's samples and of the pool's
// numbers, with physical defaults from the service variable table, narrowed by the user's
// assumptions (`$PendingTasks=0..5000`, or a JSON object). Pure data; never throws.

import { canonicalServiceVariable, SERVICE_VARIABLES } from "../check/symbols.ts";
import { iv, type Iv } from "./interval.ts";

/** A user's range for one input: a missing side keeps the default's. */
export interface InputRange {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Assumptions, by service variable name (aliases accepted): `{ "$PendingTasks": { max: 5000 } }`,
 * `{ "$CPUPercent": [0, 100] }` (`null` for an open side), or `{ "$TaskSlotsPerNode": "4" }` /
 * `"1..8"` (the `--assume` text after `=`).
 */
export type Assumptions = Readonly<Record<string, InputRange | readonly [number | null, number | null] | string | number>>;

/** The input ranges the analysis runs with, by canonical name. */
export type InputRanges = ReadonlyMap<string, Iv>;

/** Names whose initial value or samples the analysis reads, with their default range. */
function defaultRange(name: string): Iv | undefined {
  const row = canonicalServiceVariable(name);
  if (!row || row.shape === "option") return undefined;
  if (row.name === "$TaskSlotsPerNode") return iv(1, Infinity);
  if (row.shape === "sampled" && row.units === "percent") return iv(0, 100);
  // node, task and byte counts, seconds, megabytes, and the pool's initial targets: never negative
  return iv(0, Infinity);
}

/** Every input with its physical default: metrics' samples, the pool's counts, the initial targets. */
export const DEFAULT_INPUTS: InputRanges = new Map(
  SERVICE_VARIABLES.filter((v) => v.aliasOf === undefined && v.shape !== "option").map((v) => [v.name, defaultRange(v.name)!]),
);

/** `0..5000`, `..100`, `10..`, `4`: a range as text; undefined when malformed. */
export function parseRangeText(text: string): InputRange | undefined {
  const t = text.trim();
  const numberOrEmpty = (s: string): number | null | undefined => {
    const x = s.trim();
    if (x === "") return null;
    const n = Number(x);
    return /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(x) && Number.isFinite(n) ? n : undefined;
  };
  const dots = t.indexOf("..");
  if (dots < 0) {
    const n = numberOrEmpty(t);
    return typeof n === "number" ? { min: n, max: n } : undefined;
  }
  const lo = numberOrEmpty(t.slice(0, dots));
  const hi = numberOrEmpty(t.slice(dots + 2));
  if (lo === undefined || hi === undefined) return undefined;
  return { ...(lo !== null ? { min: lo } : {}), ...(hi !== null ? { max: hi } : {}) };
}

/** One assumption as `--assume` writes it: `$PendingTasks=0..5000`. */
export function parseAssumption(text: string): { name: string; range: InputRange } | string {
  if (typeof text !== "string") return "an assumption is text: NAME=LO..HI";
  const eq = text.indexOf("=");
  if (eq < 0) return `'${text}' is not NAME=LO..HI (for example $PendingTasks=0..5000)`;
  const name = text.slice(0, eq).trim();
  const range = parseRangeText(text.slice(eq + 1));
  if (!range) return `'${text.slice(eq + 1)}' is not a range: write LO..HI, LO.., ..HI or a number`;
  return { name, range };
}

function asRange(v: unknown): InputRange | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? { min: v, max: v } : undefined;
  if (typeof v === "string") return parseRangeText(v);
  const side = (x: unknown): number | null | undefined => (x === null || x === undefined ? null : typeof x === "number" && Number.isFinite(x) ? x : undefined);
  if (Array.isArray(v)) {
    if (v.length !== 2) return undefined;
    const [lo, hi] = [side(v[0]), side(v[1])];
    if (lo === undefined || hi === undefined) return undefined;
    return { ...(lo !== null ? { min: lo } : {}), ...(hi !== null ? { max: hi } : {}) };
  }
  if (typeof v === "object" && v !== null) {
    const { min, max, ...rest } = v as Record<string, unknown>;
    const [lo, hi] = [side(min), side(max)];
    if (Object.keys(rest).length > 0 || lo === undefined || hi === undefined) return undefined;
    return { ...(lo !== null ? { min: lo } : {}), ...(hi !== null ? { max: hi } : {}) };
  }
  return undefined;
}

/**
 * The defaults with the assumptions applied. A side given replaces the default's side; the
 * other side stays. Problems (unknown names, malformed or empty ranges) come back as messages.
 */
export function resolveInputs(assume: unknown): { inputs: InputRanges; problems: string[] } {
  const inputs = new Map(DEFAULT_INPUTS);
  const problems: string[] = [];
  if (assume === undefined || assume === null) return { inputs, problems };
  if (typeof assume !== "object" || Array.isArray(assume)) return { inputs, problems: [`the assumptions must be an object { "$PendingTasks": [0, 5000], … }`] };
  for (const [name, value] of Object.entries(assume as Record<string, unknown>)) {
    const row = canonicalServiceVariable(name);
    const base = row ? DEFAULT_INPUTS.get(row.name) : undefined;
    if (!row || !base) {
      problems.push(`'${name}' is not a metric or pool number the formula can read (assume ranges for $PendingTasks, $CurrentDedicatedNodes, $TaskSlotsPerNode, $TargetDedicatedNodes …)`);
      continue;
    }
    const range = asRange(value);
    if (!range) {
      problems.push(`${name}: ${JSON.stringify(value) ?? String(value)} is not a range (LO..HI, [lo, hi] or { min, max })`);
      continue;
    }
    const prev = inputs.get(row.name)!;
    const lo = range.min ?? prev.lo;
    const hi = range.max ?? prev.hi;
    if (!(lo <= hi)) {
      problems.push(`${name}: the range ${lo}..${hi} is empty`);
      continue;
    }
    inputs.set(row.name, iv(lo, hi));
  }
  return { inputs, problems };
}
