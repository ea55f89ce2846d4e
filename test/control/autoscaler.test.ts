// The autoscaler on a virtual clock: the service's enable/evaluate/disable/resize rules, the
// schedule, failed runs, history, samples and shadow formulas.
import { describe, expect, it } from "vitest";
import { createAutoscaler, memoryStore, simulatedDriver, virtualClock, type Autoscaler, type Outcome } from "../../src/entry/control.ts";
import { evaluateAutoScale } from "../../src/index.ts";

const T0 = Date.parse("2024-05-01T00:00:00Z");
const MIN = 60_000;

function setup(): { a: Autoscaler; clock: ReturnType<typeof virtualClock>; store: ReturnType<typeof memoryStore>; driver: ReturnType<typeof simulatedDriver> } {
  const clock = virtualClock(T0);
  const store = memoryStore();
  const driver = simulatedDriver({ allocationDelayMs: 2 * MIN });
  return { a: createAutoscaler({ clock, store, driver }), clock, store, driver };
}

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`refused: ${o.error.code} ${o.error.message}`);
  return o.value;
}

function code(o: Outcome<unknown>): string | undefined {
  return o.ok ? undefined : o.error.code;
}

describe("autoscaler: the service's rules", () => {
  it("creating an autoscale pool evaluates at once, then every interval", () => {
    const { a, clock } = setup();
    const p = value(a.addPool({ id: "p1", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 3;", autoScaleEvaluationIntervalMs: 5 * MIN }));
    expect(p.autoScaleRun?.results).toBe("$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
    expect(p.targetDedicatedNodes).toBe(3);
    expect(p.allocationState).toBe("resizing");
    clock.advance(2 * MIN);
    expect(value(a.getPool("p1"))).toMatchObject({ currentDedicatedNodes: 3, allocationState: "steady" });
    clock.advance(13 * MIN);
    expect(value(a.history("p1")).map((r) => r.time - T0)).toEqual([0, 5 * MIN, 10 * MIN, 15 * MIN]);
  });

  it("enable: formula required when off, one of the two when on, the other kept", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", targetDedicatedNodes: 0 }));
    expect(code(a.enable("p", { intervalMs: 10 * MIN }))).toBe("MissingRequiredProperty");
    value(a.enable("p", { formula: "$TargetDedicatedNodes = 1;" }));
    expect(value(a.getPool("p")).autoScaleEvaluationIntervalMs).toBe(15 * MIN);
    clock.advance(30_000);
    expect(code(a.enable("p", {}))).toBe("MissingRequiredProperty");
    const q = value(a.enable("p", { intervalMs: 6 * MIN }));
    expect(q.autoScaleFormula).toBe("$TargetDedicatedNodes = 1;");
    expect(q.autoScaleEvaluationIntervalMs).toBe(6 * MIN);
  });

  it("a new interval restarts the schedule from the request time; a new formula keeps it", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;", autoScaleEvaluationIntervalMs: 10 * MIN }));
    clock.advance(3 * MIN);
    value(a.enable("p", { formula: "$TargetDedicatedNodes = 2;" }));
    clock.advance(4 * MIN); // t = 7 min: no run yet (next at 10)
    expect(value(a.history("p")).map((r) => (r.time - T0) / MIN)).toEqual([0]);
    value(a.enable("p", { intervalMs: 5 * MIN })); // restart at 7: runs now, then 12, 17
    clock.advance(11 * MIN); // t = 18
    expect(value(a.history("p")).map((r) => (r.time - T0) / MIN)).toEqual([0, 7, 12, 17]);
    expect(value(a.history("p")).at(-1)!.run.results).toMatch(/^\$TargetDedicatedNodes=2;/);
  });

  it("refuses bad intervals, long formulas, syntax errors (with details) and a second enable within 30 s", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;" }));
    expect(code(a.enable("p", { intervalMs: 4 * MIN }))).toBe("InvalidPropertyValue");
    expect(code(a.enable("p", { intervalMs: 168 * 60 * MIN + 1 }))).toBe("InvalidPropertyValue");
    expect(code(a.enable("p", { formula: `$TargetDedicatedNodes = 1;${" ".repeat(8192)}` }))).toBe("AutoScaleFormulaTooLong");
    const syntax = a.enable("p", { formula: "$TargetDedicatedNodes = ;" });
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) {
      expect(syntax.error).toMatchObject({ status: 400, code: "AutoScalingFormulaSyntaxError" });
      expect(syntax.error.values[0]!.value).toMatch(/^Line 1, Col \d+: /);
    }
    // Refused requests do not count toward the throttle; the accepted one does.
    value(a.enable("p", { formula: "$TargetDedicatedNodes = 2;" }));
    clock.advance(29_000);
    const again = a.enable("p", { formula: "$TargetDedicatedNodes = 3;" });
    expect(again.ok ? undefined : again.error).toMatchObject({ code: "TooManyEnableAutoScaleRequests", status: 503 });
    clock.advance(1_000);
    value(a.enable("p", { formula: "$TargetDedicatedNodes = 3;" }));
  });

  it("enable is refused while a manual resize is in progress", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", targetDedicatedNodes: 2 }));
    expect(value(a.getPool("p")).allocationState).toBe("resizing");
    expect(code(a.enable("p", { formula: "$TargetDedicatedNodes = 1;" }))).toBe("PoolBeingResized");
    clock.advance(2 * MIN);
    value(a.enable("p", { formula: "$TargetDedicatedNodes = 1;" }));
  });

  it("evaluate: only on autoscale pools, never applied, no state changed; results as evaluateAutoScale", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "fixed", targetDedicatedNodes: 0 }));
    expect(a.evaluate("fixed", "$TargetDedicatedNodes = 1;")).toMatchObject({ ok: false, error: { status: 409, code: "OperationInvalidForCurrentState" } });
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;" }));
    clock.advance(2 * MIN);
    value(a.recordSamples("p", [{ metric: "PendingTasks", t: T0 - 60_000, value: 7 }]));
    const before = value(a.getPool("p"));
    const formula = "$tasks = max($PendingTasks.GetSample(1)); $TargetDedicatedNodes = $tasks * 2;";
    const run = value(a.evaluate("p", formula));
    const lib = evaluateAutoScale(formula, {
      now: clock.now(),
      pool: { targetDedicatedNodes: 1, targetLowPriorityNodes: 0, currentDedicatedNodes: 1, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 },
      samples: { $PendingTasks: [[T0 - 60_000, 7]] },
    });
    expect(run).toEqual(lib);
    expect(run.results).toBe("$TargetDedicatedNodes=14;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$tasks=7");
    expect(value(a.getPool("p"))).toEqual(before);
    expect(value(a.history("p"))).toHaveLength(1);
    expect(code(a.evaluate("nope", "$TargetDedicatedNodes = 1;"))).toBe("PoolNotFound");
  });

  it("resize is refused while autoscale is on; disable returns the pool to fixed targets", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 2;" }));
    expect(a.resize("p", { targetDedicatedNodes: 5 })).toMatchObject({ ok: false, error: { status: 409, code: "OperationInvalidForCurrentState" } });
    const d = value(a.disable("p"));
    expect(d).toMatchObject({ enableAutoScale: false, targetDedicatedNodes: 2 });
    expect(d.autoScaleFormula).toBeUndefined();
    clock.advance(2 * MIN);
    value(a.resize("p", { targetDedicatedNodes: 5, nodeDeallocationOption: "taskcompletion" }));
    expect(code(a.resize("p", { targetDedicatedNodes: 6 }))).toBe("PoolBeingResized");
    value(a.stopResize("p"));
    expect(value(a.getPool("p"))).toMatchObject({ allocationState: "steady", currentDedicatedNodes: 2, targetDedicatedNodes: 2 });
    clock.advance(60 * MIN);
    expect(value(a.history("p"))).toHaveLength(1);
  });

  it("a failed run leaves the targets unchanged and is recorded with its error", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 4;", autoScaleEvaluationIntervalMs: 5 * MIN }));
    clock.advance(30_000);
    value(a.enable("p", { formula: "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Minute * 5, 90));" }));
    clock.advance(5 * MIN); // a new formula keeps the schedule: the next run is at 5 min
    const runs = value(a.history("p"));
    expect(runs).toHaveLength(2);
    expect(runs[1]!.run.error?.code).toBe("InsufficientSampleData");
    expect(runs[1]!.applied).toBe(false);
    expect(value(a.getPool("p")).targetDedicatedNodes).toBe(4);
    expect(value(a.events("p"))[1]).toMatchObject({ id: "p", formula: runs[1]!.formula, error: { code: "InsufficientSampleData" } });
    void clock;
  });

  it("a store that refuses a round's runs: nothing applied, the pools run again at their next instant with the same seq", () => {
    const clock = virtualClock(T0);
    const store = memoryStore();
    const commitRuns = store.commitRuns.bind(store);
    let refuse = false;
    store.commitRuns = (entries) => {
      if (refuse) throw new Error("disk full");
      commitRuns(entries);
    };
    const errors: unknown[] = [];
    const a = createAutoscaler({ clock, store, driver: simulatedDriver({ allocationDelayMs: 0 }), onError: (e) => errors.push(e) });
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = $TargetDedicatedNodes + 1;", autoScaleEvaluationIntervalMs: 5 * MIN }));
    refuse = true;
    clock.advance(12 * MIN); // instants 5 and 10 refused, once each
    expect(errors.length).toBe(2);
    expect(value(a.getPool("p"))).toMatchObject({ targetDedicatedNodes: 1, runCount: 1, currentDedicatedNodes: 1 });
    refuse = false;
    clock.advance(3 * MIN); // t = 15
    expect(value(a.history("p")).map((r) => [r.seq, (r.time - T0) / MIN])).toEqual([[1, 0], [2, 15]]);
    expect(value(a.getPool("p"))).toMatchObject({ targetDedicatedNodes: 2, runCount: 2, currentDedicatedNodes: 2 });
  });

  it("the driver is asked only for the metrics it reports, and not at all for pools that read none", () => {
    const clock = virtualClock(T0);
    const sim = simulatedDriver({ allocationDelayMs: 0 });
    const asked: string[] = [];
    const driver = { ...sim, sample: (id: string, now: number, wanted: readonly string[]) => (asked.push(`${id}:${wanted.join(",")}`), sim.sample!(id, now, wanted)) };
    const a = createAutoscaler({ clock, store: memoryStore(), driver });
    value(a.addPool({ id: "tasks", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = max($PendingTasks.GetSample(1));" }));
    value(a.addPool({ id: "both", enableAutoScale: true, autoScaleFormula: "$u = $UsableNodeCount.GetSample(1); $p = $PendingTasks.GetSample(1); $TargetDedicatedNodes = 1;" }));
    clock.advance(MIN);
    // the samples at 0, 30 and 60 s
    expect(asked).toEqual(["both:$UsableNodeCount", "both:$UsableNodeCount", "both:$UsableNodeCount"]);
    expect(a.metrics("both")!.get("$UsableNodeCount").length).toBe(3);
  });

  it("the pools sampled follow their formulas: enable, disable, delete", () => {
    const clock = virtualClock(T0);
    const sim = simulatedDriver({ allocationDelayMs: 0 });
    const asked: string[] = [];
    const driver = { ...sim, sample: (id: string, now: number, wanted: readonly string[]) => (asked.push(`${(now - T0) / 1000}:${id}`), sim.sample!(id, now, wanted)) };
    const a = createAutoscaler({ clock, store: memoryStore(), driver });
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;" }));
    value(a.addPool({ id: "q", enableAutoScale: true, autoScaleFormula: "$u = $UsableNodeCount.GetSample(1); $TargetDedicatedNodes = 1;" }));
    clock.advance(30_000);
    value(a.enable("p", { formula: "$s = $SampleNodeCount.GetSample(1); $TargetDedicatedNodes = 1;" }));
    clock.advance(30_000);
    value(a.disable("q"));
    clock.advance(30_000);
    value(a.deletePool("p"));
    clock.advance(30_000);
    expect(asked).toEqual(["0:q", "30:q", "60:p", "60:q", "90:p"]);
  });

  it("samples: the driver's node counts every 30 s for the metrics a formula reads, pushed task counts, retention", () => {
    const { a, clock } = setup();
    const formula = "$n = max($UsableNodeCount.GetSample(1)); $p = max($PendingTasks.GetSample(1)); $TargetDedicatedNodes = max(1, $p);";
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationIntervalMs: 5 * MIN }));
    for (let i = 0; i < 10; i++) value(a.recordSamples("p", [{ metric: "$PendingTasks", t: T0 + i * 30_000, value: 3 }]));
    clock.advance(10 * MIN);
    const m = a.metrics("p")!;
    expect(m.get("$UsableNodeCount").length).toBe(21);
    expect(m.has("$CPUPercent")).toBe(false);
    const last = value(a.history("p")).at(-1)!;
    expect(last.run.error).toBeUndefined();
    expect(last.run.results).toMatch(/^\$TargetDedicatedNodes=3;.*\$n=3;\$p=3$/);
    clock.advance(3 * 3_600_000);
    expect(m.get("$UsableNodeCount").timeAt(0)).toBeGreaterThanOrEqual(clock.now() - 2 * 3_600_000 - 10 * MIN);
    expect(code(a.recordSamples("p", [{ metric: "not a name", t: 0, value: 1 }]))).toBe("InvalidPropertyValue");
  });

  it("retention: every pool's samples older than 2 h are gone within 10 minutes, a slice of the pools at each 30-s sample", () => {
    const { a, clock } = setup();
    const ids = Array.from({ length: 60 }, (_, i) => `pool-${i}`);
    for (const id of ids) value(a.addPool({ id, enableAutoScale: true, autoScaleFormula: "$u = $UsableNodeCount.GetSample(1); $TargetDedicatedNodes = 1;", autoScaleEvaluationIntervalMs: 5 * MIN }));
    for (const id of ids) value(a.recordSamples(id, [{ metric: "$PendingTasks", t: T0, value: 1 }]));
    const first = (id: string, metric: string) => {
      const s = a.metrics(id)!.get(metric);
      return s.length > 0 ? s.timeAt(0) : Infinity;
    };
    const oldest = () => ids.map((id) => Math.min(first(id, "$UsableNodeCount"), first(id, "$PendingTasks")));
    clock.advance(2 * 3_600_000);
    expect(oldest().every((t) => t === T0)).toBe(true);
    clock.advance(5 * MIN); // some pools pruned, not all
    const partly = oldest().filter((t) => t === T0).length;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(ids.length);
    clock.advance(5 * MIN);
    expect(oldest().every((t) => t >= clock.now() - 2 * 3_600_000 - 10 * MIN && t > T0)).toBe(true);
    expect(ids.every((id) => a.metrics(id)!.get("$PendingTasks").length === 0)).toBe(true);
  });

  it("shadow formulas run beside the active one, never applied, divergence kept", () => {
    const { a, clock } = setup();
    value(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 2;", autoScaleEvaluationIntervalMs: 5 * MIN }));
    value(a.setShadowFormulas("p", ["$TargetDedicatedNodes = 5;", "$TargetDedicatedNodes = $nope;"]));
    expect(code(a.setShadowFormulas("p", ["$TargetDedicatedNodes = ;"]))).toBe("AutoScalingFormulaSyntaxError");
    clock.advance(5 * MIN);
    const run = value(a.history("p")).at(-1)!;
    expect(run.shadows[0]).toMatchObject({ targets: { dedicated: 5, lowPriority: 0 }, divergence: { dedicated: 3, lowPriority: 0 } });
    expect(run.shadows[1]!.run.error?.code).toBe("AutoScalingFormulaEvaluationError");
    expect(run.shadows[1]!.divergence).toBeUndefined();
    expect(value(a.getPool("p")).targetDedicatedNodes).toBe(2);
  });

  it("validates create requests", () => {
    const { a } = setup();
    expect(code(a.addPool({ id: "a/b" }))).toBe("InvalidPropertyValue");
    expect(code(a.addPool({ id: "x".repeat(65) }))).toBe("InvalidPropertyValue");
    expect(code(a.addPool({ id: "p", enableAutoScale: true }))).toBe("MissingRequiredProperty");
    expect(code(a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;", targetDedicatedNodes: 1 }))).toBe("InvalidAutoScalingSettings");
    value(a.addPool({ id: "p" }));
    expect(code(a.addPool({ id: "p" }))).toBe("PoolExists");
    value(a.deletePool("p"));
    expect(code(a.getPool("p"))).toBe("PoolNotFound");
  });
});
