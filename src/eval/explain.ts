// Explain: why a formula chose its targets. The traced closures (traced.ts: the reference
// interpreter's walk, resolved once per formula) run with a Tracer that records every
// statement's value, every sample query (window, samples selected, percent received against
// required), every `?:`, `&&`, `||` outcome and every min/max that decided a value; findings
// then say in plain words what shaped the targets. The plain compiled closures are not touched:
// explain off costs nothing.

import type { Span } from "../base/diagnostics.ts";
import type { SourceText } from "../base/source.ts";
import type { CheckedFormula } from "../check/check.ts";
import type { OverloadId } from "../check/builtins.ts";
import type { CallExpr, Expr, Formula, MethodCallExpr, Statement } from "../syntax/ast.ts";
import { lastSamplesRange, sampleCount, selectWindow, visibleRange } from "../metrics/window.ts";
import type { TimeSeries } from "../metrics/series.ts";
import type { EvalEnv } from "./impls.ts";
import { interpret, type RunInput, type Tracer } from "./interpret.ts";
import { interpretTraced } from "./traced.ts";
import { buildOutcome, type EvalOutcome } from "./results.ts";
import { EvalError, Interval, Timestamp, type Value } from "./runtime.ts";
import { formatDouble, formatValue } from "./values-format.ts";
import { explainFindings, type Finding } from "./explain-findings.ts";

export type { Finding } from "./explain-findings.ts";

/** One executed statement and the value it produced (as the results string prints it). */
export interface StatementTrace {
  readonly index: number;
  readonly span: Span;
  /** the assigned name; undefined for a bare expression */
  readonly target?: string;
  readonly value: string;
}

/** One sample query on a metric. */
export interface QueryTrace {
  readonly span: Span;
  readonly metric: string;
  readonly method: "GetSample" | "GetSamplePercent" | "GetSamplePeriod" | "Count" | "HistoryBeginTime";
  readonly overload: OverloadId;
  /** the window `(from, to]` of window forms, epoch ms */
  readonly window?: { readonly from: number; readonly to: number };
  /** the count asked for (`GetSample(n)`) */
  readonly count?: number;
  /** samples selected (window forms and counts), or visible (Count, HistoryBeginTime) */
  readonly selected: number;
  /** samples a full window holds (one per 30 s) */
  readonly expected?: number;
  /** times of the first and last selected sample, epoch ms */
  readonly first?: number;
  readonly last?: number;
  /** percent of the expected samples received (window forms) */
  readonly percent?: number;
  /** percent required (GetSample window forms: the samplePercent argument, or the default) */
  readonly required?: number;
  readonly failed: boolean;
  /** the value returned, as printed (scalar results: GetSamplePercent, Count, …; a vector is described by selected/first/last) */
  readonly value?: string;
}

/** One `?:`, `&&` or `||` and which way it went. */
export interface BranchTrace {
  readonly span: Span;
  readonly op: "?:" | "&&" | "||";
  /** `?:`: the condition was true (then-branch); `&&`/`||`: the expression's result */
  readonly outcome: boolean;
}

/** A min/max call and which argument gave its value (0-based; -1 when a vector element did). */
export interface ChoiceTrace {
  readonly node: CallExpr;
  readonly winner: number;
  readonly value: number;
  /** each argument's value; for a vector, its smallest (min) or largest (max) element; NaN for an empty one */
  readonly args: readonly number[];
}

/** Where the run ended. */
export interface RunEnd {
  readonly kind: "end" | "stop" | "error";
  readonly span?: Span;
  readonly line?: number;
  readonly column?: number;
  readonly message?: string;
}

export interface Explanation {
  readonly statements: readonly StatementTrace[];
  readonly queries: readonly QueryTrace[];
  readonly branches: readonly BranchTrace[];
  readonly end: RunEnd;
  readonly findings: readonly Finding[];
}

/** What the tracer collected, before findings. */
export interface TraceData {
  /** in the order they ran (each statement runs at most once); each keeps its node and raw value, for findings */
  readonly statements: ExecutedStatement[];
  readonly queries: QueryTrace[];
  readonly branches: BranchTrace[];
  readonly choices: ChoiceTrace[];
  stopSpan?: Span;
}

