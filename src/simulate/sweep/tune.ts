// Tune: a grid of values for a formula's constants (`--set maxNodes=10..50:10`), every
// combination dry-run, reduced to the Pareto front of cost (node-hours without prices) against
// task wait p95, the combinations meeting a wait constraint, and the best one. A sweep splits
// into deterministic shards whose reports merge into the unsharded report. Browser-safe.

import { parse } from "../../syntax/parse.ts";
import type { Expr, Formula } from "../../syntax/ast.ts";
import type { CandidateResult } from "./compare.ts";

/** One `--set`: a variable and the values to try, in order. */
export interface Setting {
  readonly name: string;
  readonly values: readonly number[];
}

/** Most combinations one sweep may hold. */
export const MAX_COMBINATIONS = 100_000;

/**
 * `NAME=a..b:step` (inclusive, step default 1), `NAME=a,b,c`, or `NAME=a`. A problem is a message.
 */
export function parseSetting(text: string): { setting: Setting; problem?: undefined } | { setting?: undefined; problem: string } {
  if (typeof text !== "string") return { problem: "a setting is text such as maxNodes=10..50:10" };
  const m = /^\s*(\$?[A-Za-z_]\w*)\s*=\s*(.+?)\s*$/.exec(text);
  if (!m) return { problem: `'${text}' is not NAME=values (e.g. maxNodes=10..50:10 or threshold=50,70,90)` };
  const [, name, spec] = m as unknown as [string, string, string];
  const num = (s: string): number => (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s.trim()) ? Number(s) : NaN);
  const range = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(spec);
  let values: number[];
  if (range) {
    const [from, to, step] = [num(range[1]!), num(range[2]!), range[3] === undefined ? 1 : num(range[3])];
    if (![from, to, step].every(Number.isFinite) || step <= 0) return { problem: `${name}=${spec}: expected from..to[:step] with numbers and a positive step` };
    if (to < from) return { problem: `${name}=${spec}: the range ends before it starts` };
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_COMBINATIONS) return { problem: `${name}=${spec}: ${count} values, more than ${MAX_COMBINATIONS}` };
    // Multiply rather than add, so 0.1 steps do not drift (0.30000000000000004).
    values = Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12)));
  } else {
    values = spec.split(",").map(num);
    if (!values.every(Number.isFinite)) return { problem: `${name}=${spec}: expected numbers separated by commas` };
  }
  return { setting: { name, values } };
}

/** Every combination, the last setting varying fastest. */
export function expandGrid(settings: readonly Setting[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const s of settings) out = out.flatMap((combo) => s.values.map((v) => ({ ...combo, [s.name]: v })));
  return out;
}

/** Where each setting's constant sits in the text: the value of its first assignment. */
function constantSpans(formula: Formula): Map<string, { start: number; end: number } | "not constant"> {
  const out = new Map<string, { start: number; end: number } | "not constant">();
  for (const st of formula.statements) {
    if (st.kind !== "Assignment" || out.has(st.target.name)) continue;
    out.set(st.target.name, isNumber(st.value) ? st.value.span : "not constant");
  }
  return out;
}

const isNumber = (e: Expr): boolean => e.kind === "NumberLit" || (e.kind === "UnaryExpr" && e.op === "-" && e.operand.kind === "NumberLit");

/**
 * A function from a combination to the formula text with each constant replaced (its literal's
 * span rewritten, so comments and layout stay), or a problem naming a variable the formula does
 * not assign a constant to.
 */
