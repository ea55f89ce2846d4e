// Compiler specifics: constant folding, specialised closures, fused list-over-samples calls and
// frame reuse must never change a result. Each case is compared with the reference interpreter
// and with a hand-derived results string.
import { describe, expect, it } from "vitest";
import { check } from "../../src/check/check.ts";
import { compileChecked } from "../../src/eval/compile/compile.ts";
import { compile, prepareContext, type EvalContext } from "../../src/eval/evaluate.ts";
import { foldConstants } from "../../src/eval/compile/fold.ts";
import { IMPLS } from "../../src/eval/impls.ts";
import { parse } from "../../src/syntax/parse.ts";
import { history, NOW, pool } from "./helpers.ts";

const ctx = (samples = {}, p = {}): EvalContext => ({ now: NOW, pool: pool(p), samples, seed: 3 });
const both = (formula: string, c: EvalContext) => {
  const { program, diagnostics } = compile(formula);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const compiled = program!.evaluate(c).run;
  expect(program!.interpret(c).run).toEqual(compiled);
  return compiled;
};
const SVC = "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue";

describe("constant folding (fold.ts)", () => {
  const folded = (formula: string) => {
    const checked = check(parse(formula).ast!, { text: formula });
    return [...foldConstants(checked).values()];
  };
  it("folds literals, intervals, pure operators and time(\"…\")", () => {
    const values = folded('a = TimeInterval_Minute * 15; b = time("2016-10-13T19:18:47.805Z").hour; c = max(1, 2) + 3');
    expect(values).toContain(19);
    expect(values).toContain(5);
    expect(values.some((v) => typeof v === "object" && v !== null && "ms" in v && v.ms === 900_000)).toBe(true);
  });
  it("never folds the clock, rand(), stop(), metrics or failing subtrees", () => {
    expect(folded("a = time()")).toEqual([]);
    expect(folded("a = rand()")).toEqual([]);
    expect(folded("a = $PendingTasks.Count()")).toEqual([]);
    expect(folded('a = time("nope")')).toEqual(["nope"]);
    expect(folded("a = 1 > 0 ? 2 : stop()")).toEqual([1, 0, 1, 2, 2]);
  });
  it("a failing constant subtree still fails only when evaluated", () => {
    expect(both('a = 1; b = 0 ? time("nope") : time("2016-10-13T00:00:00Z")', ctx())).toEqual({
      timestamp: "2024-05-01T12:00:00.000Z",
      results: `${SVC};a=1;b=2016-10-13T00:00:00.000Z`,
    });
    const r = both('a = 1; b = time("nope")', ctx());
    expect(r.results).toBe(`${SVC};a=1`);
    expect(r.error?.values[0]?.value).toBe('Line 1, Col 16: time: cannot parse "nope" as an ISO 8601 or RFC 1123 time.');
  });
});

describe("specialised closures", () => {
  it("arithmetic over slots and constants in every operand shape", () => {
    // a=6, b=3: (a+b)=9, (a-3)=3, (2*b)=6, (a/b)=2, ((a+b)*(a-b))=27, (a/2+b)=6
    expect(both("a = 6; b = 3; c = a + b; d = a - 3; e = 2 * b; g = a / b; h = (a + b) * (a - b); k = a / 2 + b; m = 10 - (a - b)", ctx()).results).toBe(
      `${SVC};a=6;b=3;c=9;d=3;e=6;g=2;h=27;k=6;m=7`,
    );
  });
  it("merged constant assignments still stop exactly where stop() is", () => {
    const r = both("a = 1; b = 2; c = a > 0 ? stop() : 1; d = 4; e = 5", ctx());
    expect(r.results).toBe(`${SVC};a=1;b=2`);
    expect(r.error).toBeUndefined();
  });
  it("constant vectors are shared safely across evaluations", () => {
    const { program } = compile("v = ceil(1, 2, 3); w = v * 2; $TargetDedicatedNodes = sum(v)");
    for (let i = 0; i < 3; i++) expect(program!.evaluate(ctx()).run.results).toBe("$TargetDedicatedNodes=6;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;v=[1,2,3];w=[2,4,6]");
  });
});

describe("fused list functions over GetSample", () => {
  const samples = { $PendingTasks: history(40, (k) => k) }; // visible ranks 1.. (rank 0 hidden by the delay)
  it.each([
    // (now−10 min, now] → ranks 1..18: avg 9.5, max 18, min 1, sum 171, len 18
    ["avg($PendingTasks.GetSample(TimeInterval_Minute * 10))", "9.5"],
    ["max($PendingTasks.GetSample(TimeInterval_Minute * 10, 50))", "18"],
    ["min($PendingTasks.GetSample(TimeInterval_Minute, TimeInterval_Minute * 10))", "1"],
    ["sum($PendingTasks.GetSample(TimeInterval_Minute * 10, TimeInterval_Minute, 80))", "171"],
    ["len($PendingTasks.GetSample(TimeInterval_Minute * 10))", "18"],
    ["range($PendingTasks.GetSample(3))", "2"],
    ["std($PendingTasks.GetSample(2))", "0.707107"],
    ["norm($PendingTasks.GetSample(1))", "1"],
    ["ceil($PendingTasks.GetSample(2))", "[2,1]"],
  ])("%s = %s", (expr, value) => {
    expect(both(`x = ${expr}`, ctx(samples)).results).toBe(`${SVC};x=${value}`);
  });
  it("keeps the method's InsufficientSampleData and the function's empty-vector errors", () => {
    const thin = both("x = avg($PendingTasks.GetSample(TimeInterval_Minute * 10, 95))", ctx(samples));
    expect(thin.error?.values[0]?.value).toBe("Line 1, Col 32: Insufficient data from data set: $PendingTasks wanted 95%, received 90%");
    const empty = both("x = max($CPUPercent.GetSample(10))", ctx(samples));
    expect(empty.error?.values[0]?.value).toBe("Line 1, Col 8: max: the vector is empty.");
  });
});

describe("list implementations never keep or return their input", () => {
  it.each(Object.entries(IMPLS).filter(([, i]) => i.shape === "list"))("%s", (_id, impl) => {
    if (impl.shape !== "list") return;
    const xs = [3, 1, 2];
    const out = impl.fn({ start: 0, end: 0 }, xs, 0, 3);
    expect(out).not.toBe(xs);
    expect(xs).toEqual([3, 1, 2]);
    // A sub-range of a larger buffer gives the same answer as the range copied out.
    const buffer = new Float64Array([9, 3, 1, 2, 9]);
    expect(impl.fn({ start: 0, end: 0 }, buffer, 1, 4)).toEqual(out);
  });
});

describe("runner (preallocated frame)", () => {
  it("resets the frame between runs and reports errors per run", () => {
    const { program } = compile("a = $CurrentDedicatedNodes; b = 10 / a; $TargetDedicatedNodes = max($PendingTasks.GetSample(1))");
    const prepared = prepareContext(ctx({}, { currentDedicatedNodes: 5, targetDedicatedNodes: 2 }));
    if (typeof prepared === "string") throw new Error(prepared);
    const runner = program!.runner(prepared);
    expect(runner.run()?.id).toBe("EmptyVector");
    expect(runner.frame.slots).toEqual([5, 2]);
    expect(runner.frame.targets[0]).toBe(2);
    expect(runner.run()?.id).toBe("EmptyVector");
  });
  it("compileChecked refuses a formula with errors", () => {
    const checked = check(parse("a = $Nope").ast!, { text: "a = $Nope" });
    expect(compileChecked(checked)).toBeUndefined();
  });
});
