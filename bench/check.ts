// Checker benchmark: median µs for parse + check of spec E6 and of an ~8 KB formula (the editor's
// keystroke budget is 1 ms, issue 2), plus check alone on the 8 KB tree.

import { readFileSync } from "node:fs";
import { check, checkText } from "../src/check/check.ts";
import { parse } from "../src/syntax/parse.ts";
import { largeFormula } from "./parse.ts";
import { measure, type BenchRow } from "./harness.ts";

const E6 = readFileSync(new URL("../samples/e06-task-based.formula", import.meta.url), "utf8");

/** E6 repeated with renamed variables until just under 8192 characters (and ≤ 100 statements). */
export function eightKilobyteFormula(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const copy = E6.replace(/\$(samples|tasks|targetVMs)\b/g, `$$$1${i}`);
    if (size + copy.length > 8000) break;
    parts.push(copy);
    size += copy.length;
  }
  return parts.join("");
}

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  const big = eightKilobyteFormula();
  const bigAst = parse(big).ast!;
  const us = (ns: number) => ns / 1000;
  const opts = { batch: 20, samples: 41 };
  const dense = largeFormula();
  if (checkText(big).diagnostics.length > 0 || checkText(dense).diagnostics.length > 0) throw new Error("bench formulas must check clean");
  // While a user types, the formula is often broken: then the parser recovers from the error.
  // A `)` too many in the middle statement.
  const middle = dense.indexOf(";", dense.length >> 1);
  const broken = `${dense.slice(0, middle)})${dense.slice(middle)}`;
  if (!checkText(broken).diagnostics.some((d) => d.code.startsWith("P"))) throw new Error("the broken bench formula must have a syntax error");
  return [
    { name: `parse + check, spec E6 (${E6.length} chars)`, value: us(measure(() => checkText(E6), opts)), unit: "µs" },
    { name: `parse + check, ${big.length} chars`, value: us(measure(() => checkText(big), opts)), unit: "µs", note: "target < 1000 µs" },
    { name: `parse + check, ${dense.length}-char dense formula (bench/parse.ts)`, value: us(measure(() => checkText(dense), opts)), unit: "µs", note: "target < 1000 µs" },
    { name: `parse + check, the dense formula with a syntax error (error recovery)`, value: us(measure(() => checkText(broken), opts)), unit: "µs", note: "target < 1000 µs" },
    { name: `check only, ${big.length} chars`, value: us(measure(() => check(bigAst), opts)), unit: "µs" },
  ];
}