const METHOD_NAMES: Partial<Record<OverloadId, QueryTrace["method"]>> = {
  getsample_count: "GetSample",
  getsample_window: "GetSample",
  getsample_window_percent: "GetSample",
  getsample_range: "GetSample",
  getsample_range_percent: "GetSample",
  getsamplepercent_window: "GetSamplePercent",
  getsamplepercent_range: "GetSamplePercent",
  getsampleperiod: "GetSamplePeriod",
  count: "Count",
  historybegintime: "HistoryBeginTime",
};

/** A Tracer that records into a TraceData. */
export function recordingTracer(env: EvalEnv, checked: CheckedFormula): { tracer: Tracer; data: TraceData } {
  const tracer = new Recorder(env, statementIndex(checked));
  return { tracer, data: tracer.data };
}

/** The recording tracer: one class, so every run's calls go to the same methods. */
class Recorder implements Tracer {
  readonly data: TraceData = { statements: [], queries: [], branches: [], choices: [] };
  readonly #env: EvalEnv;
  readonly #index: Map<Statement, number>;

  constructor(env: EvalEnv, index: Map<Statement, number>) {
    this.#env = env;
    this.#index = index;
  }

  statement(s: Statement, value: Value): void {
    // `value` is formatted when read (JSON.stringify reads it): a run that is explained but
    // never printed pays nothing for formatting.
    this.data.statements.push(new ExecutedStatement(this.#index.get(s) ?? -1, s, value));
  }

  branch(e: Expr, op: BranchTrace["op"], outcome: boolean): void {
    this.data.branches.push({ span: e.span, op, outcome });
  }

  query(e: MethodCallExpr, overload: OverloadId, metric: string, series: TimeSeries, args: readonly Value[], result: Value | EvalError): void {
    const q = describeQuery(this.#env, e, overload, metric, series, args, result);
    if (q) this.data.queries.push(q);
  }

  call(e: CallExpr, name: string, args: readonly Value[], result: Value): void {
    if ((name === "min" || name === "max") && typeof result === "number") this.data.choices.push({ node: e, winner: winnerOf(args, result), value: result, args: args.map((a) => extreme(a, name === "min")) });
  }

  stop(e: CallExpr): void {
    this.data.stopSpan = e.span;
  }
}

/** Each statement's index, per checked formula (built on its first explanation). */
const STATEMENT_INDEX = new WeakMap<CheckedFormula, Map<Statement, number>>();

function statementIndex(checked: CheckedFormula): Map<Statement, number> {
  let index = STATEMENT_INDEX.get(checked);
  if (!index) STATEMENT_INDEX.set(checked, (index = new Map(checked.ast.statements.map((s, i) => [s, i]))));
  return index;
}

/** A StatementTrace whose value is formatted when read (and by JSON.stringify, through toJSON). */
export class ExecutedStatement implements StatementTrace {
  readonly index: number;
  readonly span: Span;
  readonly target?: string;
  readonly #node: Statement;
  readonly #value: Value;

  constructor(index: number, s: Statement, value: Value) {
    this.index = index;
    this.span = s.span;
    if (s.kind === "Assignment") this.target = s.target.name;
    this.#node = s;
    this.#value = value;
  }

  get value(): string {
    return formatValue(this.#value);
  }

  /** the statement that ran (for findings) */
  node(): Statement {
    return this.#node;
  }

  /** the value it produced, unformatted (for findings) */
  raw(): Value {
    return this.#value;
  }

  toJSON(): StatementTrace {
    return { index: this.index, span: this.span, ...(this.target !== undefined ? { target: this.target } : {}), value: this.value };
  }
}

/** A scalar argument, or the vector element a min (max) would take from it. */
function extreme(v: Value, smallest: boolean): number {
  if (typeof v === "number") return v;
  if (!Array.isArray(v) || v.length === 0) return NaN;
  let m = v[0] as number;
  for (const x of v as number[]) m = smallest ? Math.min(m, x) : Math.max(m, x);
  return m;
}

function winnerOf(args: readonly Value[], result: number): number {
  for (let i = 0; i < args.length; i++) if (args[i] === result) return i;
  return -1;
}

function describeQuery(env: EvalEnv, e: MethodCallExpr, overload: OverloadId, metric: string, series: TimeSeries, args: readonly Value[], result: Value | EvalError): QueryTrace | undefined {
  const method = METHOD_NAMES[overload];
  if (!method) return undefined;
  const failed = result instanceof EvalError;
  // One object, filled in place (this runs for every sample query of an explained run).
  const q: { -readonly [K in keyof QueryTrace]: QueryTrace[K] } = { span: e.span, metric, method, overload, failed, selected: 0 };
  if (!failed && !Array.isArray(result)) q.value = formatValue(result);
  const view = env.view;
  let begin: number;
  let end: number;
  switch (overload) {
    case "getsample_count": {
      const r = lastSamplesRange(series, view, args[0] as number);
      q.count = args[0] as number;
      ({ begin, end } = r);
      q.selected = end - begin;
      break;
    }
    case "count":
    case "historybegintime":
    case "getsampleperiod": {
      ({ begin, end } = visibleRange(series, view));
      q.selected = overload === "count" ? sampleCount(series, view) : end - begin;
      break;
    }
    default: {
      const twoBounds = overload === "getsample_range" || overload === "getsample_range_percent" || overload === "getsamplepercent_range";
      const a = boundAt(args[0]!, view.now);
      const b = twoBounds ? boundAt(args[1]!, view.now) : view.now;
      const from = Math.min(a, b);
      const to = Math.max(a, b);
      const w = selectWindow(series, view, from, to);
      q.window = { from, to };
      q.selected = w.available;
      q.expected = w.expected;
      q.percent = w.percent;
      const required =
        overload === "getsample_window_percent" ? (args[1] as number) : overload === "getsample_range_percent" ? (args[2] as number) : method === "GetSample" ? env.defaultSamplePercent : undefined;
      if (required !== undefined) q.required = required;
      ({ begin, end } = w);
    }
  }
  if (end > begin) {
    q.first = series.timeAt(begin);
    q.last = series.timeAt(end - 1);
  }
  return q;
}

/** A window bound: a timestamp, or an interval back from now. */
function boundAt(x: Value, now: number): number {
  return x instanceof Timestamp ? x.ms : now - (x as Interval).ms;
}

/** Turns trace data and the run's outcome into an Explanation. */
export function finishExplanation(data: TraceData, outcome: EvalOutcome, source: SourceText, stopped: boolean, error: EvalError | undefined, ast: Formula): Explanation {
  let end: RunEnd = { kind: "end" };
  if (error) {
    const { line, column } = source.positionAt(error.span.start);
    end = { kind: "error", span: error.span, line, column, message: outcome.run.error?.values[0]?.value ?? error.id };
  } else if (stopped) {
    const span = data.stopSpan;
    end = span ? { kind: "stop", span, ...source.positionAt(span.start) } : { kind: "stop" };
  }
  const findings = explainFindings({ data, outcome, source, end, ast });
  return { statements: data.statements, queries: data.queries, branches: data.branches, end, findings };
}

/** A number as the results string prints it (for findings). */
export function showNumber(x: number): string {
  return formatDouble(x);
}

/**
 * Runs a checked formula with the recording tracer: the outcome (same as `evaluate`'s) and its
 * explanation. The traced closures (traced.ts) run it; `"interpreter"` runs the reference
 * interpreter instead, the oracle the closures' traces are tested against.
 */
export function explainRun(
  checked: CheckedFormula,
  input: RunInput & { readonly nowMs: number },
  source: SourceText,
  engine: "traced" | "interpreter" = "traced",
): { outcome: EvalOutcome; explanation: Explanation } {
  const { tracer, data } = recordingTracer(input.env, checked);
  const state = engine === "traced" ? interpretTraced(checked, input, tracer) : interpret(checked, input, tracer);
  const outcome = buildOutcome(state, input.pool, input.nowMs, source);
  // buildOutcome may fail a run that ended cleanly (a non-finite target): its diagnostic says where.
  const error = state.error ?? (outcome.diagnostic ? new EvalError("NonFiniteTarget", outcome.diagnostic.span, []) : undefined);
  return { outcome, explanation: finishExplanation(data, outcome, source, state.stopped, error, checked.ast) };
}

/** The explanation of a formula that did not get to run (syntax errors, a bad context). */
export function notRunExplanation(message: string): Explanation {
  return { statements: [], queries: [], branches: [], end: { kind: "error", message }, findings: [] };
}
