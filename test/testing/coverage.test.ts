// Coverage figures on hand-built cases.
import { describe, expect, it } from "vitest";
import { compile } from "../../src/eval/evaluate.ts";
import { coverageOf } from "../../src/testing/coverage.ts";

const POOL = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
const NOW = Date.UTC(2024, 0, 1);

function coverage(formula: string, currents: readonly number[]) {
  const { program } = compile(formula);
  const explanations = currents.map((n) => program!.explain({ now: NOW, pool: { ...POOL, currentDedicatedNodes: n } }).explanation);
  return coverageOf(program!.checked.ast, explanations);
}

describe("coverage", () => {
  // Items: 3 statements, ?: true/false, && true/false = 7.
  const formula = "$a = $CurrentDedicatedNodes > 2 ? 1 : 0;\n$b = $CurrentDedicatedNodes > 0 && $CurrentDedicatedNodes < 5;\n$TargetDedicatedNodes = $a + $b;";

  it("one run: every statement, one outcome of each branch (5 of 7)", () => {
    const c = coverage(formula, [3]); // ?: true; && true (3 > 0 and 3 < 5)
    expect([c.covered, c.total]).toEqual([5, 7]);
    expect(c.items.filter((i) => !i.covered).map((i) => [i.op, i.outcome, i.label])).toEqual([
      ["?:", false, "condition never false: the second branch never taken"],
      ["&&", false, "'&&' never false"],
    ]);
  });

  it("two runs that go both ways cover everything", () => {
    const c = coverage(formula, [3, 0]); // 0: ?: false, && false
    expect([c.covered, c.total, c.percent]).toEqual([7, 7, 100]);
  });

  it("no runs: nothing covered", () => {
    expect(coverage(formula, [])).toMatchObject({ covered: 0, total: 7, percent: 0 });
  });

  it("statements after stop() are not covered", () => {
    const c = coverage("$TargetDedicatedNodes = 1;\n$x = stop();\n$TargetDedicatedNodes = 2;", [0]);
    expect(c.items.map((i) => i.covered)).toEqual([true, true, false]);
  });

  it("the underline is the condition of ?: and the operator of &&", () => {
    const c = coverage(formula, []);
    const spans = c.items.filter((i) => i.kind === "branch").map((i) => formula.slice(i.at.start, i.at.end));
    expect(spans).toEqual(["$CurrentDedicatedNodes > 2", "$CurrentDedicatedNodes > 2", "&&", "&&"]);
  });
});
