// Public API: re-exports only. The CLI and the playground import from here and nowhere else.

export { SourceText, type Position } from "./lang/source.ts";
export {
  Messages,
  formatDiagnostic,
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type Span,
} from "./lang/diagnostics.ts";
export type * from "./lang/ast.ts";
export type { Type, ParamType } from "./lang/types.ts";
