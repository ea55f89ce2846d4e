// The dry-run's timeline and the replay's entries are kept as columns while the loops run
// (src/simulate/columns.ts) and built into objects when first read: every field must read as the
// decision function returned it and as the loop computed it, whatever the values (-0, NaN,
// ±Infinity, fractions, any deallocation name, errors with or without targets, runs kept or not).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { MetricsStore } from "../../src/metrics/store.ts";
import { runClosedLoop } from "../../src/simulate/closed-loop.ts";
import { runOpenLoop } from "../../src/simulate/open-loop.ts";
import { replay, simulate } from "../../src/simulate/simulate.ts";
import type { Decide, Decision } from "../../src/simulate/types.ts";

const MIN = 60_000;
const numberArb = fc.oneof(fc.double({ min: -5, max: 40 }), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 3, 12.5));
const decisionArb = fc.record({
  error: fc.boolean(),
  targets: fc.option(fc.record({ dedicated: numberArb, lowPriority: numberArb, deallocation: fc.constantFrom("requeue", "terminate", "taskcompletion", "retaineddata", "somethingElse") }), { nil: undefined }),
  keepRun: fc.boolean(),
});

function store(minutes: number): MetricsStore {
  const s = new MetricsStore();
  for (let i = 0; i <= minutes * 2; i++) {
    s.append("$PendingTasks", i * 30_000, i % 20);
    if (i % 3 === 0) s.append("$CurrentDedicatedNodes", i * 30_000, (i * 7) % 11);
  }
  return s;
}

describe("replay entries", () => {
  it("read as the decisions and the loop's own figures", () => {
    const optionsArb = fc.record({
      // fractional starts and intervals: sums that drift from start + i × interval
      start: fc.oneof(fc.constant(undefined), fc.constant(0.1), fc.integer({ min: 0, max: 30 }).map((m) => m * MIN + 0.3)),
      intervalMs: fc.constantFrom(5 * MIN, 5 * MIN + 0.1, 7 * MIN + 1 / 3),
      low: fc.boolean(),
      initial: fc.record({ targetDedicatedNodes: fc.integer({ min: 0, max: 4 }), targetLowPriorityNodes: fc.double({ min: 0, max: 3, noNaN: true }) }),
    });
    fc.assert(
      fc.property(fc.array(decisionArb, { minLength: 1, maxLength: 30 }), fc.boolean(), optionsArb, (script, keepRuns, o) => {
        const decisions: Decision[] = [];
        const seen: { d: number; l: number; cd: number; cl: number }[] = [];
        let i = 0;
        const decide: Decide = (c) => {
          const s = script[i++ % script.length]!;
          const timestamp = new Date(c.now).toISOString();
          const run = s.error ? { timestamp, results: "", error: { code: "X", message: "m", values: [] } } : s.keepRun || c.wantRun !== false ? { timestamp, results: `r${i}` } : undefined;
          const targets = s.targets && { ...s.targets, deallocation: s.targets.deallocation as DeallocOption };
          const d: Decision = { run, targets };
          decisions.push(d);
          seen.push({ d: c.pool.targetDedicatedNodes, l: c.pool.targetLowPriorityNodes, cd: c.pool.currentDedicatedNodes, cl: c.pool.currentLowPriorityNodes });
          return d;
        };
        const metrics = store(120);
        if (o.low) for (let k = 0; k < 100; k++) metrics.append("$CurrentLowPriorityNodes", k * 61_000 + 20_000, k % 4);
        const r = runOpenLoop(decide, metrics, { ...(o.start === undefined ? {} : { start: o.start }), intervalMs: o.intervalMs, keepRuns, ...o.initial });
        expect(r.entries).toBe(r.entries);
        expect(r.entries.length).toBe(decisions.length);
        let time = o.start ?? 0;
        r.entries.forEach((e, k) => {
          expect(e.time).toBe(time);
          time += o.intervalMs;
          expect(e.run).toBe(decisions[k]!.run);
          expect(e.targets).toEqual(decisions[k]!.targets);
          if (e.targets) expect(Object.keys(e.targets)).toEqual(["dedicated", "lowPriority", "deallocation"]);
          // the targets in force after an evaluation are the next one's starting point
          if (k + 1 < seen.length) expect(e.poolTargets).toEqual({ dedicated: seen[k + 1]!.d, lowPriority: seen[k + 1]!.l });
          expect(e.current).toEqual({ dedicated: seen[k]!.cd, lowPriority: seen[k]!.cl });
          expect(Object.keys(e)).toEqual(["time", "run", "targets", "poolTargets", "current"]);
        });
        expect(r.evaluationErrors).toBe(decisions.filter((d) => d.run?.error).length);
      }),
      { numRuns: 150 },
    );
  });

  it("a decision function of the caller's gets a context of its own at every evaluation", () => {
    const seen: { now: number; pool: { currentDedicatedNodes: number } }[] = [];
    const decide: Decide = (c) => {
      seen.push(c);
      return { run: { timestamp: "", results: "" }, targets: { dedicated: c.now / MIN, lowPriority: 0, deallocation: "requeue" } };
    };
    runOpenLoop(decide, store(60), { intervalMs: 15 * MIN, keepRuns: false });
    expect(new Set(seen).size).toBe(5);
    expect(new Set(seen.map((c) => c.pool)).size).toBe(5);
    expect(seen.map((c) => c.now / MIN)).toEqual([0, 15, 30, 45, 60]);
  });

  it("a replay result keeps its entries lazy through replay() and reads the same as JSON", () => {
    const r = replay("$TargetDedicatedNodes = 2;", store(60), { intervalMs: 15 * MIN, keepRuns: false });
    expect(Object.getOwnPropertyDescriptor(r, "entries")?.get).toBeTypeOf("function");
    expect(JSON.parse(JSON.stringify(r)).entries).toHaveLength(5);
    expect({ ...r }.entries).toBe(r.entries);
  });
});