export function constantSetter(text: string, names: readonly string[]): { apply: (values: Readonly<Record<string, number>>) => string; problem?: undefined } | { apply?: undefined; problem: string } {
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) return { problem: "the names to set must be a list of variable names" };
  const { ast } = parse(text);
  if (ast === undefined) return { problem: "the formula does not parse" };
  const spans = constantSpans(ast);
  const targets: { name: string; start: number; end: number }[] = [];
  for (const name of names) {
    const span = spans.get(name);
    if (span === undefined) return { problem: `the formula assigns nothing to '${name}' (--set replaces the constant in an assignment such as ${name} = 10;)` };
    if (span === "not constant") return { problem: `the first assignment to '${name}' is not a number constant, so --set has nothing to replace` };
    targets.push({ name, ...span });
  }
  targets.sort((a, b) => b.start - a.start);
  return {
    apply: (values) => {
      let out = text;
      for (const t of targets) out = out.slice(0, t.start) + String(values[t.name]) + out.slice(t.end);
      return out;
    },
  };
}

/** `i/n` (1 ≤ i ≤ n): shard i runs the combinations whose index is i − 1 modulo n. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** The combination indices of a shard. */
export function shardIndices(total: number, shard: { index: number; count: number } | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (shard === undefined || i % shard.count === shard.index - 1) out.push(i);
  return out;
}

/** One combination's figures. Plain JSON (null for unknown), so reports merge exactly. */
export interface TunePoint {
  readonly index: number;
  readonly values: Readonly<Record<string, number>>;
  readonly nodeHours: number | null;
  readonly cost: number | null;
  readonly idleCost: number | null;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly waitMax: number | null;
  readonly makespan: number | null;
  /** tasks not finished, or null when the run failed */
  readonly incomplete: number | null;
  readonly evaluationErrors: number | null;
  readonly errors: readonly string[];
}

/** The result of a sweep (or of one shard of it). */
export interface TuneReport {
  readonly settings: readonly Setting[];
  readonly combinations: number;
  /** "cost" with prices, else "nodeHours" */
  readonly objective: "cost" | "nodeHours";
  readonly maxWaitP95: number | null;
  readonly shard?: { readonly index: number; readonly count: number };
  /** this report's points, by index */
  readonly points: readonly TunePoint[];
  /** indices of the Pareto front (objective against wait p95; runs that finished every task), cheapest first */
  readonly front: readonly number[];
  /** indices meeting the wait constraint (every task finished, wait p95 ≤ maxWaitP95), cheapest first */
  readonly meeting: readonly number[];
  /** the cheapest meeting the constraint; without one, the front's lowest wait p95 */
  readonly best: number | null;
}

