// `autoscale-formula/eval`: the evaluator's parts: prepared contexts, the reference interpreter,
// runtime values and their formatting, time parsing, context files, explanations.
export { compile, evaluateAutoScale, prepareContext, DEFAULT_SAMPLE_PERCENT, type EvalContext, type EvalOptions, type ExplainedRun, type PreparedContext, type Program, type SampleRecord } from "../eval/evaluate.ts";
export { RUN_ERRORS, type AutoScaleRun, type EvalOutcome, type NameValue, type PoolState, type VariableResult } from "../eval/results.ts";
export type { CompiledFormula } from "../eval/compile/compile.ts";
export { interpret, type RunInput } from "../eval/interpret.ts";
export { Dealloc, EvalError, Interval, Timestamp, createRandom, type DeallocName, type Value } from "../eval/runtime.ts";
export { formatDouble, formatInterval, formatTimestamp, formatValue } from "../eval/values-format.ts";
export { parseTime } from "../base/timeparse.ts";
export { parseEvalContextJson, type ContextFile } from "../eval/context.ts";
export type { Explanation, Finding, StatementTrace, QueryTrace, BranchTrace, ChoiceTrace, RunEnd } from "../eval/explain.ts";
