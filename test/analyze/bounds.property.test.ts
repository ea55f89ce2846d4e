// Soundness of the bounds analysis: for random contexts inside the assumed input ranges (pools,
// sample histories, instants, seeds), every completed evaluation's targets and user variables lie
// inside the intervals `bounds` computed — on the shipped samples and on random well-typed formulas.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bounds, contains, resolveInputs, type Assumptions, type BoundsResult, type Iv } from "../../src/entry/analyze.ts";
import { compile, type EvalContext, type SampleRecord } from "../../src/entry/eval.ts";
import type { EvalOutcome } from "../../src/eval/results.ts";
import { wellTypedFormula } from "../property/arbitraries-typed.ts";

const BASE = Date.parse("2024-05-01T12:00:00Z");
const SAMPLED = ["$CPUPercent", "$ActiveTasks", "$RunningTasks", "$PendingTasks", "$SucceededTasks", "$FailedTasks", "$PreemptedNodeCount", "$UsableNodeCount", "$SampleNodeCount", "$MemoryBytes"];

/** A double inside `r` (finite): its ends, small whole numbers, fractions, and now and then a huge value (overflow paths). */
function within(r: Iv): fc.Arbitrary<number> {
  const lo = Math.max(r.lo, -1e300);
  const hi = Math.min(r.hi, 1e300);
  const smallHi = Math.min(hi, lo + 60);
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(smallHi)) }).filter((x) => x >= lo && x <= hi) },
    { weight: 3, arbitrary: fc.double({ min: lo, max: smallHi, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, Math.min(hi, 1e6)) },
    { weight: 1, arbitrary: fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }) },
  );
}

function contexts(assume: Assumptions = {}): fc.Arbitrary<EvalContext> {
  const { inputs } = resolveInputs(assume);
  const r = (name: string) => inputs.get(name)!;
  const series = (name: string, now: number) =>
    fc
      .record({ count: fc.integer({ min: 0, max: 60 }), newestAge: fc.integer({ min: 0, max: 150_000 }), values: fc.array(within(r(name)), { minLength: 1, maxLength: 6 }) })
      .map(({ count, newestAge, values }) => Array.from({ length: count }, (_, k) => [now - newestAge - 30_000 * k, values[k % values.length]!] as [number, number]));
  return fc.integer({ min: -7 * 86_400_000, max: 7 * 86_400_000 }).chain((offset) => {
    const now = BASE + offset;
    return fc.record({
      now: fc.constant(now),
      pool: fc.record({
        targetDedicatedNodes: within(r("$TargetDedicatedNodes")),
        targetLowPriorityNodes: within(r("$TargetLowPriorityNodes")),
        currentDedicatedNodes: within(r("$CurrentDedicatedNodes")),
        currentLowPriorityNodes: within(r("$CurrentLowPriorityNodes")),
        taskSlotsPerNode: within(r("$TaskSlotsPerNode")),
      }),
      samples: fc.subarray(SAMPLED).chain((names) => fc.tuple(...names.map((n) => series(n, now))).map((lists) => Object.fromEntries(names.map((n, i) => [n, lists[i]!])) as SampleRecord)),
      seed: fc.integer({ min: 0, max: 1000 }),
      options: fc.record({ availabilityDelayMs: fc.constantFrom(0, 60_000), defaultSamplePercent: fc.constantFrom(0, 50, 70) }),
    });
  });
}

/** Every value of a completed run inside its interval; a message naming the first one outside. */
function outside(b: BoundsResult, out: EvalOutcome): string | undefined {
  if (!out.ok) return undefined;
  if (!contains(b.targets.$TargetDedicatedNodes, out.targets.dedicated)) return `$TargetDedicatedNodes = ${out.targets.dedicated}`;
  if (!contains(b.targets.$TargetLowPriorityNodes, out.targets.lowPriority)) return `$TargetLowPriorityNodes = ${out.targets.lowPriority}`;
  for (const v of out.variables) {
    const vb = b.variables.find((x) => x.name === v.name);
    if (!vb) return `${v.name} is assigned but has no bounds`;
    if (vb.kind === "other") continue;
    if (typeof v.value === "number") {
      if (vb.kind !== "double" || !contains(vb.interval, v.value)) return `${v.name} = ${v.value}`;
    } else if (Array.isArray(v.value)) {
      if (vb.kind !== "doubleVec" || !contains(vb.length!, v.value.length)) return `${v.name} has length ${v.value.length}`;
      const bad = (v.value as number[]).find((x) => !contains(vb.interval, x));
      if (bad !== undefined) return `${v.name} holds ${bad}`;
    } else return `${v.name} is not a number but its bounds say ${vb.kind}`;
  }
  return undefined;
}

const SAMPLE_FILES = [
  ...readdirSync(new URL("../../samples/", import.meta.url)).filter((f) => f.endsWith(".formula")).map((f) => `samples/${f}`),
  ...readdirSync(new URL("../../samples/dry-run/", import.meta.url)).filter((f) => f.endsWith(".formula")).map((f) => `samples/dry-run/${f}`),
];
const clean = SAMPLE_FILES.map((file) => ({ file, text: readFileSync(new URL(`../../${file}`, import.meta.url), "utf8") })).filter(({ text }) => compile(text).program !== undefined);

describe("bounds are sound: evaluated values lie inside the computed intervals", () => {
  it("finds the shipped samples", () => {
    expect(clean.length).toBeGreaterThan(20);
  });

  it.each(clean.map((s) => [s.file, s.text]))("%s, default assumptions", (_file, text) => {
    const b = bounds(text);
    expect(b.ok).toBe(true);
    const program = compile(text).program!;
    fc.assert(fc.property(contexts(), (ctx) => outside(b, program.evaluate(ctx)) === undefined), { numRuns: 150 });
  });

  it.each(clean.map((s) => [s.file, s.text]))("%s, narrowed assumptions", (_file, text) => {
    const assume: Assumptions = { $PendingTasks: "0..500", $ActiveTasks: "0..300", $RunningTasks: "0..200", $CPUPercent: "5..95", $TaskSlotsPerNode: "1..4", $CurrentDedicatedNodes: "0..10", $TargetDedicatedNodes: "2..7" };
    const b = bounds(text, { assume });
    const program = compile(text).program!;
    fc.assert(fc.property(contexts(assume), (ctx) => outside(b, program.evaluate(ctx)) === undefined), { numRuns: 60 });
  });

  it("random well-typed formulas", () => {
    fc.assert(
      fc.property(wellTypedFormula({ maxStatements: 6, maxDepth: 3 }), fc.array(contexts(), { minLength: 1, maxLength: 4 }), (text, ctxs) => {
        const b = bounds(text);
        expect(b.ok).toBe(true);
        const program = compile(text).program!;
        for (const ctx of ctxs) {
          const bad = outside(b, program.evaluate(ctx));
          if (bad !== undefined) throw new Error(`${bad} is outside its bounds\n${text}\nbounds: ${JSON.stringify(b.targets)} ${JSON.stringify(b.variables)}`);
        }
      }),
      { numRuns: Number(process.env.BOUNDS_RUNS ?? 300) },
    );
  }, 600_000);
});
