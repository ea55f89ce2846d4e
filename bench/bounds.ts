// Bounds benchmark: median µs of the interval analysis alone (parse + check done before) on spec E6,
// the 8 KB E6 copies of bench/check.ts and the 8 KB dense formula of bench/parse.ts (budget 1 ms),
// and of parse + check + bounds from text.

import { readFileSync } from "node:fs";
import { bounds } from "../src/analyze/bounds.ts";
import { checkText } from "../src/check/check.ts";
import { eightKilobyteFormula } from "./check.ts";
import { largeFormula } from "./parse.ts";
import { measure, type BenchRow } from "./harness.ts";

const E6 = readFileSync(new URL("../samples/e06-task-based.formula", import.meta.url), "utf8");

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  const us = (ns: number) => ns / 1000;
  const opts = { batch: 20, samples: 41 };
  const rows: BenchRow[] = [];
  // warm up every path first, so the first row is not the one that pays for the JIT
  for (let i = 0; i < 200; i++) bounds(E6);
  for (const [label, text, budget] of [
    [`spec E6 (${E6.length} chars)`, E6, false],
    [`${eightKilobyteFormula().length}-char E6 copies (bench/check.ts)`, eightKilobyteFormula(), true],
    [`${largeFormula().length}-char dense formula (bench/parse.ts)`, largeFormula(), true],
  ] as const) {
    const checked = checkText(text).checked;
    if (!checked || !bounds(checked).ok) throw new Error(`bench formula must check clean: ${label}`);
    rows.push({ name: `bounds only, ${label}`, value: us(measure(() => bounds(checked), opts)), unit: "µs", ...(budget ? { note: "target < 1000 µs" } : {}) });
    rows.push({ name: `parse + check + bounds, ${label}`, value: us(measure(() => bounds(text), opts)), unit: "µs" });
  }
  return rows;
}
