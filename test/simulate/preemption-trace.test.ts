// Preemption traces in the dry-run: the CSV loader (loadPreemptions), the `pool.preemption`
// option's trace form (validation, relative / ISO / epoch-ms times), $PreemptedNodeCount as the
// simulated pool saw it, and a formula that replaces preempted nodes against one that does not.
import { describe, expect, it } from "vitest";
import { loadPreemptions, simulate, runCandidate, DEFAULT_RELATIVE_START } from "../../src/entry/simulate.ts";

const M = 60_000;
const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);
const messages = (ds: readonly { message: string }[]) => ds.map((d) => d.message);

describe("loadPreemptions", () => {
  it("reads time[,count] lines: seconds from the start, count default 1, # comments, no header", () => {
    const r = loadPreemptions("# evictions\n600\n1200,3\n\n90.5,0\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.trace).toEqual({ relative: true, events: [{ time: 600_000, count: 1 }, { time: 1_200_000, count: 3 }, { time: 90_500, count: 0 }] });
  });

  it("reads ISO 8601 times as instants, with a header in either column order", () => {
    const r = loadPreemptions("count,time\n2,2024-03-04T01:30:00Z\n1,2024-03-04T02:00:00+01:00\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.trace).toEqual({ relative: false, events: [{ time: Date.UTC(2024, 2, 4, 1, 30), count: 2 }, { time: Date.UTC(2024, 2, 4, 1), count: 1 }] });
  });

  it("an `epoch` header makes numbers Unix epoch seconds", () => {
    const r = loadPreemptions("epoch,count\n1709515800,4\n2024-03-04T01:40:00Z\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.trace).toEqual({ relative: false, events: [{ time: Date.UTC(2024, 2, 4, 1, 30), count: 4 }, { time: Date.UTC(2024, 2, 4, 1, 40), count: 1 }] });
  });

  it("reports every bad line by its number (R502), keeping the good ones", () => {
    const text = "time,count\n60,1\nsoon,1\n120,-2\n180,1.5\n2024-03-04T01:00:00Z\n240,1,x\n300,100001\n";
    const r = loadPreemptions(text);
    expect(codes(r.diagnostics).every((c) => c === "R502")).toBe(true);
    expect(messages(r.diagnostics)).toEqual([
      "line 3: time \"soon\" is not seconds from the start or an ISO 8601 date-time with a zone",
      "line 4: count \"-2\" is not a whole number of nodes from 0 to 100,000",
      "line 5: count \"1.5\" is not a whole number of nodes from 0 to 100,000",
      "line 6: time \"2024-03-04T01:00:00Z\" mixes absolute times with the file's seconds from the start",
      "line 7: 3 fields, expected time[,count]",
      "line 8: count \"100001\" is not a whole number of nodes from 0 to 100,000",
    ]);
    // each diagnostic's span starts its line (the CLI prints file:line:col)
    expect(text.slice(r.diagnostics[0]!.span.start).startsWith("soon,1")).toBe(true);
    expect(r.trace.events).toEqual([{ time: 60_000, count: 1 }]);
  });

  it("refuses unknown header columns, an empty file and text that is not a string", () => {
    expect(messages(loadPreemptions("when,count\n60\n").diagnostics)).toEqual(["line 1: unknown column 'when': expected time (or epoch) and count"]);
    for (const header of ["count", "time,epoch", "time,count,count"]) {
      expect(messages(loadPreemptions(`${header}\n1\n`).diagnostics)).toEqual(["line 1: the header needs one time (or epoch) column and at most one count column"]);
    }
    expect(messages(loadPreemptions("# nothing\n").diagnostics)).toEqual(["the preemption trace has no events: expected one per line (time[,count])"]);
    for (const junk of [null, 3, {}, []]) expect(codes(loadPreemptions(junk as never).diagnostics)).toEqual(["R502"]);
  });

  it("stops at 100,000 events (docs/limits.md)", () => {
    const text = Array.from({ length: 100_001 }, (_, i) => String(i)).join("\n");
    const r = loadPreemptions(text);
    expect(r.trace.events).toHaveLength(100_000);
    expect(messages(r.diagnostics)).toEqual(["line 100001: more than 100,000 preemption events: merge events at the same time (count) or split the trace"]);
  });
});

// 10 low-priority nodes from the start; 60 tasks of 30 min, one every 3 min.
const tasks = Array.from({ length: 60 }, (_, i) => ({ submit: i * 3 * M, duration: 30 * M }));
const workload = { tasks, relative: true };
const FIXED = "$TargetLowPriorityNodes = 10;\n$NodeDeallocationOption = taskcompletion;";
const REPLACE =
  "$p = $PreemptedNodeCount.GetSamplePercent(TimeInterval_Minute * 2) > 0 ? max($PreemptedNodeCount.GetSample(1)) : 0;\n" +
  "$TargetLowPriorityNodes = 10 + $p;\n$NodeDeallocationOption = taskcompletion;";
const EVENTS = [{ time: 20 * M, count: 4 }, { time: 70 * M, count: 5 }, { time: 135 * M, count: 6 }];
const options = (preemption: object, extra: object = {}) => ({ intervalMs: 5 * M, pool: { initialLowPriority: 10, preemption }, ...extra });
const trace = { events: EVENTS, relative: true, recoveryMs: 60 * M };

/** $PreemptedNodeCount at minute m after the start (the sample at that instant). */
function preemptedAt(r: ReturnType<typeof simulate>, minute: number): number | undefined {
  const s = r.store.get("$PreemptedNodeCount");
  const t = r.summary!.start + minute * M;
  for (let i = 0; i < s.length; i++) if (s.timeAt(i) === t) return s.valueAt(i);
  return undefined;
}

describe("simulate with pool.preemption.events", () => {
  it("preempts count nodes at each event's time: $PreemptedNodeCount records the pool", () => {
    const r = simulate(FIXED, workload, options(trace));
    expect(r.diagnostics).toEqual([]);
    // 4 at 20 min (back at 80), 5 more at 70 (back at 130), 6 at 135 (back at 195)
    expect([19.5, 20, 69.5, 70, 79.5, 80, 129.5, 130, 134.5, 135, 194.5, 195].map((m) => preemptedAt(r, m))).toEqual([0, 4, 4, 9, 9, 5, 5, 0, 0, 6, 6, 0]);
    // every timeline entry agrees with the recorded samples
    for (const e of r.timeline) expect(preemptedAt(r, (e.time - r.summary!.start) / M)).toBe(e.nodes.lowPriority.preempted + e.nodes.dedicated.preempted);
    expect(r.summary!.tasks.requeuedByPreemption).toBeGreaterThan(0);
    expect(r.summary!.tasks.succeeded).toBe(60);
  });

  it("relative times, ISO 8601 text and epoch ms give the same run", () => {
    const start = DEFAULT_RELATIVE_START;
    const iso = { events: EVENTS.map((e) => ({ ...e, time: new Date(start + e.time).toISOString() })), recoveryMs: 60 * M };
    const epoch = { events: EVENTS.map((e) => ({ ...e, time: start + e.time })), recoveryMs: 60 * M };
    const runs = [trace, iso, epoch].map((p) => simulate(FIXED, workload, options(p)));
    for (const r of runs) expect(r.diagnostics).toEqual([]);
    expect(runs[1]!.summary).toEqual(runs[0]!.summary);
    expect(runs[2]!.summary).toEqual(runs[0]!.summary);
  });

  it("relative times count from options.start when given", () => {
    const start = Date.UTC(2024, 5, 3);
    const r = simulate(FIXED, workload, options(trace, { start }));
    expect(r.summary!.start).toBe(start);
    expect([19.5, 20].map((m) => preemptedAt(r, m))).toEqual([0, 4]);
  });

  it("is deterministic: the same seed preempts the same nodes; events before the start never fire", () => {
    const a = simulate(FIXED, workload, options(trace, { seed: 3 }));
    const b = simulate(FIXED, workload, options(trace, { seed: 3 }));
    expect(b.summary).toEqual(a.summary);
    expect(b.timeline.map((e) => e.nodes)).toEqual(a.timeline.map((e) => e.nodes));
    const withEarly = simulate(FIXED, workload, options({ ...trace, events: [{ time: -10 * M, count: 10 }, ...EVENTS] }, { seed: 3 }));
    expect(withEarly.summary).toEqual(a.summary);
  });

  it("a formula that replaces preempted nodes runs more low-priority node-hours and makes tasks wait less", () => {
    const opts = options(trace);
    const fixed = runCandidate("fixed", FIXED, workload, opts);
    const replace = runCandidate("replace", REPLACE, workload, opts);
    expect(fixed.diagnostics).toEqual([]);
    expect(replace.diagnostics).toEqual([]);
    expect(replace.summary!.nodeHours.lowPriority).toBeGreaterThan(fixed.summary!.nodeHours.lowPriority);
    expect(replace.summary!.wait.p95).toBeLessThan(fixed.summary!.wait.p95 / 2);
    // the same trace without preemptions: the two formulas are the same pool
    const calm = options({ ...trace, events: [] });
    expect(runCandidate("replace", REPLACE, workload, calm).summary!.nodeHours).toEqual(runCandidate("fixed", FIXED, workload, calm).summary!.nodeHours);
  });
});

describe("pool.preemption option problems are R505", () => {
  const problem = (preemption: unknown) => {
    const r = simulate(FIXED, workload, { pool: { preemption: preemption as never } });
    expect(codes(r.diagnostics)).toEqual(["R505"]);
    expect(r.summary).toBeUndefined();
    return r.diagnostics[0]!.message;
  };
  it.each([
    [{ meanTimeToPreemptMs: 3_600_000, events: [], recoveryMs: 0 }, "options.pool.preemption: give meanTimeToPreemptMs (a rate) or events (a trace), not both"],
    [{ events: "60,1" }, "options.pool.preemption.events must be an array of { time, count }, not \"60,1\""],
    [{ events: [{ time: 0 }, 5] }, "options.pool.preemption.events[1] must be an object { time, count }, not 5"],
    [{ events: [{ time: Number.NaN }] }, "options.pool.preemption.events[0].time must be epoch ms or an ISO 8601 date-time with a zone, not NaN"],
    [{ events: [{ time: "tomorrow" }] }, "options.pool.preemption.events[0].time must be epoch ms or an ISO 8601 date-time with a zone, not \"tomorrow\""],
    [{ events: [{ time: "1709515800000" }] }, "options.pool.preemption.events[0].time must be epoch ms or an ISO 8601 date-time with a zone, not \"1709515800000\""],
    [{ relative: true, events: [{ time: "2024-03-04T00:00:00Z" }] }, "options.pool.preemption.events[0].time must be a finite number of ms from the start, not \"2024-03-04T00:00:00Z\""],
    [{ events: [{ time: 0, count: -1 }] }, "options.pool.preemption.events[0].count must be a whole number of nodes from 0 to 100,000, not -1"],
    [{ events: [{ time: 0, count: 2.5 }] }, "options.pool.preemption.events[0].count must be a whole number of nodes from 0 to 100,000, not 2.5"],
    [{ relative: "yes", events: [] }, "options.pool.preemption.relative must be true or false, not \"yes\""],
  ])("%j", (preemption, message) => {
    expect(problem(preemption)).toBe(message);
  });

  it("more than 100,000 events", () => {
    expect(problem({ events: Array.from({ length: 100_001 }, () => ({ time: 0 })) })).toBe("options.pool.preemption.events has 100001 events; at most 100,000");
  });
});
