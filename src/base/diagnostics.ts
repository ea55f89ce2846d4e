// Diagnostics: the one catalogue of messages (codes by phase) and the one caret renderer.
// Stages only record half-open spans; line/column and carets are computed here, at the edge.

import { SourceText } from "./source.ts";

/** Half-open `[start, end)` range of UTF-16 offsets into the formula text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning" | "info";

/** L1xx lexing, P2xx parsing, C3xx checking, E4xx evaluation, R5xx resizing/configuration, A6xx analysis (bounds). */
export type DiagnosticCode = `${"L" | "P" | "C" | "E" | "R" | "A"}${number}`;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Fully rendered; never contains location text. */
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
}

interface MessageSpec {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** `{0}`, `{1}` … are replaced by the arguments of `report`. */
  readonly template: string;
}

const m = (code: DiagnosticCode, severity: Severity, template: string): MessageSpec => ({ code, severity, template });

/**
 * Every message the tool can print, by stable code. Codes never change meaning; retired codes
 * are not reused. README's diagnostics table is generated from this object (test/docs).
 */
// prettier-ignore
/** How messages name a value of the wrong kind (`null`, `a number`, `an array`, …). */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  const t = typeof x;
  return t === "undefined" ? "undefined" : t === "object" ? "an object" : `a ${t}`;
}

/**
 * A value as an error message quotes it, whatever JavaScript passed: numbers as written (NaN too),
 * JSON where there is JSON (shortened), else by kind — JSON.stringify throws on BigInt, cycles and
 * throwing getters, and says nothing for functions and symbols.
 */
export function showValue(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (typeof x === "bigint") return `${x}n`;
  if (x === undefined || typeof x === "function" || typeof x === "symbol") return describeValue(x);
  try {
    const json = JSON.stringify(x);
    if (json !== undefined) return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    // not JSON: described by kind below
  }
  return describeValue(x);
}