const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** A combination's point from its dry-run. */
export function pointOf(index: number, values: Readonly<Record<string, number>>, r: CandidateResult): TunePoint {
  const s = r.summary;
  return {
    index,
    values,
    nodeHours: fin(s ? s.nodeHours.dedicated + s.nodeHours.lowPriority : undefined),
    cost: fin(r.cost?.total),
    idleCost: fin(r.cost?.idle),
    waitP50: fin(s?.wait.p50),
    waitP95: fin(s?.wait.p95),
    waitMax: fin(s?.wait.max),
    makespan: fin(s?.makespan),
    incomplete: s ? s.tasks.incomplete : null,
    evaluationErrors: s ? s.evaluationErrors : null,
    errors: r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`),
  };
}

/** Builds the report of `points` (front, constraint, best). */
export function tuneReport(settings: readonly Setting[], objective: "cost" | "nodeHours", maxWaitP95: number | null, points: readonly TunePoint[], shard?: { index: number; count: number }): TuneReport {
  const sorted = [...points].sort((a, b) => a.index - b.index);
  const x = (p: TunePoint) => (objective === "cost" ? p.cost : p.nodeHours);
  const usable = sorted.filter((p) => p.incomplete === 0 && x(p) !== null && p.waitP95 !== null);
  const cheapest = (a: TunePoint, b: TunePoint) => x(a)! - x(b)! || a.waitP95! - b.waitP95! || a.index - b.index;
  const front = usable.filter((p) => !usable.some((q) => x(q)! <= x(p)! && q.waitP95! <= p.waitP95! && (x(q)! < x(p)! || q.waitP95! < p.waitP95!))).sort(cheapest);
  const meeting = maxWaitP95 === null ? [] : usable.filter((p) => p.waitP95! <= maxWaitP95).sort(cheapest);
  const best = maxWaitP95 !== null ? meeting[0] : [...front].sort((a, b) => a.waitP95! - b.waitP95! || x(a)! - x(b)! || a.index - b.index)[0];
  return {
    settings,
    combinations: expandGrid(settings).length,
    objective,
    maxWaitP95,
    ...(shard ? { shard } : {}),
    points: sorted,
    front: front.map((p) => p.index),
    meeting: meeting.map((p) => p.index),
    best: best?.index ?? null,
  };
}

/**
 * The shards' reports as one: the same sweep (settings, objective, constraint) required; every
 * combination exactly once. Equal to the unsharded report.
 */
export function mergeTuneReports(pieces: readonly TuneReport[]): { report: TuneReport; problem?: undefined } | { report?: undefined; problem: string } {
  if (!Array.isArray(pieces) || pieces.length === 0) return { problem: "nothing to merge" };
  const bad = pieces.findIndex((r) => reportProblem(r) !== undefined);
  if (bad >= 0) return { problem: `piece ${bad + 1} is not a tune report: ${reportProblem(pieces[bad])}` };
  const first = pieces[0]!;
  const same = (r: TuneReport) => JSON.stringify([r.settings, r.objective, r.maxWaitP95]) === JSON.stringify([first.settings, first.objective, first.maxWaitP95]);
  const other = pieces.findIndex((r) => !same(r));
  if (other >= 0) return { problem: `piece ${other + 1} is from another sweep (different --set, --price or --max-wait-p95)` };
  const seen = new Map<number, TunePoint>();
  for (const r of pieces) {
    for (const p of r.points) {
      if (seen.has(p.index)) return { problem: `combination ${p.index} appears in two pieces` };
      seen.set(p.index, p);
    }
  }
  if (seen.size !== first.combinations) {
    const missing = shardIndices(first.combinations, undefined).filter((i) => !seen.has(i));
    return { problem: `${missing.length} of ${first.combinations} combinations are missing (first: ${missing.slice(0, 5).join(", ")}); merge every shard` };
  }
  return { report: tuneReport(first.settings, first.objective, first.maxWaitP95, [...seen.values()]) };
}

/** What is wrong with a value read back as a TuneReport (JSON from a file), or undefined. */
function reportProblem(r: unknown): string | undefined {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return "expected the object `tune --json` prints";
  const o = r as Record<string, unknown>;
  const isSetting = (s: unknown) => typeof s === "object" && s !== null && typeof (s as Setting).name === "string" && Array.isArray((s as Setting).values) && (s as Setting).values.every((v) => typeof v === "number");
  if (!Array.isArray(o.settings) || !o.settings.every(isSetting)) return "'settings' is not a list of {name, values}";
  if (o.objective !== "cost" && o.objective !== "nodeHours") return "'objective' is neither cost nor nodeHours";
  if (o.maxWaitP95 !== null && typeof o.maxWaitP95 !== "number") return "'maxWaitP95' is not a number or null";
  const total = expandGrid(o.settings as Setting[]).length;
  if (o.combinations !== total) return `'combinations' is not ${total}, the size of its grid`;
  if (!Array.isArray(o.points)) return "'points' is not a list";
  const num = (v: unknown) => v === null || typeof v === "number";
  for (const p of o.points as unknown[]) {
    const q = p as Record<string, unknown>;
    if (typeof p !== "object" || p === null || !Number.isInteger(q.index) || (q.index as number) < 0 || (q.index as number) >= total) return "a point has no valid 'index'";
    if (typeof q.values !== "object" || q.values === null || !Array.isArray(q.errors)) return `point ${String(q.index)} has no 'values' or 'errors'`;
    for (const k of ["nodeHours", "cost", "idleCost", "waitP50", "waitP95", "waitMax", "makespan", "incomplete", "evaluationErrors"]) if (!num(q[k])) return `point ${String(q.index)}: '${k}' is not a number or null`;
  }
  return undefined;
}
