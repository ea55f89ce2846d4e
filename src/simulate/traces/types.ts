// Shapes shared by the streaming trace loaders (Azure Batch task exports, SWF): a loaded trace is
// a Workload plus what was left out and why, and the first problems with their place in the file.

import type { TaskSpec } from "../../resizer/pool.ts";

/** Trace formats `loadTrace` reads. */
export type TraceFormat = "batch-json" | "swf" | "csv" | "jsonl";

/** A task of a real trace: the simulator's TaskSpec plus what the source recorded about it. */
export interface TraceTask extends TaskSpec {
  /** Batch `executionInfo.retryCount` (retries after a failed exit code); absent when unknown */
  readonly retries?: number;
}

/** One problem in a trace file: where (line, and a JSON path for JSON) and what. */
export interface TraceProblem {
  readonly line: number;
  readonly path?: string;
  readonly message: string;
}

/** Records that are valid but are not tasks the dry-run can replay, counted by reason. */
export interface SkippedCount {
  readonly reason: string;
  readonly count: number;
  /** the first few ids, to find them in the source */
  readonly examples: readonly string[];
}

/** The result of loading one or several trace files. */
export interface TraceLoadResult {
  readonly workload: { readonly tasks: readonly TraceTask[]; readonly relative: boolean };
  /** the first problems (at most MAX_PROBLEMS); `problemCount` counts all */
  readonly problems: readonly TraceProblem[];
  readonly problemCount: number;
  readonly skipped: readonly SkippedCount[];
  /** records read (data lines or task objects), replayable or not */
  readonly records: number;
  /** facts from the file's header (SWF `; Key: value` comments) */
  readonly header: Readonly<Record<string, string>>;
  /** SWF jobs wider than a node, split into per-node tasks */
  readonly split?: { readonly jobs: number; readonly tasks: number };
}

/** Problems kept per file (the count goes on). */
export const MAX_PROBLEMS = 20;

/** A source of text: whole, or chunks as a stream or file reader yields them. */
export type TextSource = string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Collects skipped records by reason, keeping a few example ids. */
export class SkipCounter {
  private readonly byReason = new Map<string, { count: number; examples: string[] }>();

  add(reason: string, id: string): void {
    let entry = this.byReason.get(reason);
    if (!entry) this.byReason.set(reason, (entry = { count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(id);
  }

  list(): SkippedCount[] {
    return [...this.byReason].map(([reason, e]) => ({ reason, count: e.count, examples: e.examples }));
  }
}

/** Keeps the first MAX_PROBLEMS problems and counts the rest. */
export class ProblemList {
  readonly first: TraceProblem[] = [];
  count = 0;

  add(problem: TraceProblem): void {
    this.count++;
    if (this.first.length < MAX_PROBLEMS) this.first.push(problem);
  }
}