export const Messages = {
  // lexing
  UnexpectedCharacter:   m("L101", "error", "Unexpected character '{0}'."),
  UnterminatedString:    m("L102", "error", "Unterminated string: a string must close with '\"' on the same line."),
  BlockComment:          m("L103", "error", "Block comments are not part of the autoscale language; use '//' line comments."),
  LeadingDotNumber:      m("L104", "error", "Numbers must start with a digit: write '0{0}' instead of '{0}'."),
  TrailingDotNumber:     m("L105", "error", "A number cannot end with '.': write '{0}0' or '{1}'."),
  ExponentNumber:        m("L106", "error", "Exponent notation ('{0}') is not part of the autoscale language; write the number out in full."),
  HexNumber:             m("L107", "error", "Hexadecimal numbers ('{0}') are not part of the autoscale language; write the decimal value."),
  SingleQuotedString:    m("L108", "error", "Strings use double quotes: write \"{0}\"."),
  StringEscape:          m("L109", "error", "Strings have no escape sequences: remove the backslash (write time(\"…\"), not time(\\\"…\\\"))."),
  FormulaTooLong:        m("L110", "error", "AutoScalingFormulaTooLong: the formula has {0} characters; the maximum length is 8192 characters."),
  VectorLiteral:         m("L111", "error", "Vector literals ('[…]') are not part of the autoscale language; vectors come from GetSample(...) and list functions."),
  CaseMismatchKeyword:   m("L112", "error", "Unknown name '{0}': names are case-sensitive; did you mean '{1}'?"),
  NotText:               m("L113", "error", "A formula is text: expected a string, got {0}."),
  // parsing
  UnexpectedToken:       m("P201", "error", "Expected {0} but found {1}."),
  MissingSemicolon:      m("P202", "error", "Missing ';' between statements."),
  BareExpression:        m("P203", "warning", "This expression is not assigned to anything: it is evaluated and its value is discarded."),
  InvalidTarget:         m("P204", "error", "Only a variable name can be assigned to; '{0}' is not a name."),
  EmptyStatement:        m("P205", "warning", "Empty statement (extra ';')."),
  TooManyStatements:     m("P206", "error", "The formula has {0} statements; at most 100 are allowed."),
  TooDeep:               m("P207", "error", "Expression nested too deeply (more than {0} levels)."),
  UnexpectedEnd:         m("P208", "error", "Unexpected end of formula: expected {0}."),
  EmptyFormula:          m("P209", "error", "The formula is empty: it needs at least one statement."),
  ChainedAssignment:     m("P210", "error", "Assignment is a statement, not an expression; '=' cannot appear inside an expression (did you mean '=='?)."),
  InternalParseError:    m("P211", "error", "Internal error while parsing ({0}); please report this formula."),
  // checking
  UnknownName:           m("C301", "error", "Unknown name '{0}'.{1}"),
  UseBeforeAssignment:   m("C302", "error", "Variable '{0}' is used before it is assigned."),
  CaseMismatch:          m("C303", "error", "Unknown {0} '{1}': names are case-sensitive; did you mean '{2}'?"),
  UnknownFunction:       m("C304", "error", "Unknown function '{0}'.{1}"),
  UnknownMethod:         m("C305", "error", "Unknown method '{0}' on {1}.{2}"),
  NoOverload:            m("C306", "error", "{0} cannot be called with ({1}); expected {2}."),
  OperatorTypes:         m("C307", "error", "Operator '{0}' is not defined for ({1}).{2}"),
  ReadOnlyVariable:      m("C308", "error", "'{0}' is a read-only service variable and cannot be assigned."),
  MetricAsValue:         m("C309", "error", "'{0}' is a sampled metric, not a value: read it with {0}.GetSample(...)."),
  MethodOnNonMetric:     m("C310", "error", "Method '{0}' can only be called on a sampled metric such as $PendingTasks; this expression is a {1}."),
  UnknownMember:         m("C311", "error", "A {0} has no member '{1}'.{2}"),
  AssignType:            m("C312", "error", "Cannot assign a {0} to '{1}', which needs a {2}."),
  KeywordOutsideDealloc: m("C313", "error", "'{0}' is a deallocation option; it can only be assigned to $NodeDeallocationOption."),
  ReservedTarget:        m("C314", "error", "'{0}' is a reserved {1} and cannot be assigned."),
  ConditionType:         m("C315", "error", "A condition must be a double (nonzero is true); this is a {0}."),
  AliasBothAssigned:     m("C316", "warning", "Both '{0}' and its alias '{1}' are assigned; the value of '{0}' wins."),
  FunctionAsValue:       m("C317", "error", "'{0}' is a function; call it as {0}(...)."),
  BranchTypes:           m("C318", "error", "The branches of '?:' have different types ({0} and {1}); both branches must have the same type."),
  RetiredMetric:         m("C319", "warning", "'{0}' no longer receives samples after 2024-03-31; GetSample over a time window will fail with InsufficientSampleData."),
  UserShadowsService:    m("C320", "warning", "'{0}' is a user variable, not the service variable '{1}' (service variables start with '$')."),
  BadTimeLiteral:        m("C321", "warning", "time(\"{0}\") will fail at evaluation: the text is not an ISO 8601 / W3C-DTF or RFC 1123 time (at most 7 fractional digits)."),
  NotFormula:            m("C322", "error", "Expected a formula (the AST that parse returns), got {0}."),
  // evaluation
  InsufficientSampleData: m("E401", "error", "Insufficient data from data set: {0} wanted {1}%, received {2}%"),
  UndefinedSymbol:       m("E402", "error", "Undefined symbol: {0}"),
  EmptyVector:           m("E403", "error", "{0}: the vector is empty."),
  IndexOutOfRange:       m("E404", "error", "val: index {0} is out of range for a vector of length {1}."),
  PercentileRange:       m("E405", "error", "percentile: p must be between 0 and 100, got {0}."),
  NonFiniteTarget:       m("E406", "error", "{0} evaluated to {1}; a target must be a finite number."),
  BadTimeString:         m("E407", "error", "time: cannot parse \"{0}\" as an ISO 8601 or RFC 1123 time."),
  VectorLengthMismatch:  m("E408", "error", "Vector lengths differ ({0} and {1}) in '{2}'."),
  TimeOutOfRange:        m("E409", "error", "'{0}' gives a {1} outside the supported range (or NaN)."),
  InternalError:         m("E410", "error", "Internal error while {0}: {1}"),
  // resizing / configuration
  IntervalOutOfRange:    m("R501", "error", "The evaluation interval must be between 5 minutes and 168 hours; got {0}."),
  BadDataFile:           m("R502", "error", "{0}"),
  SimulatorInternal:     m("R503", "error", "Internal simulator error (please report): {0}"),
  UnschedulableTask:     m("R504", "warning", "{0} task(s) need more slots than a node has ({1}); they can never run and count as failed (first: '{2}')."),
  BadSimulationOption:   m("R505", "error", "{0}"),
  // analysis (src/analyze: `autoscale bounds`, `check --bounds`); opt-in, never part of plain `check`
  UnboundedTarget:       m("A601", "warning", "'{0}' has no upper bound: given the assumed inputs it can grow without limit ({1})."),
  TargetNeverZero:       m("A602", "warning", "'{0}' is at least {1} in every completed run ({2}): the pool never empties, and idle nodes still cost."),
  LowPriorityOverMax:    m("A603", "warning", "'{0}' can reach {1}, above the declared maximum of {2} low-priority nodes ({3})."),
  UnguardedGetSample:    m("A604", "warning", "{0}.GetSample over a time window is not guarded by {0}.GetSamplePercent(...): on a new pool, or after a gap in the samples, the run fails with InsufficientSampleData."),
  DeadBranch:            m("A605", "warning", "This branch is never taken: the condition is always {0} (it ranges over {1})."),
  DivisorMayBeZero:      m("A606", "warning", "The divisor can be 0 (it ranges over {0}): the quotient can be ±Infinity or NaN."),
  ActiveWithoutRunning:  m("A607", "warning", "$ActiveTasks is read but $RunningTasks is not: running tasks need nodes too (use $PendingTasks, or add $RunningTasks)."),
  NoCompletedRun:        m("A608", "warning", "No run of this formula completes given the assumed inputs: every evaluation fails or ends with a non-finite target."),
  BadAssumption:         m("A609", "error", "Assumption: {0}"),
  TargetAboveQuota:      m("R506", "warning", "{0} evaluation(s) asked for more nodes than the pool's quota ({1} dedicated, {2} low-priority); the targets were clamped to the quota (first at {3}: {4})."),
} as const satisfies Record<string, MessageSpec>;

