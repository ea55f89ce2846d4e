// `autoscale-formula/simulate`: the dry-run's building blocks: closed and open loop, the formula
// as a decision function, workload loading, durations, CSV exports, the pool model's types.
export { simulate, replay, DEFAULT_RELATIVE_START, type SimulateOptions, type ReplayFormulaOptions } from "../simulate/simulate.ts";
export { runClosedLoop, type ClosedLoopOptions, type ClosedLoopResult } from "../simulate/closed-loop.ts";
export { runOpenLoop, type ReplayOptions, type ReplayResult, type ReplayEntry } from "../simulate/open-loop.ts";
export { formulaDecide, explainingDecide } from "../simulate/formula-decide.ts";
export { reasonFor } from "../simulate/why.ts";
export { loadWorkload, validateTasks, type Workload, type WorkloadLoadResult } from "../simulate/load.ts";
export { parseDuration, formatDuration, checkInterval, DEFAULT_INTERVAL_MS } from "../simulate/duration.ts";
export { replayToCsv, storeToCsv, timelineToCsv, REPLAY_COLUMNS, TIMELINE_COLUMNS } from "../simulate/export.ts";
export type { AutoScaleRunLike, Decide, DecideContext, Decision, EvaluatedTargets, NodeCounts, PoolSnapshot, SimulationSummary, TimelineEntry, WaitStats } from "../simulate/types.ts";
export { DEFAULT_POOL_CONFIG, type PoolConfig, type PreemptionConfig, type PreemptionEvent, type TaskSpec, type NodeKind, type NodeState, type TaskState } from "../resizer/pool.ts";
export { normalizeTarget } from "../resizer/resize.ts";
export { loadTrace, detectTraceFormat, mergeTraces, TRACE_FORMATS, type LoadTraceOptions } from "../simulate/traces/load-trace.ts";
export { loadSwf, SWF_FIELDS, type SwfOptions } from "../simulate/traces/swf.ts";
export { loadBatchTasks, type BatchJsonOptions } from "../simulate/traces/batch-json.ts";
export { loadPreemptions, resolvePreemptionEvents, preemptionsOutside, type PreemptionTrace, type PreemptionLoadResult, type PreemptionOption } from "../simulate/traces/preemptions.ts";
export type { TraceFormat, TraceTask, TraceProblem, TraceLoadResult, SkippedCount, TextSource } from "../simulate/traces/types.ts";
export { parsePrices, costOf, type Prices, type CostFigures } from "../simulate/measure/cost.ts";
export { elasticityOf, elasticityOfRun, supplyDemandOf, countResizes, type ElasticityMetrics, type SupplyDemand } from "../simulate/measure/elasticity.ts";
export { runCandidate, runCandidateUnless, bestPerColumn, COMPARE_COLUMNS, type CandidateOptions, type CandidateResult, type CandidateSeries, type CompareColumn } from "../simulate/sweep/compare.ts";
export { parseSetting, expandGrid, constantSetter, parseShard, shardIndices, pointOf, tuneReport, mergeTuneReports, MAX_COMBINATIONS, type Setting, type TunePoint, type TuneReport } from "../simulate/sweep/tune.ts";
