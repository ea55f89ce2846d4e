// Formula test files (`NAME.test.yaml`): read with the `yaml` library, validated field by field.
// Every problem carries the line and column of the YAML node it is about. Never throws.
//
//   formula: e06-task-based.formula          # path relative to the test file
//   every: 30s                               # optional: sample period of every series (default 30 s)
//   tests:
//     - name: busy queue scales out
//       now: 2024-05-01T12:00:00Z
//       pool: { currentDedicatedNodes: 4 }   # omitted fields 0, taskSlotsPerNode 1
//       series: { $PendingTasks: "12x29" }   # compact notation (series.ts)
//       every: 1m                            # optional, overrides the file's
//       seed: 1                              # optional: rand() seed
//       options: { defaultSamplePercent: 70, availabilityDelayMs: 60000 }   # optional
//       expect: { $TargetDedicatedNodes: 12, results: "…", error: InsufficientSampleData, message: "…" }

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { parseTime } from "../base/timeparse.ts";
import type { EvalOptions } from "../eval/evaluate.ts";
import type { PoolState } from "../eval/results.ts";
import { parseDuration } from "../base/duration.ts";
import { SAMPLE_PERIOD_MS } from "../metrics/series.ts";
import { parseSeries, type SeriesValues } from "./series.ts";

/** Largest test file read (characters); test files are small by nature. */
export const MAX_TEST_FILE_CHARS = 1 << 20;
/** Most tests one file may hold. */
export const MAX_TESTS_PER_FILE = 10_000;

export interface TestFileProblem {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
  readonly message: string;
}

/** What a test expects; every field optional, each checked when present. */
export interface Expectation {
  /** `[name, value]`: targets, `$NodeDeallocationOption`, user variables, as the results string prints them */
  readonly values: readonly (readonly [string, string | number | boolean])[];
  /** the whole results string */
  readonly results?: string;
  /** the AutoScaleRun error code, e.g. `InsufficientSampleData`; `none` asserts success */
  readonly error?: string;
  /** a substring of the error's message or of one of its values */
  readonly message?: string;
}

export interface FormulaTest {
  readonly name: string;
  /** 1-based line of the test's entry */
  readonly line: number;
  readonly nowMs: number;
  readonly pool: PoolState;
  readonly series: Readonly<Record<string, SeriesValues>>;
  readonly everyMs: number;
  readonly seed?: number;
  readonly options?: EvalOptions;
  readonly expect: Expectation;
}

export interface FormulaTestFile {
  /** the `formula` field as written (relative to the test file) */
  readonly formula: string;
  readonly tests: readonly FormulaTest[];
}

export type TestFileParse =
  | { readonly file: FormulaTestFile; readonly problems: readonly [] }
  | { readonly file: undefined; readonly problems: readonly TestFileProblem[] };

const POOL_FIELDS = ["targetDedicatedNodes", "targetLowPriorityNodes", "currentDedicatedNodes", "currentLowPriorityNodes", "taskSlotsPerNode"] as const;
const OPTION_FIELDS = ["defaultSamplePercent", "availabilityDelayMs", "retentionMs"] as const;
const TEST_FIELDS = new Set(["name", "now", "pool", "series", "every", "seed", "options", "expect"]);
const FILE_FIELDS = new Set(["formula", "every", "tests"]);
const MAX_PROBLEMS = 20;

