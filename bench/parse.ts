// Parse benchmarks (issue 2): median µs to parse spec E6, and parse throughput on ~8 KB formulas:
// the dense one (few comments; the headline worst case) and one commented like the spec samples.
// A JSON.parse row measured in the same process tells readers how fast the machine was just then.
// `run()` is imported by bench/run.ts; `node bench/parse.ts` prints the rows on its own.

import { fileURLToPath } from "node:url";
import { parse } from "../src/syntax/parse.ts";
import { interleavedRounds, jsonDocument, measure, median, type BenchRow } from "./harness.ts";

/** Spec §8 E6, verbatim (about 1 KB with comments). */
export const E6 = `// Get pending tasks for the past 15 minutes.
$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
// If we have fewer than 70 percent data points, we use the last sample point,
// otherwise we use the maximum of last sample point and the history average.
$tasks = $samples < 70 ? max(0,$PendingTasks.GetSample(1)) : max( $PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
// If number of pending tasks is not 0, set targetVM to pending tasks, otherwise
// half of current dedicated.
$targetVMs = $tasks > 0? $tasks:max(0, $TargetDedicatedNodes/2);
// The pool size is capped at 20, if target VM value is more than that, set it
// to 20. This value should be adjusted according to your use case.
$TargetDedicatedNodes = max(0, min($targetVMs, 20));
// Set node deallocation mode - let running tasks finish before removing a node
$NodeDeallocationOption = taskcompletion;
`;

/** A realistic formula just under 8192 characters and 100 statements: E6-like blocks, distinct names. */
export function largeFormula(): string {
  const blocks: string[] = [];
  for (let i = 0; ; i++) {
    const block = [
      `// window ${i}: pending tasks over ${i + 5} minutes`,
      `$samples${i} = $PendingTasks.GetSamplePercent(TimeInterval_Minute * ${i + 5});`,
      `$tasks${i} = $samples${i} < 70 ? max(0, $PendingTasks.GetSample(1)) : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * ${i + 5})));`,
      `$target${i} = $tasks${i} > 0 ? $tasks${i} : max(0, $TargetDedicatedNodes / 2);`,
      `$capped${i} = max(0, min($target${i}, ${20 + i}));`,
      "",
    ].join("\n");
    const next = blocks.join("") + block;
    if (next.length + 80 > 8192 || (blocks.length + 1) * 4 + 2 > 100) break;
    blocks.push(block);
  }
  return `${blocks.join("")}$TargetDedicatedNodes = $capped0;\n$NodeDeallocationOption = taskcompletion;\n`;
}

/**
 * An ~8 KB formula with comments in the proportion of the spec samples (E6: 59 % of its characters
 * are comment lines): the statements of {@link largeFormula}, each after an explanatory comment line.
 */
export function commentedFormula(): string {
  const note = (i: number): string =>
    `// step ${i}: keep the pool between floor and cap; the history average smooths out short spikes\n`;
  const statements = largeFormula()
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("//"));
  let text = "";
  for (let i = 0; i < statements.length; i++) {
    const next = `${note(i)}${statements[i]}\n`;
    if (text.length + next.length > 8192) break;
    text += next;
  }
  return text;
}

const commentShare = (text: string): number =>
  text.split("\n").reduce((n, line) => n + (line.trimStart().startsWith("//") ? line.length + 1 : 0), 0) / text.length;

/** Parse benchmark rows. */
export async function run(): Promise<BenchRow[]> {
  const big = largeFormula();
  const commented = commentedFormula();
  for (const text of [E6, big, commented]) if (parse(text).diagnostics.length > 0) throw new Error("bench formulas must parse clean");
  const json = jsonDocument(8192);
  const mbPerS = (text: string, ns: number): number => text.length / 1e6 / (ns / 1e9);
  const opts = { batch: 20, samples: 9 };
  const parseRounds = interleavedRounds(
    [
      () => measure(() => parse(E6), { batch: 200, samples: 9 }),
      () => measure(() => parse(big), opts),
      () => measure(() => parse(commented), opts),
      () => measure(() => JSON.parse(json), { batch: 50, samples: 9 }),
    ],
    5,
  ) as [number[], number[], number[], number[]];
  const [e6Ns, bigNs, commentedNs, jsonNs] = parseRounds.map(median) as [number, number, number, number];
  const share = (text: string): string => `${Math.round(commentShare(text) * 100)} % comments`;
  return [
    { name: `parse spec E6 (${E6.length} chars, ${share(E6)})`, value: round(e6Ns / 1000, 1), unit: "µs" },
    { name: `parse ${big.length}-char dense formula (${share(big)})`, value: round(bigNs / 1000, 1), unit: "µs" },
    { name: "parse throughput, dense 8 KB (worst case)", value: round(mbPerS(big, bigNs), 1), unit: "MB/s", note: "target ≥ 20 MB/s" },
    { name: `parse throughput, ${commented.length}-char commented formula (${share(commented)})`, value: round(mbPerS(commented, commentedNs), 1), unit: "MB/s" },
    { name: `machine reference: JSON.parse of ${json.length} chars`, value: round(mbPerS(json, jsonNs), 1), unit: "MB/s", note: "same process; judges noise" },
  ];
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ""}`);
}
