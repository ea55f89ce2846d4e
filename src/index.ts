// Public API: re-exports only. The CLI and the playground import from here and nowhere else.

export { SourceText, type Position } from "./base/source.ts";
export {
  Messages,
  formatDiagnostic,
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type Span,
} from "./base/diagnostics.ts";
export type * from "./syntax/ast.ts";
export { forEachChild } from "./syntax/ast.ts";
export type { Type, ParamType } from "./check/types.ts";
export { typeName } from "./check/types.ts";
export { parse, type ParseResult } from "./syntax/parse.ts";
export { print, print as format, formatFormula, printExpr, printTree } from "./syntax/print.ts";
export { lex, MAX_FORMULA_LENGTH, type LexResult } from "./syntax/lexer.ts";
export { EDITOR_TOKENS } from "./syntax/tokens.ts";
export {
  BUILTINS,
  CONDITIONAL_DOC,
  FUNCTION_NAMES,
  MEMBER_NAMES,
  METHOD_NAMES,
  OVERLOAD_IDS,
  builtinHover,
  functionOverloads,
  methodOverloads,
  operatorOverloads,
  overloadById,
  signature,
  signatures,
  timestampMember,
  type BuiltinHover,
  type BuiltinKind,
  type Example,
  type OverloadId,
  type OverloadSpec,
  type Param,
} from "./check/builtins.ts";
export {
  DEALLOC_OPTIONS,
  SERVICE_VARIABLES,
  TIME_INTERVALS,
  canonicalServiceVariable,
  lookupConstant,
  lookupServiceVariable,
  symbolHover,
  type DeallocOption,
  type SymbolHover,
  type ServiceVariable,
  type TimeIntervalConstant,
} from "./check/symbols.ts";
export {
  check,
  checkText,
  type CheckOptions,
  type CheckTextResult,
  type CheckedFormula,
  type Resolution,
  type UserVariable,
} from "./check/check.ts";
// Evaluator: compile once, evaluate against pools and metric histories (spec §6, §11.3–§11.5).
export {
  compile,
  evaluateAutoScale,
  prepareContext,
  DEFAULT_SAMPLE_PERCENT,
  type EvalContext,
  type EvalOptions,
  type PreparedContext,
  type Program,
  type SampleRecord,
} from "./eval/evaluate.ts";
export {
  RUN_ERRORS,
  type AutoScaleRun,
  type EvalOutcome,
  type NameValue,
  type PoolState,
  type VariableResult,
} from "./eval/results.ts";
export type { CompiledFormula } from "./eval/compile.ts";
export { interpret, type RunInput } from "./eval/interpret.ts";
export { Dealloc, EvalError, Interval, Timestamp, createRandom, type DeallocName, type Value } from "./eval/runtime.ts";
export { formatDouble, formatInterval, formatTimestamp, formatValue } from "./eval/values-format.ts";
export { parseTime } from "./base/timeparse.ts";
export { parseEvalContextJson, type ContextFile } from "./eval/context.ts";
// Metrics: sample histories and window queries (spec §11.4).
export { TimeSeries, SAMPLE_PERIOD_MS, type Sample } from "./metrics/series.ts";
export { MetricsStore, canonicalMetricName, DEFAULT_AVAILABILITY_DELAY_MS, type MetricsStoreOptions } from "./metrics/store.ts";
export { selectWindow, lastSamples, sampleCount, historyBegin, visibleRange, type SampleView, type WindowSelection } from "./metrics/window.ts";
export { loadSamplesCsv, samplesFromRecord, parseSampleTime, type LoadResult } from "./metrics/load.ts";
// Simulator: closed-loop dry-run on a workload, open-loop replay over recorded metrics.
export {
  simulate,
  replay,
  DEFAULT_RELATIVE_START,
  type SimulateOptions,
  type ReplayFormulaOptions,
} from "./simulate/simulate.ts";
export { runClosedLoop, type ClosedLoopOptions, type ClosedLoopResult } from "./simulate/closed-loop.ts";
export { runOpenLoop, type ReplayOptions, type ReplayResult, type ReplayEntry } from "./simulate/open-loop.ts";
export { formulaDecide } from "./simulate/formula-decide.ts";
export { loadWorkload, validateTasks, type Workload, type WorkloadLoadResult } from "./simulate/load.ts";
export { parseDuration, formatDuration, checkInterval, DEFAULT_INTERVAL_MS } from "./simulate/duration.ts";
export { replayToCsv, storeToCsv, timelineToCsv, REPLAY_COLUMNS, TIMELINE_COLUMNS } from "./simulate/export.ts";
export type {
  AutoScaleRunLike,
  Decide,
  DecideContext,
  Decision,
  EvaluatedTargets,
  NodeCounts,
  PoolSnapshot,
  SimulationSummary,
  TimelineEntry,
  WaitStats,
} from "./simulate/types.ts";
export { DEFAULT_POOL_CONFIG, type PoolConfig, type PreemptionConfig, type TaskSpec, type NodeKind, type NodeState, type TaskState } from "./resizer/pool.ts";
export { normalizeTarget } from "./resizer/resize.ts";
