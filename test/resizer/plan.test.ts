// planResize on hand-built snapshots, as an embedder would build them (string ids, plain objects).
// Expected plans are worked out by hand in the comments, not recorded from a run.
import { describe, expect, it } from "vitest";
import type { DeallocOption } from "../../src/check/symbols.ts";
import { planResize, type ResizePlan, type ResizeSnapshot, type SnapshotNode, type SnapshotTask, type Targets } from "../../src/resizer/plan.ts";
import { MIN } from "./helpers.ts";

type State = SnapshotNode["state"];
const task = (id: string, startMin: number, extra: { slots?: number; retentionMin?: number } = {}): SnapshotTask => ({
  id,
  runStart: startMin * MIN,
  slots: extra.slots ?? 1,
  ...(extra.retentionMin === undefined ? {} : { retention: extra.retentionMin * MIN }),
});
const node = (id: string, state: State, tasks: SnapshotTask[] = [], extra: { kind?: SnapshotNode["kind"]; retainUntilMin?: number } = {}): SnapshotNode => ({
  id,
  kind: extra.kind ?? "dedicated",
  state,
  tasks,
  ...(extra.retainUntilMin === undefined ? {} : { retainUntil: extra.retainUntilMin * MIN }),
});
const snapshot = (nodes: SnapshotNode[], extra: Partial<ResizeSnapshot> = {}): ResizeSnapshot => ({
  nodes,
  targets: { dedicated: nodes.filter((n) => n.kind === "dedicated").length, lowPriority: nodes.filter((n) => n.kind === "lowPriority").length },
  taskSlotsPerNode: 2,
  ...extra,
});
const targets = (dedicated: number, lowPriority = 0, deallocation: DeallocOption = "requeue"): Targets => ({ dedicated, lowPriority, deallocation });
/** "id:fate/leaves" per removal, in plan order. */
const removals = (p: ResizePlan): string[] => p.remove.map((r) => `${r.node.id}:${r.taskFate}/${r.leaves}`);

/** Deep-freezes a value, so any write by planResize throws (ESM is strict). */
function frozen<T>(x: T): T {
  if (typeof x === "object" && x !== null && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) frozen(v);
    Object.freeze(x);
  }
  return x;
}

// n0 runs A since 0 (20 min of work lost at 20), n1 runs B since 5 (15), n2 runs C since 10 (10).
// At 20 the target drops from 3 to 1: n2 then n1 leave (least work lost first), n0 stays.
const NOW = 20 * MIN;
function busy(): ResizeSnapshot {
  return frozen(
    snapshot([
      node("n0", "running", [task("A", 0)]),
      node("n1", "running", [task("B", 5, { retentionMin: 30 })], { retainUntilMin: 40 }),
      node("n2", "running", [task("C", 10)]),
    ]),
  );
}

describe("planResize: the deallocation options (spec §7, §11.6)", () => {
  it.each([
    ["requeue", ["n2:requeue/now", "n1:requeue/now"]],
    ["terminate", ["n2:terminate/now", "n1:terminate/now"]],
    ["taskcompletion", ["n2:finish/afterTasks", "n1:finish/afterTasks"]],
    ["retaineddata", ["n2:finish/afterRetention", "n1:finish/afterRetention"]],
  ] as const)("%s: n2 then n1 leave, their tasks %s", (mode, expected) => {
    const p = planResize(busy(), targets(1, 0, mode), NOW);
    expect(p.applied).toBe(true);
    expect(removals(p)).toEqual(expected);
    expect(p.remove.map((r) => r.node.tasks.map((t) => t.id))).toEqual([["C"], ["B"]]);
    expect(p.add).toEqual({ dedicated: 0, lowPriority: 0 });
    expect(p.target).toEqual({ dedicated: 1, lowPriority: 0 });
    expect(p.deallocation).toBe(mode);
  });

  it("retaineddata: the earliest departure known now is the later of retainUntil and now + the running tasks' retention", () => {
    const p = planResize(busy(), targets(1, 0, "retaineddata"), NOW);
    // n2: C has no retention → now (20); n1: B retains 30 min → 50, later than its retainUntil 40.
    expect(p.remove.map((r) => r.notBefore! / MIN)).toEqual([20, 50]);
  });

  it("an idle node leaves at once under every option, unless retaineddata must wait for earlier tasks' data", () => {
    const s = frozen(snapshot([node("a", "running", [task("A", 0)]), node("b", "idle", [], { retainUntilMin: 60 })]));
    expect(removals(planResize(s, targets(1, 0, "requeue"), NOW))).toEqual(["b:requeue/now"]);
    expect(removals(planResize(s, targets(1, 0, "terminate"), NOW))).toEqual(["b:terminate/now"]);
    expect(removals(planResize(s, targets(1, 0, "taskcompletion"), NOW))).toEqual(["b:finish/now"]);
    const kept = planResize(s, targets(1, 0, "retaineddata"), NOW);
    expect(removals(kept)).toEqual(["b:finish/afterRetention"]);
    expect(kept.remove[0]!.notBefore).toBe(60 * MIN);
    // retention already expired: it leaves now
    expect(removals(planResize(s, targets(1, 0, "retaineddata"), 61 * MIN))).toEqual(["b:finish/now"]);
  });
});