/** Parses and validates a test file's text. */
export function parseTestFile(text: string): TestFileParse {
  if (typeof text !== "string") return fail([{ line: 1, column: 1, message: "a test file is text" }]);
  if (text.length > MAX_TEST_FILE_CHARS) {
    return fail([{ line: 1, column: 1, message: `the file has ${text.length} characters; test files are limited to ${MAX_TEST_FILE_CHARS}` }]);
  }
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return fail([{ line: 1, column: 1, message: `not YAML: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const v = new Validator(lines);
  for (const e of doc.errors.slice(0, MAX_PROBLEMS)) v.at(e.pos[0], e.message.split("\n")[0]!);
  if (v.problems.length > 0) return fail(v.problems);
  const file = v.file(doc.contents);
  return file && v.problems.length === 0 ? { file, problems: [] } : fail(v.problems.length > 0 ? v.problems : [{ line: 1, column: 1, message: "invalid test file" }]);
}

function fail(problems: readonly TestFileProblem[]): TestFileParse {
  return { file: undefined, problems: problems.slice(0, MAX_PROBLEMS) };
}

type YNode = Node | null | undefined;

class Validator {
  readonly problems: TestFileProblem[] = [];
  readonly #lines: LineCounter;

  constructor(lines: LineCounter) {
    this.#lines = lines;
  }

  at(offset: number, message: string): undefined {
    if (this.problems.length < MAX_PROBLEMS) {
      const { line, col } = this.#lines.linePos(offset);
      this.problems.push({ line, column: col, message });
    }
    return undefined;
  }

  on(node: YNode, message: string): undefined {
    return this.at(node?.range?.[0] ?? 0, message);
  }

  file(root: YNode): FormulaTestFile | undefined {
    const map = this.map(root, "the file must be a mapping with 'formula' and 'tests'");
    if (!map) return undefined;
    this.unknownKeys(root, FILE_FIELDS, "file");
    const formula = this.string(map.get("formula"), root, "formula");
    const everyMs = this.every(map.get("every")) ?? SAMPLE_PERIOD_MS;
    const testsNode = map.get("tests");
    if (!isSeq(testsNode)) return this.on(testsNode ?? root, "'tests' must be a list of tests");
    if (testsNode.items.length > MAX_TESTS_PER_FILE) return this.on(testsNode, `more than ${MAX_TESTS_PER_FILE} tests in one file`);
    const tests: FormulaTest[] = [];
    for (const item of testsNode.items) {
      const t = this.test(item as YNode, everyMs);
      if (t) tests.push(t);
    }
    if (formula === undefined) return undefined;
    return { formula, tests };
  }

  test(node: YNode, fileEveryMs: number): FormulaTest | undefined {
    const map = this.map(node, "a test must be a mapping with 'name', 'now' and 'expect'");
    if (!map) return undefined;
    this.unknownKeys(node, TEST_FIELDS, "test");
    const line = this.#lines.linePos(node!.range?.[0] ?? 0).line;
    const name = this.string(map.get("name"), node, "name");
    const nowText = this.string(map.get("now"), node, "now");
    const nowMs = nowText === undefined ? undefined : parseTime(nowText);
    if (nowText !== undefined && nowMs === undefined) this.on(map.get("now"), `now: '${nowText}' is not an ISO 8601 / RFC 1123 time`);
    const pool = this.pool(map.get("pool"));
    const everyMs = this.every(map.get("every")) ?? fileEveryMs;
    const series = this.series(map.get("series"));
    const seedNode = map.get("seed");
    const seed = seedNode === undefined ? undefined : this.number(seedNode, "seed");
    const options = this.options(map.get("options"));
    const expect = this.expect(map.get("expect"), node);
    if (name === undefined || nowMs === undefined || !pool || !series || !expect) return undefined;
    return { name, line, nowMs, pool, series, everyMs, ...(seed !== undefined ? { seed } : {}), ...(options ? { options } : {}), expect };
  }

  pool(node: YNode): PoolState | undefined {
    const out: Record<string, number> = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
    if (node === undefined || node === null) return out as unknown as PoolState;
    const map = this.map(node, `'pool' must be a mapping of ${POOL_FIELDS.join(", ")}`);
    if (!map) return undefined;
    this.unknownKeys(node, new Set(POOL_FIELDS), "pool");
    let ok = true;
    for (const field of POOL_FIELDS) {
      const v = map.get(field);
      if (v === undefined) continue;
      const n = this.number(v, `pool.${field}`);
      if (n === undefined) ok = false;
      else out[field] = n;
    }
    return ok ? (out as unknown as PoolState) : undefined;
  }

  series(node: YNode): Record<string, SeriesValues> | undefined {
    const out: Record<string, SeriesValues> = {};
    if (node === undefined || node === null) return out;
    const map = this.map(node, "'series' must be a mapping of metric names to series, e.g. $PendingTasks: \"0+5x10\"");
    if (!map) return undefined;
    let ok = true;
    for (const pair of (node as { items: { key: YNode; value: YNode }[] }).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (key === undefined || (typeof value !== "string" && typeof value !== "number")) {
        ok = false;
        this.on(pair.value ?? pair.key, `series '${key ?? "?"}' must be a string such as "0+5x10" or a number`);
        continue;
      }
      const parsed = parseSeries(value);
      if ("error" in parsed) {
        ok = false;
        const quoted = pair.value!.range![0] + (isScalar(pair.value) && pair.value.type !== "PLAIN" ? 1 : 0);
        this.at(typeof value === "string" ? quoted + parsed.offset : quoted, `series '${key}': ${parsed.error}`);
        continue;
      }
      out[key] = parsed.values;
    }
    return ok ? out : undefined;
  }

  options(node: YNode): EvalOptions | undefined {
    if (node === undefined || node === null) return undefined;
    const map = this.map(node, `'options' must be a mapping of ${OPTION_FIELDS.join(", ")}`);
    if (!map) return undefined;
    this.unknownKeys(node, new Set(OPTION_FIELDS), "options");
    const out: Record<string, number> = {};
    for (const field of OPTION_FIELDS) {
      const v = map.get(field);
      if (v === undefined) continue;
      const n = this.number(v, `options.${field}`);
      if (n !== undefined) out[field] = n;
    }
    return out;
  }

  expect(node: YNode, parent: YNode): Expectation | undefined {
    if (node === undefined) return this.on(parent, "the test has no 'expect'");
    const map = this.map(node, "'expect' must be a mapping, e.g. $TargetDedicatedNodes: 4");
    if (!map) return undefined;
    const values: [string, string | number | boolean][] = [];
    let results: string | undefined;
    let error: string | undefined;
    let message: string | undefined;
    for (const pair of (node as { items: { key: YNode; value: YNode }[] }).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (key === undefined || !(typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
        this.on(pair.value ?? pair.key, `expect '${key ?? "?"}' must be a single value`);
        continue;
      }
      if (key === "results") results = String(value);
      else if (key === "error") error = String(value);
      else if (key === "message") message = String(value);
      else values.push([key, value]);
    }
    if (values.length === 0 && results === undefined && error === undefined && message === undefined) return this.on(node, "'expect' names nothing to check");
    return { values, ...(results !== undefined ? { results } : {}), ...(error !== undefined ? { error } : {}), ...(message !== undefined ? { message } : {}) };
  }

  every(node: YNode): number | undefined {
    if (node === undefined || node === null) return undefined;
    const text = isScalar(node) ? String(node.value) : "";
    const ms = parseDuration(text);
    if (ms === undefined || !(ms >= 1000)) return this.on(node, `every: '${text}' is not a duration of at least 1s (e.g. 30s, 1m)`);
    return ms;
  }

  map(node: YNode, message: string): { get(key: string): YNode } | undefined {
    if (!isMap(node)) return this.on(node, message);
    return { get: (key) => node.get(key, true) as YNode };
  }

  string(node: YNode, parent: YNode, field: string): string | undefined {
    if (node === undefined) return this.on(parent, `missing '${field}'`);
    if (!isScalar(node) || node.value === null || typeof node.value === "object") return this.on(node, `'${field}' must be text`);
    return String(node.value);
  }

  number(node: YNode, field: string): number | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) return this.on(node, `${field} must be a finite number`);
    return v;
  }

  unknownKeys(node: YNode, known: ReadonlySet<string>, where: string): void {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "?";
      if (!known.has(key)) this.on(pair.key as YNode, `unknown ${where} field '${key}' (expected one of ${[...known].join(", ")})`);
    }
  }
}
