// The generated reference pages (docs/builtins.md, docs/variables.md, docs/errors.md): up to date
// with the tables, free of developer-only references, and every example they show runs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTINS, CONDITIONAL_DOC } from "../src/check/builtins.ts";
import { DEALLOC_OPTIONS, SERVICE_VARIABLES, TIME_INTERVALS } from "../src/check/symbols.ts";
import { evaluateAutoScale, type SampleRecord } from "../src/eval/evaluate.ts";
import { formatInterval } from "../src/eval/values-format.ts";
import { Messages } from "../src/base/diagnostics.ts";
import { DIAGNOSTIC_NOTES, REFERENCE_PAGES } from "../scripts/docs-reference.ts";

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

const NOW = Date.parse("2024-05-01T12:00:00Z");

/** Two hours of samples every 30 s (value 1, the newest 30 s old) for every sampled metric. */
const SAMPLES: SampleRecord = Object.fromEntries(
  SERVICE_VARIABLES.filter((v) => v.shape === "sampled").map((v) => [
    v.name,
    Array.from({ length: 240 }, (_, i) => [NOW - 30_000 * (240 - i), 1] as const),
  ]),
);
const POOL = { targetDedicatedNodes: 2, targetLowPriorityNodes: 1, currentDedicatedNodes: 2, currentLowPriorityNodes: 1, taskSlotsPerNode: 1 };

/** Runs a table example: a statement as written, an expression as `x = example`. */
function runExample(example: string): { results: string; error?: string; x?: string } {
  const text = /^\$?\w+ = /.test(example) ? example : `x = ${example}`;
  const run = evaluateAutoScale(text, { now: NOW, pool: POOL, samples: SAMPLES, seed: 1 });
  const x = /;x=(.*)$/.exec(run.results)?.[1];
  return { results: run.results, ...(run.error ? { error: `${run.error.code}: ${run.error.values.map((v) => v.value).join(" | ")}` } : {}), ...(x !== undefined ? { x } : {}) };
}

describe.each(Object.entries(REFERENCE_PAGES))("%s", (path, render) => {
  it("is up to date with its tables (run `npm run docs` to refresh)", () => {
    expect(read(path)).toBe(render());
  });
  it("cites nothing users cannot read", () => {
    const text = render();
    expect(text).not.toMatch(/spec §|\[L\]|\.\.\/shared/);
  });
});

describe("docs/errors.md", () => {
  it("explains every diagnostic code, and only those (DIAGNOSTIC_NOTES in scripts/docs-reference.ts)", () => {
    expect(Object.keys(DIAGNOSTIC_NOTES).sort()).toEqual(Object.values(Messages).map((m) => m.code).sort());
  });
});

describe("examples shown in docs/builtins.md", () => {
  it.each(BUILTINS.map((o) => [o.id, o.example.formula, o.example.value] as const))("%s: %s", (_, formula, value) => {
    const r = runExample(formula);
    expect(r.error).toBeUndefined();
    if (value !== undefined) expect(r.x).toBe(value);
  });
  it("?: (CONDITIONAL_DOC)", () => {
    expect(runExample(CONDITIONAL_DOC.example.formula)).toMatchObject({ x: CONDITIONAL_DOC.example.value });
  });
});

describe("examples shown in docs/variables.md", () => {
  it.each(SERVICE_VARIABLES.map((v) => [v.name, v.example] as const))("%s: %s", (_, example) => {
    expect(runExample(example).error).toBeUndefined();
  });
  it.each(TIME_INTERVALS.map((c) => [c.name, formatInterval(c.ms)] as const))("%s prints as %s", (name, printed) => {
    expect(runExample(name).x).toBe(printed);
  });
  it.each(DEALLOC_OPTIONS.map((k) => k.name))("$NodeDeallocationOption = %s", (name) => {
    expect(runExample(`$NodeDeallocationOption = ${name};`).results).toContain(`$NodeDeallocationOption=${name}`);
  });
  it("the deallocation-options example runs", () => {
    expect(read("docs/variables.md")).toContain("Example: `$NodeDeallocationOption = taskcompletion;`");
  });
});