describe("planResize: which nodes leave (removalOrder)", () => {
  it("allocating, then preempted, then idle (each newest first), then least work lost; slots weigh the work", () => {
    const s = frozen(
      snapshot([
        node("i0", "idle"),
        node("r0", "running", [task("W", 10, { slots: 2 })]), // 2 slots × 10 min = 20 slot-min
        node("a0", "allocating"),
        node("p0", "preempted"),
        node("r1", "running", [task("X", 5)]), // 15 slot-min
        node("i1", "idle"),
        node("a1", "allocating"),
        node("r2", "running", [task("Y", 0)]), // 20 slot-min, newer than r0 → before it
      ]),
    );
    const p = planResize(s, targets(0), NOW);
    expect(p.remove.map((r) => r.node.id)).toEqual(["a1", "a0", "p0", "i1", "i0", "r1", "r2", "r0"]);
    expect(p.remove.map((r) => r.taskFate)).toEqual(["none", "none", "none", "requeue", "requeue", "requeue", "requeue", "requeue"]);
  });

  it("removes exactly the surplus, dedicated first then low-priority", () => {
    const s = frozen(
      snapshot([
        node("d0", "idle"),
        node("l0", "idle", [], { kind: "lowPriority" }),
        node("d1", "idle"),
        node("l1", "running", [task("T", 0)], { kind: "lowPriority" }),
        node("l2", "idle", [], { kind: "lowPriority" }),
      ]),
    );
    const p = planResize(s, targets(1, 1, "taskcompletion"), NOW);
    expect(removals(p)).toEqual(["d1:finish/now", "l2:finish/now", "l0:finish/now"]);
  });

  it("preempted low-priority nodes are counted, and go before idle ones", () => {
    const s = frozen(snapshot([node("l0", "idle", [], { kind: "lowPriority" }), node("l1", "preempted", [], { kind: "lowPriority" })]));
    expect(planResize(s, targets(0, 2), NOW).remove).toEqual([]);
    expect(removals(planResize(s, targets(0, 1), NOW))).toEqual(["l1:none/now"]);
    expect(planResize(s, targets(0, 3), NOW).add).toEqual({ dedicated: 0, lowPriority: 1 });
  });
});

describe("planResize: targets above, below, equal; leaving nodes; quota", () => {
  const s = frozen(snapshot([node("n0", "running", [task("A", 0)]), node("n1", "leaving", [task("B", 0)]), node("n2", "idle")], { quota: { dedicated: 5, lowPriority: 0 } }));

  it("equal to the nodes that count: nothing to do (the leaving node does not count)", () => {
    const p = planResize(s, targets(2), NOW);
    expect(p).toMatchObject({ applied: true, add: { dedicated: 0, lowPriority: 0 }, remove: [], target: { dedicated: 2, lowPriority: 0 } });
    expect(p.clamped).toBeUndefined();
  });

  it("above: adds the difference; the leaving node keeps leaving and is never recalled", () => {
    expect(planResize(s, targets(4.9), NOW).add).toEqual({ dedicated: 2, lowPriority: 0 });
  });

  it("below: the leaving node is not a candidate", () => {
    expect(planResize(s, targets(0), NOW).remove.map((r) => r.node.id)).toEqual(["n2", "n0"]);
  });

  it("above the quota: clamped, with what was asked; leaving nodes occupy quota", () => {
    // quota 5, 3 nodes in the pool (one leaving), 2 counted: at most 2 more.
    const p = planResize(s, targets(9, 2), NOW);
    expect(p.target).toEqual({ dedicated: 5, lowPriority: 0 });
    expect(p.clamped).toEqual({ dedicated: 9, lowPriority: 2 });
    expect(p.add).toEqual({ dedicated: 2, lowPriority: 0 });
  });

  it("no quota: no cap", () => {
    const { quota: _, ...open } = s;
    expect(planResize(open, targets(1e6), NOW).add.dedicated).toBe(1e6 - 2);
  });

  it("truncates toward zero and counts negatives as 0 (spec §6.6)", () => {
    expect(planResize(s, targets(2.99), NOW).remove).toEqual([]);
    expect(planResize(s, targets(-3), NOW).remove.length).toBe(2);
    expect(planResize(s, targets(-0.5), NOW).target).toEqual({ dedicated: 0, lowPriority: 0 });
  });

  it("left nodes are ignored", () => {
    const withLeft = frozen(snapshot([node("gone", "left"), node("n0", "idle")], { targets: { dedicated: 1, lowPriority: 0 } }));
    expect(planResize(withLeft, targets(2), NOW).add.dedicated).toBe(1);
    expect(planResize(withLeft, targets(0), NOW).remove.map((r) => r.node.id)).toEqual(["n0"]);
  });

  it("given counts are used as they are when nothing shrinks, and cross-checked when something does", () => {
    const counts = { dedicated: { current: 3, leaving: 1 }, lowPriority: { current: 0, leaving: 0 } };
    expect(planResize({ ...s, counts }, targets(4), NOW).add.dedicated).toBe(2);
    expect(planResize({ ...s, counts }, targets(1), NOW).remove.map((r) => r.node.id)).toEqual(["n2"]);
    const wrong = { ...counts, dedicated: { current: 4, leaving: 1 } };
    expect(planResize({ ...s, counts: wrong }, targets(1), NOW).refused).toMatch(/dedicated counts \(4 in the pool, 1 leaving\) disagree with its nodes \(3, 1\)/);
  });
});

