// Public API, the root entry point `autoscale-formula`: parse, check, format, evaluate and dry-run
// a formula, and the diagnostics every stage returns. Re-exports only. Everything else is under a
// subpath (package.json "exports"): autoscale-formula/syntax, /tables, /diagnostics, /eval,
// /metrics, /simulate, /testing (entry files in src/entry/). The CLI and the playground import from these entry files
// and nowhere else (test/e2e/playground-imports.test.ts).

export { SourceText } from "./base/source.ts";
export { formatDiagnostic, hasErrors, type Diagnostic, type DiagnosticCode, type FormatOptions, type Severity, type Span } from "./base/diagnostics.ts";
export type { Formula } from "./syntax/ast.ts";
export { parse, type ParseResult } from "./syntax/parse.ts";
export { print, print as format, formatFormula } from "./syntax/print.ts";
export { check, checkText, type CheckOptions, type CheckTextResult, type CheckedFormula } from "./check/check.ts";
export { compile, evaluateAutoScale, type EvalContext, type EvalOptions, type ExplainedRun, type Program } from "./eval/evaluate.ts";
export type { AutoScaleRun, EvalOutcome, PoolState } from "./eval/results.ts";
export { simulate, replay, type SimulateOptions, type ReplayFormulaOptions } from "./simulate/simulate.ts";
export type { ClosedLoopResult } from "./simulate/closed-loop.ts";
export type { ReplayResult } from "./simulate/open-loop.ts";
export type { SimulationSummary, TimelineEntry } from "./simulate/types.ts";
export { MetricsStore } from "./metrics/store.ts";
