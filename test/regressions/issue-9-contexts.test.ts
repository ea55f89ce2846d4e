// Issue 9: contexts whose properties are getters that throw, or Proxies, made evaluateAutoScale
// throw; pools with negative node counts or taskSlotsPerNode 0 / -1 were accepted (-1 even
// evaluated). Both are InvalidAutoScaleEvaluationContext runs now.

import { describe, expect, it } from "vitest";
import { parseEvalContextJson } from "../../src/eval/context.ts";
import { compile, evaluateAutoScale } from "../../src/eval/evaluate.ts";

const POOL = { targetDedicatedNodes: 2, targetLowPriorityNodes: 0, currentDedicatedNodes: 2, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
const FORMULA = "$TargetDedicatedNodes = $TaskSlotsPerNode;";
const boom = (): never => {
  throw new Error("boom");
};

describe("issue 9: contexts that cannot be read", () => {
  const contexts: [string, unknown][] = [
    ["a throwing now getter", { get now() { return boom(); }, pool: POOL }],
    ["a throwing pool getter", { now: 0, get pool() { return boom(); } }],
    ["a pool with a throwing field", { now: 0, pool: { ...POOL, get taskSlotsPerNode() { return boom(); } } }],
    ["a throwing samples getter", { now: 0, pool: POOL, get samples() { return boom(); } }],
    ["samples with a throwing metric", { now: 0, pool: POOL, samples: { get $PendingTasks() { return boom(); } } }],
    ["a throwing options getter", { now: 0, pool: POOL, get options() { return boom(); } }],
    ["a Proxy that throws", new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom })],
    ["a Proxy pool", { now: 0, pool: new Proxy(POOL, { get: boom }) }],
    ["a revoked Proxy", (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()],
  ];
  it.each(contexts)("%s is InvalidAutoScaleEvaluationContext", (_name, ctx) => {
    const run = evaluateAutoScale(FORMULA, ctx as never);
    expect(run.error?.code).toBe("InvalidAutoScaleEvaluationContext");
    const outcome = compile(FORMULA).program!.evaluate(ctx as never);
    expect(outcome.ok).toBe(false);
    expect(outcome.run.error?.code).toBe("InvalidAutoScaleEvaluationContext");
  });
});

describe("issue 9: pool values out of range", () => {
  it.each([
    ["taskSlotsPerNode", 0],
    ["taskSlotsPerNode", -1],
    ["taskSlotsPerNode", 1.5],
    ["currentDedicatedNodes", -1],
    ["currentLowPriorityNodes", -3],
    ["targetDedicatedNodes", -0.5],
    ["targetLowPriorityNodes", -2],
  ])("pool.%s = %d is refused", (field, value) => {
    const run = evaluateAutoScale(FORMULA, { now: 0, pool: { ...POOL, [field]: value } });
    expect(run.error?.code).toBe("InvalidAutoScaleEvaluationContext");
    expect(run.error?.values[0]?.value).toContain(`pool.${field}`);
    const file = parseEvalContextJson(JSON.stringify({ now: 0, pool: { ...POOL, [field]: value } }));
    expect(file.context).toBeUndefined();
    expect(file.diagnostics.map((d) => d.code)).toEqual(["R502"]);
    expect(file.diagnostics[0]!.message).toContain(`pool.${field}`);
  });

  it("zero nodes and one slot are fine", () => {
    const run = evaluateAutoScale(FORMULA, { now: 0, pool: { ...POOL, currentDedicatedNodes: 0, targetDedicatedNodes: 0 } });
    expect(run.error).toBeUndefined();
    expect(run.results).toContain("$TargetDedicatedNodes=1");
  });
});
