// Shared text plumbing of the data-file loaders (metric samples, workload traces, preemption
// traces): CSV records with the line each ends on, and one index of a text's lines (offset →
// line, line → span). Problems are R502 diagnostics. Papa Parse reads the CSV (the same code in
// Node and the browser); it was chosen over csv-parse for speed: a 100,000-line workload loads
// about 3× faster (bench/traces.ts, "workload CSV" row).

import Papa from "papaparse";
import { report, type Diagnostic, type Span } from "../base/diagnostics.ts";

/** One CSV record (cells trimmed) and the 1-based line it ends on. */
export interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses CSV with the loaders' common options: lines whose first non-blank character is `#` are
 * comments, blank lines are skipped, cells are trimmed, ragged rows are allowed. A malformed file
 * (an unterminated or misplaced quote) gives one diagnostic at the line of the problem and
 * `undefined`.
 */
export function readCsvRecords(text: string, lines: LineIndex, diagnostics: Diagnostic[]): CsvRecord[] | undefined {
  const { line, at } = lines;
  const records: CsvRecord[] = [];
  let problem: { message: string; index: number } | undefined;
  Papa.parse<string[]>(text, {
    delimiter: ",",
    comments: "#",
    skipEmptyLines: "greedy",
    step(row, parser) {
      const err = row.errors[0];
      if (err) {
        problem = { message: err.message, index: err.index ?? row.meta.cursor };
        parser.abort();
        return;
      }
      const cells = row.data;
      for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
      if (cells[0]!.startsWith("#")) return; // an indented comment line
      // The cursor is just past the record's line break: the record ends on the line before it.
      records.push({ record: cells, info: { lines: line(Math.max(0, row.meta.cursor - 1)) } });
    },
  });
  if (problem) {
    diagnostics.push(report("BadDataFile", at(line(problem.index)), `CSV: ${problem.message}`));
    return undefined;
  }
  return records;
}

/** The lines of a text (LF line ends), indexed once: offsets to line numbers and back. */
export interface LineIndex {
  /** the 1-based line of an offset (binary search over the line starts) */
  readonly line: (offset: number) => number;
  /** an empty span at the start of a 1-based line (numbers past the end clamp to the last line), so the renderer prints `file:line:col` */
  readonly at: (line: number) => Span;
}

/** Indexes the line starts of `text`: one pass, whichever of the two mappings a loader uses. */
export function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    line(offset) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    },
    at(line) {
      const start = starts[Math.max(0, Math.min(line, starts.length) - 1)] ?? 0;
      return { start, end: start };
    },
  };
}

/** A function from offsets in `text` to 1-based line numbers ({@link LineIndex.line}). */
export function lineOf(text: string): (offset: number) => number {
  return lineIndex(text).line;
}
