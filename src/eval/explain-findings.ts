// Findings of an explanation: what shaped the targets, in plain words, each with a span.
// Reads the trace only; never evaluates.

import type { Span } from "../base/diagnostics.ts";
import type { SourceText } from "../base/source.ts";
import type { Assignment, Formula } from "../syntax/ast.ts";
import type { Value } from "./runtime.ts";
import type { ChoiceTrace, QueryTrace, RunEnd, TraceData } from "./explain.ts";
import type { EvalOutcome } from "./results.ts";
import { formatDouble } from "./values-format.ts";

export interface Finding {
  readonly kind: "cap" | "floor" | "window" | "truncated" | "negative" | "unset" | "stop" | "error";
  readonly span: Span;
  /** 1-based line of the span's start */
  readonly line: number;
  readonly message: string;
}

interface Input {
  readonly data: TraceData;
  readonly outcome: EvalOutcome;
  readonly source: SourceText;
  readonly end: RunEnd;
  readonly ast: Formula;
}

export function explainFindings({ data, outcome, source, end, ast }: Input): Finding[] {
  const out = new Findings(source);

  // The last executed assignment of each target (the full name wins over its alias), its value,
  // and whether the deallocation option was set.
  let dedicated: Executed | undefined;
  let dedicatedAlias: Executed | undefined;
  let low: Executed | undefined;
  let lowAlias: Executed | undefined;
  let deallocationSet = false;
  for (const executed of data.statements) {
    const s = executed.node();
    if (s.kind !== "Assignment") continue;
    const name = s.target.name;
    if (name === "$TargetDedicatedNodes") dedicated = { s, value: executed.raw() };
    else if (name === "$TargetDedicated") dedicatedAlias = { s, value: executed.raw() };
    else if (name === "$TargetLowPriorityNodes") low = { s, value: executed.raw() };
    else if (name === "$TargetLowPriority") lowAlias = { s, value: executed.raw() };
    else if (name === "$NodeDeallocationOption") deallocationSet = true;
  }
  dedicated ??= dedicatedAlias;
  low ??= lowAlias;

  // Caps and floors: a min/max inside a target's final assignment whose constant argument decided it.
  if (dedicated) out.capsAndFloors("$TargetDedicatedNodes", dedicated, data.choices, ast);
  if (low) out.capsAndFloors("$TargetLowPriorityNodes", low, data.choices, ast);

  // Sample windows short of data.
  for (const q of data.queries) {
    if (q.percent === undefined || q.window === undefined) continue;
    if (q.method === "GetSample" && q.required !== undefined && q.percent < q.required) {
      out.add("window", q.span, `${received(q)}, under the ${formatPercent(q.required)} required: this statement fails for the first minutes of a new pool, or after a gap in the metric`);
    } else if (q.method === "GetSamplePercent" && q.percent < 100) {
      out.add("window", q.span, received(q));
    }
  }

  // Targets the pool will see: truncation, negatives, never assigned.
  if (outcome.ok) {
    out.target("$TargetDedicatedNodes", outcome.targets.dedicated, dedicated?.s, true);
    out.target("$TargetLowPriorityNodes", outcome.targets.lowPriority, low?.s, false);
    if (!deallocationSet) {
      out.add("unset", { start: 0, end: 0 }, "`$NodeDeallocationOption` is not set: requeue (tasks running on removed nodes are stopped and requeued)");
    }
  }

  if (end.kind === "stop" && end.span) out.add("stop", end.span, `stop() at line ${end.line} ended the run: the statements after it did not run`);
  if (end.kind === "error" && end.span) {
    const pool = `${formatDouble(outcome.targets.dedicated)} dedicated, ${formatDouble(outcome.targets.lowPriority)} low-priority`;
    out.add("error", end.span, `the run failed at line ${end.line}, col ${end.column} (${end.message}): the pool keeps its targets (${pool})`);
  }
  return out.sorted();
}

/** An executed assignment and the value it assigned. */
interface Executed {
  readonly s: Assignment;
  readonly value: Value;
}

/** The findings of one explanation, as they are found. */
class Findings {
  readonly #list: Finding[] = [];
  readonly #source: SourceText;

  constructor(source: SourceText) {
    this.#source = source;
  }

  line(span: Span): number {
    return this.#source.positionAt(span.start).line;
  }

