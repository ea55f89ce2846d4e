// Findings of an explanation: what shaped the targets, in plain words, each with a span.
// Reads the trace only; never evaluates.

import type { Span } from "../base/diagnostics.ts";
import type { SourceText } from "../base/source.ts";
import type { Assignment, Expr, Formula } from "../syntax/ast.ts";
import type { Value } from "./runtime.ts";
import type { QueryTrace, RunEnd, TraceData } from "./explain.ts";
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

const DEDICATED = ["$TargetDedicatedNodes", "$TargetDedicated"];
const LOW_PRIORITY = ["$TargetLowPriorityNodes", "$TargetLowPriority"];

export function explainFindings({ data, outcome, source, end, ast }: Input): Finding[] {
  const out: Finding[] = [];
  const text = source.text;
  const line = (span: Span) => source.positionAt(span.start).line;
  const add = (kind: Finding["kind"], span: Span, message: string) => out.push({ kind, span, line: line(span), message });
  const snippet = (e: Expr) => clip(text.slice(e.span.start, e.span.end));

  // The last executed assignment of each target (the full name wins over its alias) and of the
  // deallocation option.
  let dedicatedAt: Assignment | undefined;
  let dedicatedAliasAt: Assignment | undefined;
  let lowAt: Assignment | undefined;
  let lowAliasAt: Assignment | undefined;
  let deallocationSet = false;
  // statement → its value, for the final assignments found below
  const values = new Map<Assignment, Value>();
  for (const executed of data.statements) {
    const s = executed.node();
    if (s.kind !== "Assignment") continue;
    const name = s.target.name;
    if (name === DEDICATED[0]) dedicatedAt = s;
    else if (name === DEDICATED[1]) dedicatedAliasAt = s;
    else if (name === LOW_PRIORITY[0]) lowAt = s;
    else if (name === LOW_PRIORITY[1]) lowAliasAt = s;
    else if (name === "$NodeDeallocationOption") deallocationSet = true;
    else continue;
    values.set(s, executed.raw());
  }
  const targetStatement = (names: readonly string[]): Assignment | undefined => (names === DEDICATED ? (dedicatedAt ?? dedicatedAliasAt) : (lowAt ?? lowAliasAt));

  // Caps and floors: a min/max inside a target's final assignment whose constant argument decided it.
  const constants = constantVariables(ast);
  for (const [names, label] of [
    [DEDICATED, "$TargetDedicatedNodes"],
    [LOW_PRIORITY, "$TargetLowPriorityNodes"],
  ] as const) {
    const s = targetStatement(names);
    if (!s) continue;
    const finalValue = values.get(s);
    for (const c of data.choices) {
      if (c.node.span.start < s.value.span.start || c.node.span.end > s.value.span.end || c.winner < 0) continue;
      if (c.value !== finalValue) continue;
      const arg = c.node.args[c.winner]!;
      // The deciding argument is a constant (a number, or a variable only ever assigned one:
      // min($tasks, $maxNodes)), and it really bound: another argument was strictly beyond it.
      if (!(arg.kind === "NumberLit" || (arg.kind === "Ident" && constants.has(arg.name)))) continue;
      const isMin = c.node.callee === "min";
      if (!c.args.some((v, i) => i !== c.winner && (isMin ? v > c.value : v < c.value))) continue;
      const shown = c.node.args.map((a, i) => (i === c.winner ? snippet(a) : "…")).join(", ");
      if (isMin) add("cap", c.node.span, `\`${label}\` was capped by \`min(${shown})\` at line ${line(c.node.span)}: ${formatDouble(c.value)}`);
      else add("floor", c.node.span, `\`${label}\` was held at the floor of \`max(${shown})\` at line ${line(c.node.span)}: ${formatDouble(c.value)}`);
    }
  }

  // Sample windows short of data.
  for (const q of data.queries) {
    if (q.percent === undefined || q.window === undefined) continue;
    if (q.method === "GetSample" && q.required !== undefined && q.percent < q.required) {
      add("window", q.span, `${received(q)}, under the ${formatPercent(q.required)} required: this statement fails for the first minutes of a new pool, or after a gap in the metric`);
    } else if (q.method === "GetSamplePercent" && q.percent < 100) {
      add("window", q.span, received(q));
    }
  }

  // Targets the pool will see: truncation, negatives, never assigned.
  if (outcome.ok) {
    for (const [names, label, value, poolValue] of [
      [DEDICATED, "$TargetDedicatedNodes", outcome.targets.dedicated, "targetDedicatedNodes"],
      [LOW_PRIORITY, "$TargetLowPriorityNodes", outcome.targets.lowPriority, "targetLowPriorityNodes"],
    ] as const) {
      const s = targetStatement(names);
      if (!s) {
        // An unassigned low-priority target that is 0 anyway says nothing worth reading.
        if (poolValue === "targetDedicatedNodes" || value !== 0) {
          add("unset", { start: 0, end: 0 }, `\`${label}\` is not assigned: it stays at the pool's current target, ${formatDouble(value)}`);
        }
        continue;
      }
      if (value < 0) add("negative", s.span, `\`${label}\` = ${formatDouble(value)} is negative: the pool is resized to 0 nodes`);
      else if (!Number.isInteger(value)) add("truncated", s.span, `\`${label}\` = ${formatDouble(value)} is truncated to ${Math.trunc(value)} nodes`);
    }
    if (!deallocationSet) {
      add("unset", { start: 0, end: 0 }, "`$NodeDeallocationOption` is not set: requeue (tasks running on removed nodes are stopped and requeued)");
    }
  }

  if (end.kind === "stop" && end.span) add("stop", end.span, `stop() at line ${end.line} ended the run: the statements after it did not run`);
  if (end.kind === "error" && end.span) {
    const pool = `${formatDouble(outcome.targets.dedicated)} dedicated, ${formatDouble(outcome.targets.lowPriority)} low-priority`;
    add("error", end.span, `the run failed at line ${end.line}, col ${end.column} (${end.message}): the pool keeps its targets (${pool})`);
  }
  // Usually in order already: sort (stable) only when not.
  for (let i = 1; i < out.length; i++) if (out[i - 1]!.span.start > out[i]!.span.start) return out.sort((a, b) => a.span.start - b.span.start);
  return out;
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
