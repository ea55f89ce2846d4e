// Markers: the single adapter from the project's Diagnostic values to Monaco marker data.
// Line/column come from SourceText.positionAt (1-based, UTF-16 columns — the same units Monaco uses).
import { SourceText, type Diagnostic, type Severity } from "../src/index.ts";
import { monaco } from "./monaco.ts";

/** Owner id under which the playground's markers are stored on a model. */
export const MARKER_OWNER = "autoscale";

const SEVERITY: Record<Severity, monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/**
 * Converts diagnostics to Monaco markers. An empty span is widened to one character when a
 * character follows it, so "missing ';'" style diagnostics still draw a visible squiggle.
 */
export function toMarkers(
  diagnostics: readonly Diagnostic[],
  source: SourceText,
  resource?: monaco.Uri,
): monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => {
    const end = d.span.end > d.span.start ? d.span.end : Math.min(d.span.start + 1, source.text.length);
    const from = source.positionAt(d.span.start);
    const to = source.positionAt(Math.max(end, d.span.start));
    const marker: monaco.editor.IMarkerData = {
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code,
      source: "autoscale",
      startLineNumber: from.line,
      startColumn: from.column,
      endLineNumber: to.line,
      endColumn: to.column,
    };
    if (resource !== undefined && d.related !== undefined && d.related.length > 0) {
      marker.relatedInformation = d.related.map((r) => {
        const a = source.positionAt(r.span.start);
        const b = source.positionAt(r.span.end);
        return { resource, message: r.message, startLineNumber: a.line, startColumn: a.column, endLineNumber: b.line, endColumn: b.column };
      });
    }
    return marker;
  });
}
