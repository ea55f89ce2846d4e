// Arithmetic benchmark in a process of its own (issue 3): `(a + b) * c - d / e` as the only
// formula the process has compiled, as when the CLI or the simulators run one formula, side by
// side with @marcbachmann/cel-js. bench/eval.ts measures the same after compiling spec E6 in its
// process: V8 shares type feedback between closures made from one function literal, so there the
// closures of different formulas make each other's calls megamorphic (slower, and more so when the
// host is loaded). Both are reported.

import { parse as celParse } from "@marcbachmann/cel-js";
import { compile, prepareContext, type PreparedContext } from "../src/eval/evaluate.ts";
import { interleavedRounds, measure, median, medianRatio, type BenchRow } from "./harness.ts";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const POOL = { targetDedicatedNodes: 4, targetLowPriorityNodes: 0, currentDedicatedNodes: 4, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };

function prepared(pool: typeof POOL): PreparedContext {
  const p = prepareContext({ now: NOW, pool });
  if (typeof p === "string") throw new Error(p);
  return p;
}

/**
 * The benchmark's contenders, checked to agree (also used by bench/eval.ts): the formula's
 * runner over `pool`, its program, and the cel-js expression with its variables.
 */
export function arithmetic(pool: typeof POOL = POOL) {
  const program = compile("a = 1.5; b = 2.5; c = 3; d = 4; e = 8; r = (a + b) * c - d / e").program!;
  const runner = program.runner(prepared(pool));
  const celExpr = celParse("(a + b) * c - d / e");
  const celVars = { a: 1.5, b: 2.5, c: 3, d: 4, e: 8 };
  runner.run();
  if (runner.frame.slots[5] !== 11.5 || celExpr(celVars) !== 11.5) throw new Error("arithmetic mismatch");
  return { program, runner, celExpr, celVars };
}

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  const { runner, celExpr, celVars } = arithmetic();
  const rounds = interleavedRounds(
    [() => measure(() => runner.run(), { batch: 100_000, samples: 15 }), () => measure(() => celExpr(celVars), { batch: 100_000, samples: 15 })],
    7,
  ) as [number[], number[]];
  const [ns, celNs] = rounds.map(median) as [number, number];
  return [
    {
      name: "(a + b) * c - d / e, the only formula in its process: raw run (frame reset + `r = …`; the 5 opening constants hoisted)",
      value: ns,
      unit: "ns",
      note: `target ≤ 50 ns; ${medianRatio(rounds[1], rounds[0]).toFixed(1)}× faster than cel-js`,
    },
    { name: "(a + b) * c - d / e: @marcbachmann/cel-js (parsed once), same process", value: celNs, unit: "ns", note: "comparison" },
  ];
}
