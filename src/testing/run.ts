// Runs formula tests: each test becomes an evaluation context (series stamped back from `now`),
// the formula is evaluated as the service would (evaluateAutoScale semantics), and the run is
// compared with the test's expectations. Never throws.

import { compile, evaluateAutoScale, type EvalContext, type Program } from "../eval/evaluate.ts";
import type { AutoScaleRun } from "../eval/results.ts";
import type { Explanation } from "../eval/explain.ts";
import { DEFAULT_AVAILABILITY_DELAY_MS } from "../metrics/store.ts";
import type { FormulaTest } from "./test-file.ts";

/** One expectation that did not hold. */
export interface Mismatch {
  /** what was compared: a variable name, `results`, `error` or `message` */
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
}

export interface TestResult {
  readonly name: string;
  readonly line: number;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  readonly run: AutoScaleRun;
  /** present when the test ran with `explain` (coverage) and the formula compiled */
  readonly explanation?: Explanation;
}

/** The evaluation context a test describes. */
export function testContext(test: FormulaTest): EvalContext {
  const delay = test.options?.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS;
  // The last value is the newest sample, stamped so that it is just visible at `now`.
  const newest = test.nowMs - delay;
  const samples: Record<string, [number, number][]> = {};
  for (const [metric, values] of Object.entries(test.series)) {
    const out: [number, number][] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== undefined) out.push([newest - (values.length - 1 - i) * test.everyMs, v]);
    }
    samples[metric] = out;
  }
  return {
    now: test.nowMs,
    pool: test.pool,
    samples,
    ...(test.seed !== undefined ? { seed: test.seed } : {}),
    ...(test.options ? { options: test.options } : {}),
  };
}

/** A formula compiled once for all of a file's tests. */
export interface TestSubject {
  readonly text: string;
  readonly program: Program | undefined;
}

export function testSubject(text: string): TestSubject {
  return { text, program: compile(text).program };
}

/** Runs one test; with `explain`, through the explaining interpreter (same run, plus its trace for coverage). */
export function runTest(subject: TestSubject, test: FormulaTest, options: { readonly explain?: boolean } = {}): TestResult {
  const ctx = testContext(test);
  const explained = options.explain && subject.program ? subject.program.explain(ctx) : undefined;
  const run = explained ? explained.run : subject.program ? subject.program.evaluate(ctx).run : evaluateAutoScale(subject.text, ctx);
  const mismatches = compareRun(run, test);
  return { name: test.name, line: test.line, passed: mismatches.length === 0, mismatches, run, ...(explained ? { explanation: explained.explanation } : {}) };
}

/** The mismatches between a run and a test's expectations (empty: the test passes). */
export function compareRun(run: AutoScaleRun, test: FormulaTest): Mismatch[] {
  const out: Mismatch[] = [];
  const expect = test.expect;
  const errorCode = run.error?.code ?? "none";
  if (expect.error !== undefined) {
    if (expect.error !== errorCode) out.push({ what: "error", expected: expect.error, actual: errorText(run) });
  } else if (run.error) {
    // A test that expects no error fails on one, whatever else it checks.
    out.push({ what: "error", expected: "none", actual: errorText(run) });
  }
  if (expect.message !== undefined) {
    const texts = run.error ? [run.error.message, ...run.error.values.map((v) => v.value)] : [];
    if (!texts.some((t) => t.includes(expect.message!))) out.push({ what: "message", expected: `…${expect.message}…`, actual: run.error ? texts.join(" | ") : "no error" });
  }
  if (expect.results !== undefined && expect.results !== run.results) out.push({ what: "results", expected: expect.results, actual: run.results });
  if (expect.values.length > 0) {
    const printed = resultsMap(run.results);
    for (const [name, want] of expect.values) {
      const got = printed.get(name) ?? printed.get(name.startsWith("$") ? name.slice(1) : `$${name}`);
      if (got === undefined) out.push({ what: name, expected: String(want), actual: "not in the results (never assigned)" });
      else if (!sameValue(want, got)) out.push({ what: name, expected: String(want), actual: got });
    }
  }
  return out;
}

function errorText(run: AutoScaleRun): string {
  if (!run.error) return "none";
  const first = run.error.values[0]?.value;
  return first ? `${run.error.code} (${first})` : run.error.code;
}

/** `name=value` pairs of a results string (values may hold `;` only where no `name=` follows). */
export function resultsMap(results: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of results.split(/;(?=\$?[A-Za-z_][A-Za-z0-9_]*=)/)) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function sameValue(want: string | number | boolean, got: string): boolean {
  if (typeof want === "number") return got.trim() !== "" && Number(got) === want;
  return String(want) === got;
}
