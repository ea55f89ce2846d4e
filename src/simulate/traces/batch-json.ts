// Azure Batch task exports as a workload: the JSON of the List Tasks REST call (an object whose
// `value` is the array of tasks, plus `odata.*` fields) or of `az batch task list --output json`
// (the array itself). Streamed: a scanner finds each task object in the chunks and parses it
// alone, so only the tasks are held, never the text. Never throws.
//
// A task: submit = creationTime, duration = executionInfo.endTime - executionInfo.startTime,
// slots = requiredSlots (default 1), retries = executionInfo.retryCount, id = `<job>/<task>` with
// the job from the task's url (…/jobs/<job>/tasks/<task>) or the caller's default (a CLI option
// or the file name). Tasks that did not run to completion are counted by reason, not replayed.

import { parseSampleTime } from "../../metrics/load.ts";
import { textChunks } from "./lines.ts";
import { ProblemList, SkipCounter, type TextSource, type TraceLoadResult, type TraceTask } from "./types.ts";

/** Options of {@link loadBatchTasks}. */
export interface BatchJsonOptions {
  /** job id for tasks whose url names none */
  readonly jobId?: string;
  readonly onBytes?: (n: number) => void;
}

/** Reads one Batch task export (one job, or tasks of several jobs with their urls). */
export async function loadBatchTasks(source: TextSource, options: BatchJsonOptions = {}): Promise<TraceLoadResult> {
  options = typeof options === "object" && options !== null ? options : {};
  const tasks: TraceTask[] = [];
  const problems = new ProblemList();
  const skipped = new SkipCounter();
  const seen = new Set<string>();
  let records = 0;
  const onTask = (value: unknown, path: string, line: number): void => {
    records++;
    const t = toTask(value, options.jobId);
    if (t.problem !== undefined) problems.add({ line, path, message: t.problem });
    else if (t.skip !== undefined) skipped.add(t.skip, t.id);
    else if (seen.has(t.task.id!)) problems.add({ line, path, message: `task '${t.task.id}' appears twice` });
    else {
      seen.add(t.task.id!);
      tasks.push(t.task);
    }
  };
  const scanner = new TaskScanner(onTask, (line, path, message) => problems.add({ line, path, message }));
  try {
    for await (const chunk of textChunks(source, options.onBytes)) scanner.push(chunk);
    scanner.end();
  } catch (e) {
    problems.add({ line: 0, message: `the export could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { workload: { tasks, relative: false }, problems: problems.first, problemCount: problems.count, skipped: skipped.list(), records, header: {} };
}

type Converted = { task: TraceTask; problem?: undefined; skip?: undefined; id: string } | { problem: string; skip?: undefined; id: string } | { skip: string; problem?: undefined; id: string };

function toTask(value: unknown, defaultJob: string | undefined): Converted {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "expected a task object such as {\"id\": …, \"creationTime\": …}", id: "?" };
  const t = value as Record<string, unknown>;
  if (typeof t.id !== "string" || t.id === "") return { problem: "the task has no 'id'", id: "?" };
  const fromUrl = typeof t.url === "string" ? /\/jobs\/([^/]+)\/tasks\//.exec(t.url)?.[1] : undefined;
  const job = fromUrl !== undefined ? decodeURIComponent(fromUrl) : defaultJob;
  const id = job === undefined ? t.id : `${job}/${t.id}`;
  const submit = typeof t.creationTime === "string" ? parseSampleTime(t.creationTime) : undefined;
  if (submit === undefined) return { problem: `task '${id}': creationTime ${show(t.creationTime)} is not an ISO 8601 date-time`, id };
  const info = t.executionInfo;
  const state = typeof t.state === "string" ? t.state : undefined;
  if (info !== undefined && (typeof info !== "object" || info === null || Array.isArray(info))) return { problem: `task '${id}': executionInfo is not an object`, id };
  const ei = (info ?? {}) as Record<string, unknown>;
  if (state === "active" || state === "preparing") return { skip: `never ran (state ${state})`, id };
  if (state === "running") return { skip: "still running", id };
  if (ei.startTime === undefined) {
    const category = ei.failureInfo && typeof ei.failureInfo === "object" ? (ei.failureInfo as Record<string, unknown>).code : undefined;
    return { skip: `completed without running${typeof category === "string" ? ` (${category})` : ""}`, id };
  }
  if (ei.endTime === undefined) return { skip: state === undefined ? "no endTime (not finished)" : `no endTime (state ${state})`, id };
  const start = typeof ei.startTime === "string" ? parseSampleTime(ei.startTime) : undefined;
  const end = typeof ei.endTime === "string" ? parseSampleTime(ei.endTime) : undefined;
  if (start === undefined) return { problem: `task '${id}': executionInfo.startTime ${show(ei.startTime)} is not an ISO 8601 date-time`, id };
  if (end === undefined) return { problem: `task '${id}': executionInfo.endTime ${show(ei.endTime)} is not an ISO 8601 date-time`, id };
  if (end < start) return { problem: `task '${id}': executionInfo.endTime is before its startTime`, id };
  const slots = t.requiredSlots === undefined || t.requiredSlots === null ? 1 : t.requiredSlots;
  if (!Number.isInteger(slots) || (slots as number) < 1) return { problem: `task '${id}': requiredSlots ${show(t.requiredSlots)} is not a positive integer`, id };
  const retries = Number.isInteger(ei.retryCount) ? (ei.retryCount as number) : undefined;
  const task: TraceTask = { id, submit, duration: end - start, slots: slots as number, ...(retries === undefined ? {} : { retries }) };
  return { task, id };
}

const show = (x: unknown): string => (x === undefined ? "(missing)" : JSON.stringify(x));

/**
 * Finds the task objects of an export in a stream of chunks: the elements of the top-level array,
 * or of the array under the top-level key `value`. Tracks strings and nesting only; each element's
 * text is collected and parsed alone (JSON.parse reports what is wrong inside it).
 */
class TaskScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  /** nesting depth at which task elements start: 1 (bare array) or 2 (`value` array); 0 = not yet known */
  private taskDepth = 0;
  private top: "[" | "{" | undefined;
  private key = "";
  private collectingKey = false;
  private afterTop = false;
  private element: string[] | undefined;
  private elementLine = 0;
  private index = 0;
  private readonly onTask: (value: unknown, path: string, line: number) => void;
  private readonly onProblem: (line: number, path: string, message: string) => void;
  private stopped = false;

  constructor(onTask: (value: unknown, path: string, line: number) => void, onProblem: (line: number, path: string, message: string) => void) {
    this.onTask = onTask;
    this.onProblem = onProblem;
  }

  private path(): string {
    return this.taskDepth === 2 ? `$.value[${this.index}]` : `$[${this.index}]`;
  }

  push(chunk: string): void {
    if (this.stopped) return;
    let from = this.element ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          this.collectingKey = false;
        } else if (this.collectingKey && this.key.length < 64) this.key += chunk[i];
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 58) continue;
      if (this.afterTop) {
        this.onProblem(this.line, "$", "unexpected text after the end of the JSON value");
        this.stopped = true;
        return;
      }
      if (this.depth === 0) {
        if (c !== 91 && c !== 123) {
          this.onProblem(this.line, "$", "expected a JSON array of tasks, or an object whose 'value' is one (List Tasks)");
          this.stopped = true;
          return;
        }
        this.top = c === 91 ? "[" : "{";
        if (c === 91) this.taskDepth = 1;
      }
      const startsElement = this.taskDepth > 0 && this.depth === this.taskDepth && this.element === undefined && c !== 93 && c !== 125;
      if (startsElement) {
        this.element = [];
        this.elementLine = this.line;
        from = i;
        if (c !== 123 && c !== 91) {
          // A scalar element: read up to the next separator.
          let j = i;
          while (j < chunk.length && !/[,\]\s]/.test(chunk[j]!)) j++;
          j = Math.max(j, i + 1);
          this.onProblem(this.line, this.path(), `expected a task object, found ${chunk.slice(i, j)}`);
          this.element = undefined;
          this.index++;
          i = j - 1;
          continue;
        }
      }
      if (c === 34) {
        this.inString = true;
        if (this.top === "{" && this.depth === 1) {
          this.collectingKey = true;
          this.key = "";
        }
      } else if (c === 91 || c === 123) {
        if (this.top === "{" && this.depth === 1 && c === 91 && this.key === "value" && this.taskDepth === 0) this.taskDepth = 2;
        this.depth++;
      } else if (c === 93 || c === 125) {
        this.depth--;
        if (this.depth < 0) {
          this.onProblem(this.line, "$", "unbalanced closing bracket");
          this.stopped = true;
          return;
        }
        if (this.element !== undefined && this.depth === this.taskDepth) {
          this.element.push(chunk.slice(from, i + 1));
          this.finishElement();
          from = -1;
        }
        if (this.depth === 0) this.afterTop = true;
      }
    }
    if (this.element !== undefined && from >= 0) this.element.push(chunk.slice(from));
  }

  private finishElement(): void {
    const text = this.element!.join("");
    this.element = undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.onProblem(this.elementLine, this.path(), `invalid JSON in this task (${e instanceof Error ? e.message : String(e)})`);
      this.index++;
      return;
    }
    this.onTask(value, this.path(), this.elementLine);
    this.index++;
  }

  end(): void {
    if (this.stopped) return;
    if (this.top === undefined) this.onProblem(this.line, "$", "the file is empty: expected a JSON array of tasks");
    else if (this.depth !== 0 || this.inString) this.onProblem(this.line, this.element ? this.path() : "$", "unexpected end of the file inside the JSON value (truncated?)");
    else if (this.taskDepth === 0) this.onProblem(1, "$", "the object has no 'value' array of tasks (expected the List Tasks response or `az batch task list --output json`)");
  }
}