  add(kind: Finding["kind"], span: Span, message: string): void {
    this.#list.push({ kind, span, line: this.line(span), message });
  }

  /** The min/max calls inside the target's final assignment whose constant argument decided its value. */
  capsAndFloors(label: string, target: Executed, choices: readonly ChoiceTrace[], ast: Formula): void {
    const s = target.s;
    for (const c of choices) {
      if (c.node.span.start < s.value.span.start || c.node.span.end > s.value.span.end || c.winner < 0) continue;
      if (c.value !== target.value) continue;
      const arg = c.node.args[c.winner]!;
      // The deciding argument is a constant (a number, or a variable only ever assigned one:
      // min($tasks, $maxNodes)), and it really bound: another argument was strictly beyond it.
      if (!(arg.kind === "NumberLit" || (arg.kind === "Ident" && constantVariables(ast).has(arg.name)))) continue;
      const isMin = c.node.callee === "min";
      if (!c.args.some((v, i) => i !== c.winner && (isMin ? v > c.value : v < c.value))) continue;
      const text = this.#source.text;
      const shown = c.node.args.map((a, i) => (i === c.winner ? clip(text.slice(a.span.start, a.span.end)) : "…")).join(", ");
      if (isMin) this.add("cap", c.node.span, `\`${label}\` was capped by \`min(${shown})\` at line ${this.line(c.node.span)}: ${formatDouble(c.value)}`);
      else this.add("floor", c.node.span, `\`${label}\` was held at the floor of \`max(${shown})\` at line ${this.line(c.node.span)}: ${formatDouble(c.value)}`);
    }
  }

  /** A target as the pool will see it: negative, truncated, or never assigned. */
  target(label: string, value: number, s: Assignment | undefined, isDedicated: boolean): void {
    if (!s) {
      // An unassigned low-priority target that is 0 anyway says nothing worth reading.
      if (isDedicated || value !== 0) this.add("unset", { start: 0, end: 0 }, `\`${label}\` is not assigned: it stays at the pool's current target, ${formatDouble(value)}`);
      return;
    }
    if (value < 0) this.add("negative", s.span, `\`${label}\` = ${formatDouble(value)} is negative: the pool is resized to 0 nodes`);
    else if (!Number.isInteger(value)) this.add("truncated", s.span, `\`${label}\` = ${formatDouble(value)} is truncated to ${Math.trunc(value)} nodes`);
  }

  /** The findings by position (stable: findings at one position keep the order they were found in). */
  sorted(): Finding[] {
    const list = this.#list;
    // Usually in order already: sort only when not.
    for (let i = 1; i < list.length; i++) if (list[i - 1]!.span.start > list[i]!.span.start) return list.sort((a, b) => a.span.start - b.span.start);
    return list;
  }
}

const UNITS: readonly [number, string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
  [1000, "second"],
];

/** Variables every assignment of which is a number literal (the formula's settings: `maxNodes = 25;`). */
function constantVariables(ast: Formula): Set<string> {
  let known = CONSTANTS.get(ast);
  if (!known) CONSTANTS.set(ast, (known = findConstants(ast)));
  return known;
}

/** constantVariables per formula (an AST never changes). */
const CONSTANTS = new WeakMap<Formula, Set<string>>();

function findConstants(ast: Formula): Set<string> {
  const literal = new Set<string>();
  const other = new Set<string>();
  for (const s of ast.statements) if (s.kind === "Assignment") (s.value.kind === "NumberLit" ? literal : other).add(s.target.name);
  for (const name of other) literal.delete(name);
  return literal;
}

/** 15 minutes → `15-minute`, 1 hour → `1-hour`; other lengths as `90-second`, or in ms. */
export function describeLength(ms: number): string {
  for (const [size, unit] of UNITS) if (ms >= size && ms % size === 0) return `${ms / size}-${unit}`;
  return `${formatDouble(ms)} ms`;
}

/** What a window query received, for a finding. */
function received(q: QueryTrace): string {
  return `the ${describeLength(q.window!.to - q.window!.from)} window of ${q.metric} received ${formatPercent(q.percent!)} (${q.selected} of ${q.expected} samples)`;
}

function formatPercent(p: number): string {
  return `${Math.round(p * 10) / 10} %`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}