describe("closed-loop timeline", () => {
  it("keeps each decision's targets object and run, in entries of the documented shape", () => {
    const decisions: Decision[] = [];
    let i = 0;
    const decide: Decide = ({ now }) => {
      const k = i++;
      const timestamp = new Date(now).toISOString();
      const d: Decision =
        k % 5 === 3
          ? { run: { timestamp, results: "", error: { code: "X", message: "m", values: [] } }, targets: { dedicated: 9, lowPriority: 0, deallocation: "requeue" } }
          : { run: { timestamp, results: `r${k}` }, targets: { dedicated: k % 4 === 1 ? NaN : k % 3, lowPriority: -0, deallocation: k % 2 ? "terminate" : "requeue" } };
      decisions.push(d);
      return d;
    };
    const tasks = Array.from({ length: 30 }, (_, k) => ({ submit: k * 2 * MIN, duration: 9 * MIN }));
    const r = runClosedLoop(decide, tasks, { start: 0, intervalMs: 5 * MIN, pool: { allocationDelayMs: 0 } });
    expect(r.timeline).toBe(r.timeline);
    expect(r.timeline.length).toBe(decisions.length);
    r.timeline.forEach((e, k) => {
      expect(e.targets).toBe(decisions[k]!.targets);
      expect(e.run).toBe(decisions[k]!.run);
      expect(Object.keys(e)).toEqual(["time", "run", "targets", "applied", ...(e.note === undefined ? [] : ["note"]), "nodes", "poolTargets", "queued", "running", "demand"]);
    });
    expect(r.timeline.some((e) => e.note?.startsWith("evaluation error"))).toBe(true);
    expect(r.timeline.some((e) => e.note !== undefined && !e.note.startsWith("evaluation error"))).toBe(true);
    const s = simulate(decide, tasks, { start: 0, intervalMs: 5 * MIN });
    expect(Object.getOwnPropertyDescriptor(s, "timeline")?.get).toBeTypeOf("function");
  });
});

describe("resizes from the columns", () => {
  it("count as countResizes does on the built timeline", async () => {
    const { countResizes } = await import("../../src/simulate/measure/elasticity.ts");
    const { timelineColumnsOf } = await import("../../src/simulate/columns.ts");
    fc.assert(
      fc.property(fc.array(fc.record({ d: fc.integer({ min: 0, max: 4 }), l: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 40 }), fc.nat(3), (steps, initial) => {
        let i = 0;
        const decide: Decide = ({ now }) => {
          const s = steps[i++ % steps.length]!;
          return { run: { timestamp: new Date(now).toISOString(), results: "" }, targets: { dedicated: s.d, lowPriority: s.l, deallocation: "requeue" } };
        };
        const tasks = [{ submit: 0, duration: 90 * MIN }];
        const r = simulate(decide, tasks, { start: 0, intervalMs: 5 * MIN, pool: { initialDedicated: initial } });
        const columns = timelineColumnsOf(r)!;
        expect(columns).toBeDefined();
        const start = { dedicated: initial, lowPriority: 0 };
        expect(columns.countResizes(start)).toBe(countResizes(r.timeline, start));
      }),
      { numRuns: 100 },
    );
  });
});
