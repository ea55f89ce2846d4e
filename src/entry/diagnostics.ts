// `autoscale-formula/diagnostics`: the diagnostic catalogue (Messages: every code with its
// severity and message), building a diagnostic from it, sorting, quoting and rendering.
export { Messages, formatDiagnostic, hasErrors, quoteSpan, report, sortDiagnostics, type Diagnostic, type DiagnosticCode, type FormatOptions, type MessageId, type Severity, type Span } from "../base/diagnostics.ts";