describe("planResize: refusals, never a throw", () => {
  const good = frozen(snapshot([node("n0", "idle")], { targets: { dedicated: 1, lowPriority: 0 } }));

  it("non-finite targets: refused as today, targets unchanged (spec §11.3)", () => {
    const p = planResize(good, targets(NaN, 1), NOW);
    expect(p).toMatchObject({ applied: false, target: { dedicated: 1, lowPriority: 0 }, add: { dedicated: 0, lowPriority: 0 }, remove: [] });
    expect(p.refused).toBe("$TargetDedicatedNodes=NaN is not a finite number; the pool is left unchanged");
    expect(planResize(good, targets(0, -Infinity), NOW).refused).toBe("$TargetLowPriorityNodes=-Infinity is not a finite number; the pool is left unchanged");
  });

  const cases: [string, () => ResizePlan, RegExp][] = [
    ["a null snapshot", () => planResize(null as never, targets(1), NOW), /not an object/],
    ["nodes not an array", () => planResize({ ...good, nodes: {} as never }, targets(0), NOW), /nodes are not an array/],
    ["an unknown kind", () => planResize(snapshot([{ ...node("x", "idle"), kind: "spot" as never }]), targets(0), NOW), /node #0 \("x"\): kind "spot"/],
    ["an unknown state", () => planResize(snapshot([node("x", "rebooting" as never)]), targets(0), NOW), /state "rebooting"/],
    ["tasks on an idle node", () => planResize(snapshot([node("x", "idle", [task("T", 0)])]), targets(0), NOW), /it is idle but runs 1 task/],
    ["a task without a start", () => planResize(snapshot([node("x", "running", [{ id: "T", runStart: NaN, slots: 1 }])]), targets(0), NOW), /task T: runStart/],
    ["more slots than the node has", () => planResize(snapshot([node("x", "running", [task("T", 0, { slots: 3 })])]), targets(0), NOW), /tasks use 3 slots of 2/],
    ["duplicate ids", () => planResize(snapshot([node("x", "idle"), node("x", "idle")]), targets(0), NOW), /"x" appears twice/],
    ["a bad deallocation option", () => planResize(good, { ...targets(0), deallocation: "drain" as never }, NOW), /deallocation option "drain"/],
    ["a non-finite now", () => planResize(good, targets(0), NaN), /now \(NaN\)/],
    ["a bad quota", () => planResize({ ...good, quota: { dedicated: -1, lowPriority: 0 } }, targets(0), NOW), /quota/],
    ["zero task slots", () => planResize({ ...good, taskSlotsPerNode: 0 }, targets(0), NOW), /taskSlotsPerNode \(0\)/],
    [
      "a throwing getter",
      () =>
        planResize(
          Object.defineProperty({ ...good }, "nodes", {
            get() {
              throw new Error("boom");
            },
          }),
          targets(0),
          NOW,
        ),
      /could not be read: boom/,
    ],
  ];
  it.each(cases)("%s", (_, run, reason) => {
    const p = run();
    expect(p.applied).toBe(false);
    expect(p.refused).toMatch(reason);
    expect(p.remove).toEqual([]);
    expect(p.add).toEqual({ dedicated: 0, lowPriority: 0 });
  });
});