export type MessageId = keyof typeof Messages;

/** Builds a diagnostic from the catalogue. */
export function report(id: MessageId, span: Span, ...args: readonly (string | number)[]): Diagnostic {
  const spec = Messages[id];
  const message = spec.template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ""));
  return { code: spec.code, severity: spec.severity, message, span };
}

/** True when any diagnostic is an error (warnings do not fail a check). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts by position, then code, so output is stable whatever order the stages reported in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

export interface FormatOptions {
  readonly fileName?: string;
}

/** Lines longer than this are quoted as a window around the span, with … marking the cut ends. */
export const MAX_QUOTED_LINE = 160;
/** How much of the line before the span's start a window keeps. */
const WINDOW_LEAD = 60;

/**
 * `file:line:col: error CODE: message`, then the source line and a caret run under the whole
 * span (to the end of the line when the span crosses lines). A line longer than MAX_QUOTED_LINE
 * (a one-line JSON file, a minified formula) is quoted as a window of that size around the span's
 * start, so a diagnostic's size never depends on the file's.
 */
export function formatDiagnostic(d: Diagnostic, source: SourceText | string, options: FormatOptions = {}): string {
  const src = typeof source === "string" ? new SourceText(source) : source;
  const { line, column } = src.positionAt(d.span.start);
  const file = options.fileName ?? "<formula>";
  return `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}\n${quoteSpan(src, d.span)}`;
}

/** The span's source line (indented 4) and a caret run under the span: the body of {@link formatDiagnostic}. */
export function quoteSpan(src: SourceText, span: Span): string {
  const { line, column } = src.positionAt(span.start);
  const { start: lineStart, end: lineEnd } = lineBounds(src, line);
  const endPos = src.positionAt(span.end);
  const spanStart = lineStart + column - 1;
  const spanEnd = endPos.line === line ? lineStart + endPos.column - 1 : lineEnd + 1;
  let from = lineStart;
  let to = lineEnd;
  if (lineEnd - lineStart > MAX_QUOTED_LINE) {
    from = Math.max(lineStart, spanStart - WINDOW_LEAD);
    to = Math.min(lineEnd, from + MAX_QUOTED_LINE);
    from = Math.max(lineStart, to - MAX_QUOTED_LINE);
    // Never cut a surrogate pair in half.
    if (from > lineStart && isLowSurrogate(src.text.charCodeAt(from))) from++;
    if (to < lineEnd && isLowSurrogate(src.text.charCodeAt(to))) to--;
  }
  const before = from > lineStart ? "…" : "";
  const after = to < lineEnd ? "…" : "";
  const text = src.text.slice(from, to);
  const width = Math.max(1, Math.min(spanEnd, to + 1) - spanStart);
  // Tabs before the span are kept so the carets line up under the same characters.
  const pad = " ".repeat(before.length) + src.text.slice(from, spanStart).replace(/[^\t]/g, " ");
  return `    ${before}${text}${after}\n    ${pad}${"^".repeat(width)}`;
}

/** Offsets of a 1-based line's first character and of its end (before the line break). */
function lineBounds(src: SourceText, line: number): { start: number; end: number } {
  const start = src.lineStarts[line - 1] ?? src.text.length;
  let end = src.lineStarts[line] ?? src.text.length;
  if (end > start && src.text.charCodeAt(end - 1) === 10) end--;
  if (end > start && src.text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
