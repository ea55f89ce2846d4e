// Pinned results of the dry-run on representative workloads: every figure of the summary, and
// digests of the whole timeline (as CSV and as JSON), every task, every node and every recorded
// sample. The expected values were produced by the code before the dry-run's data layout changed
// (tasks as objects, the timeline as objects, replay entries as objects): a speed-up that changes
// any result fails here. The replay is pinned the same way (every entry's JSON).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { createRng } from "../../src/resizer/rng.ts";
import type { TaskSpec } from "../../src/resizer/pool.ts";
import { timelineToCsv } from "../../src/simulate/export.ts";
import { replay, simulate, type SimulateOptions } from "../../src/simulate/simulate.ts";
import type { ClosedLoopResult } from "../../src/simulate/closed-loop.ts";
import type { Decide } from "../../src/simulate/types.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const formula = (name: string) => readFileSync(new URL(`../../samples/dry-run/${name}.formula`, import.meta.url), "utf8");

/** `n` tasks over `days` days, busier in daytime, 1–20 minutes each (the bench's shape, smaller). */
function workload(n: number, days: number, seed: number, wide = 1): TaskSpec[] {
  const rng = createRng(seed);
  const tasks: TaskSpec[] = [];
  while (tasks.length < n) {
    const t = Math.floor(rng() * days * DAY);
    const hour = (t / 3_600_000) % 24;
    if (hour < 8 || hour >= 20 ? rng() < 0.3 : true) {
      const duration = 60_000 + Math.floor(rng() * rng() * 19 * MIN);
      tasks.push(wide > 1 ? { submit: t, duration, slots: 1 + Math.floor(rng() * wide), retention: Math.floor(rng() * 30) * MIN } : { submit: t, duration });
    }
  }
  return tasks;
}

/** Targets from the queue, cycling through the four deallocation options (and some failures). */
function cycling(): Decide {
  const options: readonly DeallocOption[] = ["requeue", "terminate", "taskcompletion", "retaineddata"];
  let i = 0;
  return (c) => {
    const k = i++;
    const timestamp = new Date(c.now).toISOString();
    if (k % 17 === 5) return { run: { timestamp, results: "", error: { code: "InsufficientSampleData", message: "x", values: [] } }, targets: undefined };
    const pending = c.store.get("$PendingTasks");
    const last = pending.length > 0 ? pending.valueAt(pending.length - 1) : 0;
    const dedicated = k % 23 === 7 ? NaN : Math.min(30, last / c.pool.taskSlotsPerNode) * (k % 3 === 0 ? 0.5 : 1);
    return { run: { timestamp, results: `$TargetDedicatedNodes=${dedicated}` }, targets: { dedicated, lowPriority: k % 5, deallocation: options[Math.floor(k / 4) % 4]! } };
  };
}

const json = (x: unknown, _r?: null, indent?: number) => JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), indent);
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

function fingerprint(r: ClosedLoopResult): Record<string, unknown> {
  const pool = r.pool!;
  const tasks = pool.tasks.map((t) => [t.index, t.id, t.submit, t.duration, t.slots, t.retention, t.state, t.node?.id, t.runStart, t.firstStart, t.end, t.wait, t.queuedSince, t.retries, t.requeues, t.gen, t.failure]);
  const nodes = pool.nodes.map((n) => [n.id, n.kind, n.state, n.requestedAt, n.leftAt, n.leaveMode, n.retainUntil, n.freeSlots, n.gen, n.preemptedMs, n.tasks.map((t) => t.id)]);
  const samples = r.store.names().map((name) => [name, [...r.store.get(name).times], [...r.store.get(name).values]]);
  return {
    diagnostics: r.diagnostics.map((d) => `${d.code} ${d.message}`),
    summary: JSON.parse(json(r.summary)),
    timelineCsv: digest(timelineToCsv(r.timeline)),
    timelineJson: digest(json(r.timeline)),
    entries: r.timeline.length,
    tasks: digest(json(tasks)),
    nodes: digest(json(nodes)),
    samples: digest(json(samples)),
    queue: pool.queue.toArray().map((t) => t.id),
  };
}

const scenarios: Record<string, () => ClosedLoopResult> = {
  "queue-depth, 6,000 tasks over 3 days": () => simulate(formula("queue-depth"), workload(6_000, 3, 2024), { start: 0, intervalMs: 5 * MIN, pool: { taskSlotsPerNode: 1 } }),
  "spot-mix with preemption, 4 slots, wide tasks, unsorted trace": () => {
    const tasks = workload(3_000, 2, 7, 4).reverse();
    const options: SimulateOptions = { start: 0, intervalMs: 5 * MIN, seed: 3, pool: { taskSlotsPerNode: 4, allocationDelayMs: 3 * MIN, preemption: { meanTimeToPreemptMs: 90 * MIN, recoveryMs: 15 * MIN } } };
    return simulate(formula("spot-mix"), tasks, options);
  },
  "every deallocation option, failures, NaN targets, a trace of preemptions, an unschedulable task": () => {
    const tasks = [...workload(2_000, 2, 11, 3), { id: "too-wide", submit: 3 * 60 * MIN, duration: MIN, slots: 9 }];
    const events = Array.from({ length: 40 }, (_, i) => ({ time: (i * 71 + 13) * MIN, count: 1 + (i % 3) }));
    const options: SimulateOptions = { start: 0, intervalMs: 5 * MIN, seed: 5, end: 2 * DAY + 6 * 60 * MIN, pool: { taskSlotsPerNode: 3, initialLowPriority: 2, preemption: { events, recoveryMs: 20 * MIN } } };
    return simulate(cycling(), tasks, options);
  },
  "queue-cap cut off mid-run: tasks still queued and running at the end": () =>
    simulate(formula("queue-cap"), workload(4_000, 2, 5, 2), { start: 0, intervalMs: 15 * MIN, end: DAY + 13 * 60 * MIN, pool: { taskSlotsPerNode: 2, maxDedicated: 6 } }),
  "cpu formula, retaineddata-free, 30-min interval": () => simulate(formula("cpu"), workload(2_500, 2, 99), { start: 0, intervalMs: 30 * MIN, seed: 9, cpuNoise: 5 }),
};

describe("pinned dry-run results", () => {
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, async () => {
      const r = run();
      expect(r.summary).toBeDefined();
      await expect(json(fingerprint(r), null, 1)).toMatchFileSnapshot(`__golden__/pinned-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`);
    });
  }

  it("replay of the first scenario's samples (targets only, and with every run)", async () => {
    const closed = scenarios["queue-depth, 6,000 tasks over 3 days"]!();
    const out: Record<string, unknown> = {};
    for (const keepRuns of [false, true]) {
      const r = replay(formula("queue-depth"), closed.store, { intervalMs: 5 * MIN, keepRuns });
      out[`keepRuns ${keepRuns}`] = { diagnostics: r.diagnostics.map((d) => d.code), evaluationErrors: r.evaluationErrors, entries: r.entries.length, digest: digest(json(r.entries)), first: r.entries.slice(0, 3) };
    }
    await expect(json(out, null, 1)).toMatchFileSnapshot("__golden__/pinned-replay.json");
  });
});
