// Shared text plumbing of the two file loaders (metric samples, workload traces): CSV records
// with the line each ends on, and line-number → span mapping. Problems are R502 diagnostics.
// csv-parse's browser build is used (it bundles its Buffer polyfill) so the playground can load it.

import { parse as parseCsv } from "csv-parse/browser/esm/sync";
import { report, type Diagnostic, type Span } from "../base/diagnostics.ts";

/** One CSV record (cells trimmed) and the 1-based line it ends on. */
export interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses CSV with the loaders' common options: `#` comments, blank lines skipped, cells trimmed,
 * ragged rows allowed. A malformed file gives one diagnostic at the line the parser stopped on
 * and `undefined`.
 */
export function readCsvRecords(text: string, at: (line: number) => Span, diagnostics: Diagnostic[]): CsvRecord[] | undefined {
  try {
    return parseCsv(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: true, comment: "#" }) as unknown as CsvRecord[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    diagnostics.push(report("BadDataFile", at(err.lines ?? 1), `CSV: ${err.message ?? String(e)}`));
    return undefined;
  }
}

/**
 * Maps a 1-based line number to an empty span at its start (lines end at LF; numbers past the
 * end clamp to the last line), so the renderer prints `file:line:col`.
 */
export function lineSpans(text: string): (line: number) => Span {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (line) => {
    const start = starts[Math.max(0, Math.min(line, starts.length) - 1)] ?? 0;
    return { start, end: start };
  };
}
