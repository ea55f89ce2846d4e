// Explain runs the traced closures (src/eval/traced.ts), not the reference interpreter: for the
// samples and for random well-typed formulas on random histories, both engines give the tracer
// the same calls (statements and their values, sample queries, branches, min/max choices, stop),
// the same final state, and so the same explanation and run.
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, prepareContext, type EvalContext, type PreparedContext, type Program } from "../../src/eval/evaluate.ts";
import { explainRun, recordingTracer, type TraceData } from "../../src/eval/explain.ts";
import { interpret } from "../../src/eval/interpret.ts";
import type { FinalState } from "../../src/eval/results.ts";
import { interpretTraced } from "../../src/eval/traced.ts";
import { evalContext } from "../property/arbitraries-context.ts";
import { wellTypedFormula } from "../property/arbitraries-typed.ts";

const NOW = Date.UTC(2024, 4, 1, 12);
const POOL = { targetDedicatedNodes: 4, targetLowPriorityNodes: 0, currentDedicatedNodes: 4, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };

/** What a run gave its tracer, and how it ended (or what it threw), in comparable form. */
function observe(engine: "traced" | "interpreter", program: Program, prepared: PreparedContext) {
  const { tracer, data } = recordingTracer(prepared.env, program.checked);
  let state: FinalState | undefined;
  let thrown: string | undefined;
  try {
    state = engine === "traced" ? interpretTraced(program.checked, prepared, tracer) : interpret(program.checked, prepared, tracer);
  } catch (e) {
    thrown = e instanceof Error ? e.message : String(e);
  }
  return { trace: comparable(data), state: state && { ...state, variables: [...state.variables].sort((a, b) => (a.name < b.name ? -1 : 1)) }, thrown };
}

function comparable(data: TraceData) {
  return {
    statements: data.statements.map((s) => ({ ...s.toJSON(), node: s.node(), raw: s.raw() })),
    queries: data.queries,
    branches: data.branches,
    choices: data.choices,
    stopSpan: data.stopSpan,
  };
}

function prepare(ctx: EvalContext): PreparedContext {
  const p = prepareContext(ctx);
  if (typeof p === "string") throw new Error(p);
  return p;
}

/** Both engines agree on the trace, the final state, the explanation and the run. */
function expectSameExplanation(program: Program, ctx: EvalContext): void {
  const prepared = prepare(ctx);
  const traced = observe("traced", program, prepared);
  const reference = observe("interpreter", program, prepare(ctx));
  expect(traced).toEqual(reference);
  if (reference.thrown !== undefined) return;
  const a = explainRun(program.checked, prepare(ctx), program.source, "traced");
  const b = explainRun(program.checked, prepare(ctx), program.source, "interpreter");
  expect(JSON.stringify(a.explanation)).toBe(JSON.stringify(b.explanation));
  expect(a.explanation.findings).toEqual(b.explanation.findings);
  expect(a.outcome).toEqual(b.outcome);
  // What program.explain returns is the traced explanation, and its run is evaluate's.
  const explained = program.explain(ctx);
  expect(JSON.stringify(explained.explanation)).toBe(JSON.stringify(a.explanation));
  expect(explained.run).toEqual(program.evaluate(ctx).run);
}

describe("traced closures vs the reference interpreter, under explain", () => {
  const dir = new URL("../../samples/", import.meta.url);
  const formulas = readdirSync(dir).filter((f) => f.endsWith(".formula"));
  /** n samples of value v, one per 30 s, the newest at now − 60 s (just visible). */
  const series = (n: number, v: number): [number, number][] => Array.from({ length: n }, (_, i) => [NOW - 60_000 - (n - 1 - i) * 30_000, v]);
  const contexts: EvalContext[] = [
    { now: NOW, pool: POOL },
    { now: NOW, pool: POOL, samples: { $PendingTasks: series(40, 12), $CPUPercent: series(40, 80), $ActiveTasks: series(40, 3), $RunningTasks: series(40, 2) } },
    { now: NOW, pool: { ...POOL, currentLowPriorityNodes: 3 }, samples: { $PendingTasks: series(5, 2), $PreemptedNodeCount: series(30, 1) } },
    { now: NOW, pool: POOL, samples: { $PendingTasks: series(12, 40) }, options: { availabilityDelayMs: 0 } },
    { now: NOW, pool: { ...POOL, targetDedicatedNodes: 30 }, samples: { $PendingTasks: series(121, 55), $CPUPercent: series(121, 5) } },
  ];

  it.each(formulas)("%s", (name) => {
    const { program } = compile(readFileSync(new URL(name, dir), "utf8"));
    if (!program) return;
    for (const ctx of contexts) expectSameExplanation(program, ctx);
  });

  it("stop(), && and ||, an undefined read, a failed window", () => {
    for (const formula of [
      "$TargetDedicatedNodes = 3;\n$x = $CurrentDedicatedNodes > 2 ? stop() : 1;\n$TargetDedicatedNodes = 5;\n",
      "$a = $CurrentDedicatedNodes > 2 && 0;\n$b = 0 || $CurrentDedicatedNodes > 2;\n$TargetDedicatedNodes = $a + $b;",
      "$NodeDeallocationOption = requeue;\n$TargetDedicatedNodes = avg($CPUPercent.GetSample(TimeInterval_Minute * 10));\n",
      "$x = $CurrentDedicatedNodes > 9 ? 1 : 2;\n$TargetDedicatedNodes = max(0, min($x, 1), 20 - $x);\n$TargetLowPriority = $TargetDedicatedNodes / 3;",
    ]) {
      const { program } = compile(formula);
      for (const ctx of contexts) expectSameExplanation(program!, ctx);
    }
  });
});

const context = evalContext(NOW);

describe("traced closures vs the reference interpreter, on random formulas", () => {
  it("give the same trace, final state, explanation and run", () => {
    fc.assert(
      fc.property(wellTypedFormula({ maxStatements: 6, maxDepth: 3 }), context, (formula, ctx) => {
        const { program } = compile(formula);
        expectSameExplanation(program!, ctx);
      }),
      { numRuns: 200 },
    );
  });
});
