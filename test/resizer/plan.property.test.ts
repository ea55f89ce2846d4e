// fast-check over random snapshots and random simulated pools: a plan never removes more nodes
// than needed, never adds past the quota, reaches the targets when applied, takes nodes in the
// removal order and leaves its input untouched; and the simulator decides exactly as before
// planResize existed (the pre-planResize resizer, test/resizer/legacy-resize.ts, on a twin pool)
// and as planResize does on an embedder's copy of the same pool.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { advanceTo } from "../../src/resizer/engine.ts";
import { checkInvariants } from "../../src/resizer/invariant.ts";
import { planResize, removalOrder, type ResizeSnapshot, type SnapshotNode, type SnapshotTask } from "../../src/resizer/plan.ts";
import { DEFAULT_POOL_CONFIG, Pool, type NodeKind, type NodeState, type PoolConfig, type TaskSpec } from "../../src/resizer/pool.ts";
import { resize, snapshotOf } from "../../src/resizer/resize.ts";
import { dispatch } from "../../src/resizer/scheduler.ts";
import { legacyResize } from "./legacy-resize.ts";

const MIN = 60_000;
const NOW = 100 * MIN;
const OPTIONS: readonly DeallocOption[] = ["requeue", "terminate", "taskcompletion", "retaineddata"];
const KINDS: readonly NodeKind[] = ["dedicated", "lowPriority"];

const targetArb = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -5, max: 30, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
const nodeArb = (slotsPerNode: number) =>
  fc
    .record({
      kind: fc.constantFrom<NodeKind>(...KINDS),
      state: fc.constantFrom<NodeState>("allocating", "idle", "running", "running", "leaving", "preempted", "left"),
      starts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: slotsPerNode }),
      retainUntil: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      retention: fc.integer({ min: 0, max: 60 }),
      leavingIdle: fc.boolean(),
    })
    .map(({ kind, state, starts, retainUntil, retention, leavingIdle }) => ({
      kind,
      state,
      tasks: state === "running" || (state === "leaving" && !leavingIdle) ? starts.map((m, i): SnapshotTask => ({ id: `t${i}`, runStart: m * MIN, slots: 1, retention: retention * MIN })) : [],
      ...(retainUntil === undefined ? {} : { retainUntil: retainUntil * MIN }),
    }));
const snapshotArb = fc.integer({ min: 1, max: 3 }).chain((slots) =>
  fc.record({
    slots: fc.constant(slots),
    nodes: fc.array(nodeArb(slots), { maxLength: 14 }),
    quota: fc.option(fc.record({ dedicated: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(Infinity)), lowPriority: fc.integer({ min: 0, max: 12 }) }), { nil: undefined }),
    dedicated: targetArb,
    lowPriority: targetArb,
    deallocation: fc.constantFrom(...OPTIONS),
  }),
);

const rank = (n: SnapshotNode): number => (n.state === "allocating" ? 0 : n.state === "preempted" ? 1 : n.state === "idle" ? 2 : 3);
const lost = (n: SnapshotNode): number => (rank(n) === 3 ? n.tasks.reduce((s, t) => s + (NOW - t.runStart) * t.slots, 0) : 0);

describe("planResize properties", () => {
  it("minimal removals in removal order, additions within the quota, targets reached, input untouched", () => {
    fc.assert(
      fc.property(snapshotArb, (a) => {
        const nodes: SnapshotNode[] = a.nodes.map((n, i) => ({ id: `node-${i}`, ...n }));
        const snapshot: ResizeSnapshot = { nodes, targets: { dedicated: 1, lowPriority: 2 }, taskSlotsPerNode: a.slots, ...(a.quota ? { quota: a.quota } : {}) };
        const before = structuredClone(snapshot);
        const plan = planResize(snapshot, { dedicated: a.dedicated, lowPriority: a.lowPriority, deallocation: a.deallocation }, NOW);
        expect(snapshot).toEqual(before);
        if (!Number.isFinite(a.dedicated) || !Number.isFinite(a.lowPriority)) {
          expect(plan.applied).toBe(false);
          expect(plan.target).toEqual({ dedicated: 1, lowPriority: 2 });
          return;
        }
        expect(plan.refused).toBeUndefined();
        expect(new Set(plan.remove.map((r) => r.node)).size).toBe(plan.remove.length);
        for (const kind of KINDS) {
          const inPool = nodes.filter((n) => n.kind === kind && n.state !== "left");
          const candidates = inPool.filter((n) => n.state !== "leaving");
          const quota = a.quota?.[kind] ?? Infinity;
          const asked = Math.max(0, Math.trunc(kind === "dedicated" ? a.dedicated : a.lowPriority));
          const target = Math.min(asked, quota);
          expect(plan.target[kind]).toBe(target);
          const removed = plan.remove.filter((r) => r.node.kind === kind).map((r) => r.node);
          const add = plan.add[kind];
          // never more removals than needed, only candidates, and never both ways
          expect(removed.length).toBe(Math.max(0, candidates.length - target));
          for (const n of removed) expect(candidates).toContain(n);
          if (removed.length > 0) expect(add).toBe(0);
          // never past the quota (leaving nodes occupy it); the target is reached unless the quota stops it
          expect(add).toBeGreaterThanOrEqual(0);
          if (add > 0) expect(inPool.length + add).toBeLessThanOrEqual(quota);
          const after = candidates.length - removed.length + add;
          if (after !== target) {
            expect(after).toBeLessThan(target);
            expect(inPool.length + add).toBeGreaterThanOrEqual(quota);
          }
          // removal order: no kept candidate goes before a removed one
          const kept = candidates.filter((n) => !removed.includes(n));
          const key = (n: SnapshotNode) => [rank(n), lost(n), -nodes.indexOf(n)] as const;
          for (const r of removed) {
            for (const k of kept) {
              const [x, y] = [key(r), key(k)];
              expect(x[0] < y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2]))), `${r.id} removed before ${k.id}`).toBe(true);
            }
          }
        }
        for (const r of plan.remove) {
          const idle = r.node.state === "allocating" || r.node.state === "preempted";
          const fate = idle ? "none" : a.deallocation === "requeue" || a.deallocation === "terminate" ? a.deallocation : "finish";
          expect(r.taskFate).toBe(fate);
          if (r.leaves !== "now") expect(r.taskFate).toBe("finish");
        }
        // the same plan from counts given by the embedder
        const counts = Object.fromEntries(
          KINDS.map((k) => {
            const inPool = nodes.filter((n) => n.kind === k && n.state !== "left");
            return [k, { current: inPool.length, leaving: inPool.filter((n) => n.state === "leaving").length }];
          }),
        ) as unknown as NonNullable<ResizeSnapshot["counts"]>;
        expect(planResize({ ...snapshot, counts }, { dedicated: a.dedicated, lowPriority: a.lowPriority, deallocation: a.deallocation }, NOW)).toEqual(plan);
      }),
      { numRuns: 400 },
    );
  });

  it("removalOrder with `first` starts with the same nodes as the whole order", () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom<NodeKind>(...KINDS), fc.integer({ min: 0, max: 16 }), (a, kind, first) => {
        const nodes: SnapshotNode[] = a.nodes.map((n, i) => ({ id: `node-${i}`, ...n }));
        const whole = removalOrder(nodes, kind, NOW);
        const some = removalOrder(nodes, kind, NOW, first);
        expect(some.length).toBeGreaterThanOrEqual(Math.min(first, whole.length));
        expect(some).toEqual(whole.slice(0, some.length));
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the simulator: resize() against the pre-planResize resizer, and against planResize on a copy ----

const taskArb = fc.record({
  submit: fc.integer({ min: 0, max: 4 * 60 }).map((m) => m * MIN),
  duration: fc.integer({ min: 0, max: 120 }).map((m) => m * MIN),
  slots: fc.integer({ min: 1, max: 3 }),
  retention: fc.integer({ min: 0, max: 90 }).map((m) => m * MIN),
});
const stepArb = fc.record({
  advanceMin: fc.integer({ min: 0, max: 25 }),
  dedicated: fc.oneof({ weight: 10, arbitrary: fc.double({ min: -2, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) }),
  lowPriority: fc.integer({ min: 0, max: 7 }),
  deallocation: fc.constantFrom(...OPTIONS),
});
const configArb = fc.record({
  taskSlotsPerNode: fc.integer({ min: 1, max: 3 }),
  allocationDelayMs: fc.integer({ min: 0, max: 8 }).map((m) => m * MIN),
  initialDedicated: fc.integer({ min: 0, max: 3 }),
  initialLowPriority: fc.integer({ min: 0, max: 2 }),
  maxDedicated: fc.integer({ min: 2, max: 9 }),
  maxLowPriority: fc.integer({ min: 1, max: 6 }),
  preempt: fc.boolean(),
  seed: fc.nat(1000),
});

function makePool(c: typeof configArb extends fc.Arbitrary<infer T> ? T : never, specs: TaskSpec[]): Pool {
  const { preempt, ...rest } = c;
  const config: PoolConfig = { ...DEFAULT_POOL_CONFIG, ...rest, preemption: preempt ? { meanTimeToPreemptMs: 30 * MIN, recoveryMs: 15 * MIN } : undefined };
  return new Pool(config, specs, 0);
}

/** Everything observable about a pool (and the order of its pending events, through `events.size` and later steps). */
function fingerprint(pool: Pool): unknown {
  return {
    nodes: pool.nodes.map((n) => `${n.id} ${n.kind} ${n.state} ${n.leftAt} ${n.leaveMode} ${n.retainUntil} ${n.freeSlots} ${n.gen} [${n.tasks.map((t) => t.id)}]`),
    tasks: pool.tasks.map((t) => `${t.id} ${t.state} ${t.runStart} ${t.end} ${t.wait} ${t.requeues} ${t.failure} ${t.node?.id}`),
    queue: pool.queue.toArray().map((t) => t.id),
    counters: [pool.now, pool.freeSlots, pool.busySlots, pool.queuedSlots, pool.running, pool.succeeded, pool.failed, pool.requeuedByResize, pool.requeuedByPreemption, pool.terminated, pool.targetDedicated, pool.targetLowPriority, pool.events.size],
  };
}

/** What an embedder would build from its own records: plain copies, string ids, oldest first. */
function embedderSnapshot(pool: Pool): ResizeSnapshot {
  return {
    nodes: pool.active.map((n) => ({
      id: `tvm-${n.id}`,
      kind: n.kind,
      state: n.state,
      tasks: n.tasks.map((t) => ({ id: t.id, runStart: t.runStart, slots: t.slots, retention: t.retention })),
      retainUntil: n.retainUntil,
    })),
    targets: { dedicated: pool.targetDedicated, lowPriority: pool.targetLowPriority },
    taskSlotsPerNode: pool.config.taskSlotsPerNode,
    quota: { dedicated: pool.config.maxDedicated, lowPriority: pool.config.maxLowPriority },
  };
}

describe("the simulator's resize is planResize", () => {
  it("decides exactly as the resizer before planResize, and as planResize on an embedder's copy of the pool", () => {
    fc.assert(
      fc.property(configArb, fc.array(taskArb, { maxLength: 30 }), fc.array(stepArb, { minLength: 1, maxLength: 16 }), (config, specs, steps) => {
        const pool = makePool(config, specs);
        const twin = makePool(config, specs);
        let t = 0;
        for (const s of steps) {
          t += s.advanceMin * MIN;
          advanceTo(pool, t);
          advanceTo(twin, t);
          const targets = { dedicated: s.dedicated, lowPriority: s.lowPriority, deallocation: s.deallocation };
          const copy = embedderSnapshot(pool);
          const view = snapshotOf(pool);
          const embedded = planResize(copy, targets, t);
          const r = resize(pool, targets, t);
          const old = legacyResize(twin, targets, t);
          dispatch(pool, t);
          dispatch(twin, t);
          // same decision as before planResize, same pool afterwards
          expect(r.applied).toBe(old.applied);
          expect(r.refused).toBe(old.refused);
          expect(r.target).toEqual(old.target);
          expect(r.clamped).toEqual(old.clamped);
          expect(r.added).toEqual(old.added);
          expect(r.removed.map((n) => n.id)).toEqual(old.removed.map((n) => n.id));
          expect(r.requeued.map((x) => x.id)).toEqual(old.requeued.map((x) => x.id));
          expect(r.terminated.map((x) => x.id)).toEqual(old.terminated.map((x) => x.id));
          expect(fingerprint(pool)).toEqual(fingerprint(twin));
          expect(checkInvariants(pool)).toEqual([]);
          // the embedder's plan on its copy is the plan the simulator applied
          const strip = (p: typeof embedded) => ({ ...p, remove: p.remove.map((x) => ({ ...x, node: String(x.node.id).replace("tvm-", "") })) });
          expect(strip(embedded)).toEqual(strip(r.plan));
          expect(view.nodes).toBe(pool.active);
          // what the plan says happens to the tasks is what happened
          const fated = (f: string) => embedded.remove.filter((x) => x.taskFate === f).flatMap((x) => x.node.tasks.map((task) => task.id));
          expect(r.requeued.map((x) => x.id)).toEqual(fated("requeue"));
          expect(r.terminated.map((x) => x.id)).toEqual(fated("terminate"));
          for (const x of r.plan.remove) {
            if (x.leaves === "now") expect(x.node.state).toBe("left");
            else expect(x.node.state).toBe("leaving");
          }
        }
        // and the futures agree too
        advanceTo(pool, t + 600 * MIN);
        advanceTo(twin, t + 600 * MIN);
        expect(fingerprint(pool)).toEqual(fingerprint(twin));
      }),
      { numRuns: 250 },
    );
  });
});
