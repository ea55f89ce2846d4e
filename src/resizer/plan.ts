// Resize planning: from a snapshot of a pool and the evaluated targets to a plan (nodes to add per
// kind, nodes to remove and what happens to their tasks; spec §6.6, §7, §11.6). Pure: no state, no
// clock, never mutates its input, never throws. Applying a plan is the embedder's job (resize.ts
// applies it to the simulated Pool).

import type { DeallocOption } from "../check/symbols.ts";
import type { NodeKind, NodeState } from "./model.ts";

/** What an evaluation asks for; the raw doubles as evaluated. */
export interface Targets {
  readonly dedicated: number;
  readonly lowPriority: number;
  readonly deallocation: DeallocOption;
}

/** A running task as the resizer needs to see it. */
export interface SnapshotTask {
  readonly id: string;
  /** when its current run started, epoch ms (the work a removal would lose is counted from it) */
  readonly runStart: number;
  /** task slots it occupies */
  readonly slots: number;
  /** how long its data stays on the node once it completes, ms (informative: `retaineddata`) */
  readonly retention?: number;
}

/**
 * A node as the resizer needs to see it. `state` is the pool model's: `allocating` (requested,
 * not usable yet), `idle`, `running`, `leaving` (already chosen for removal: keeps leaving, does
 * not count toward the target, still occupies quota), `preempted` (low-priority, counted);
 * `left` nodes are ignored.
 */
export interface SnapshotNode {
  readonly id: string | number;
  readonly kind: NodeKind;
  readonly state: NodeState;
  /** its running tasks (empty unless `running` or `leaving`) */
  readonly tasks: readonly SnapshotTask[];
  /** latest (end + retention) of the tasks that completed on it, epoch ms (default: none) */
  readonly retainUntil?: number;
}

/**
 * The embedder's view of a pool at one instant. `nodes` must be listed in the order they joined
 * the pool, oldest first: removal ties go to the newest node, i.e. the latest in the list.
 * The simulator passes its own live node list here without copying (resize.ts).
 */
export interface ResizeSnapshot<N extends SnapshotNode = SnapshotNode> {
  readonly nodes: readonly N[];
  /** the integer targets in force (kept as they are when the new targets are refused) */
  readonly targets: { readonly dedicated: number; readonly lowPriority: number };
  readonly taskSlotsPerNode: number;
  /** node caps per kind (default: none); targets above are clamped, leaving nodes occupy quota */
  readonly quota?: { readonly dedicated: number; readonly lowPriority: number };
  /**
   * Optional node counts per kind, when the embedder keeps them anyway (the simulator does). With
   * them, a plan that removes no node reads no node: O(1) instead of O(nodes + tasks). They must
   * agree with `nodes`; planResize checks that whenever it reads the nodes (refused otherwise).
   */
  readonly counts?: { readonly dedicated: SnapshotCounts; readonly lowPriority: SnapshotCounts };
}

/** Node counts of one kind. */
export interface SnapshotCounts {
  /** nodes in the pool, leaving ones included ($CurrentDedicatedNodes' sense; `left` excluded) */
  readonly current: number;
  /** of which leaving */
  readonly leaving: number;
}

/** What happens to the running tasks of a node that leaves. */
export type TaskFate =
  /** the node had no usable slot yet (allocating, preempted): nothing runs on it */
  | "none"
  /** stopped and put back at the front of the queue, retry count unchanged */
  | "requeue"
  /** stopped and completed as failed ("terminated by pool resize") */
  | "terminate"
  /** left to finish; the node takes no new task meanwhile */
  | "finish";

/** One node chosen to leave. */
export interface NodeRemoval<N extends SnapshotNode = SnapshotNode> {
  /** the snapshot's node itself */
  readonly node: N;
  readonly taskFate: TaskFate;
  /** `now`; once its running tasks finish (taskcompletion); once they finish and their data retention expired (retaineddata) */
  readonly leaves: "now" | "afterTasks" | "afterRetention";
  /**
   * For `afterRetention`: the earliest it can leave as known now — the later of the node's
   * `retainUntil` and, if its running tasks succeeded now, now + their retention.
   */
  readonly notBefore?: number;
}

/** The plan for one set of targets. */
export interface ResizePlan<N extends SnapshotNode = SnapshotNode> {
  /** false when refused: nothing is to change */
  readonly applied: boolean;
  /** why not: a non-finite target (spec §11.3) or a snapshot that does not make sense */
  readonly refused?: string;
  /** the integer targets in force after the plan */
  readonly target: { readonly dedicated: number; readonly lowPriority: number };
  /** the integer targets asked for, when one was above the quota and was clamped to it */
  readonly clamped?: { readonly dedicated: number; readonly lowPriority: number };
  /** nodes to allocate per kind (never past the quota) */
  readonly add: { readonly dedicated: number; readonly lowPriority: number };
  /** nodes to remove: dedicated first, then low-priority, each kind in removal order */
  readonly remove: readonly NodeRemoval<N>[];
  readonly deallocation: DeallocOption;
}

const NODE_KINDS: ReadonlySet<string> = new Set<NodeKind>(["dedicated", "lowPriority"]);
const NODE_STATES: ReadonlySet<string> = new Set<NodeState>(["allocating", "idle", "running", "leaving", "preempted", "left"]);
const DEALLOCATIONS: ReadonlySet<string> = new Set<DeallocOption>(["requeue", "terminate", "taskcompletion", "retaineddata"]);
const NO_CHANGE = { dedicated: 0, lowPriority: 0 } as const;

/** Spec §6.6/§11.3: truncate toward zero, negatives count as 0, NaN/±Infinity are refused. */
export function normalizeTarget(x: number): number | undefined {
  if (!Number.isFinite(x)) return undefined;
  return x <= 0 ? 0 : Math.trunc(x);
}

/**
 * Plans a resize at `now`. A new target replaces the old one at once. Nodes already leaving keep
 * leaving and no longer count toward the target, so a target that rises again while nodes drain
 * is met by allocating new nodes — draining nodes are never recalled (spec §11.6). A target above
 * the quota is clamped to it (`clamped` says what was asked), and leaving nodes occupy quota until
 * they are gone. Which nodes leave: {@link removalOrder}. Never throws: a bad snapshot or bad
 * targets give a plan with `applied: false` and a `refused` reason.
 */
export function planResize<N extends SnapshotNode>(snapshot: ResizeSnapshot<N>, targets: Targets, now: number): ResizePlan<N> {
  try {
    return plan(snapshot, targets, now);
  } catch (e) {
    // Only a hostile input (a throwing getter, a proxy) gets here: the checks below cover the shapes.
    return refuse(snapshot, `the snapshot could not be read: ${e instanceof Error ? e.message : String(e)}`, targets);
  }
}

function plan<N extends SnapshotNode>(snapshot: ResizeSnapshot<N>, targets: Targets, now: number): ResizePlan<N> {
  const bad = checkShape(snapshot, targets, now);
  if (bad !== undefined) return refuse(snapshot, bad, targets);
  const dedicated = normalizeTarget(targets.dedicated);
  const lowPriority = normalizeTarget(targets.lowPriority);
  if (dedicated === undefined || lowPriority === undefined) {
    const which = dedicated === undefined ? `$TargetDedicatedNodes=${targets.dedicated}` : `$TargetLowPriorityNodes=${targets.lowPriority}`;
    return refuse(snapshot, `${which} is not a finite number; the pool is left unchanged`, targets);
  }
  // Nodes are read (and checked) once, and only when needed: no counts given, or a kind shrinks.
  let nodesChecked = false;
  const readNodes = (): string | undefined => {
    nodesChecked = true;
    return checkNodes(snapshot);
  };
  let counts = snapshot.counts;
  if (counts === undefined) {
    const bad = readNodes();
    if (bad !== undefined) return refuse(snapshot, bad, targets);
    counts = countNodes(snapshot.nodes);
  }
  const quotaD = snapshot.quota?.dedicated ?? Infinity;
  const quotaL = snapshot.quota?.lowPriority ?? Infinity;
  // Targets above the quota are clamped to it, as the service refuses to exceed a pool's quota.
  const clampedD = Math.min(dedicated, quotaD);
  const clampedL = Math.min(lowPriority, quotaL);
  const clamped = clampedD !== dedicated || clampedL !== lowPriority ? { dedicated, lowPriority } : undefined;
  const countedD = counts.dedicated.current - counts.dedicated.leaving;
  const countedL = counts.lowPriority.current - counts.lowPriority.leaving;
  const remove: NodeRemoval<N>[] = [];
  if (clampedD < countedD || clampedL < countedL) {
    if (!nodesChecked) {
      const bad = readNodes() ?? countsAgree(counts, countNodes(snapshot.nodes));
      if (bad !== undefined) return refuse(snapshot, bad, targets);
    }
    if (clampedD < countedD) shrink(snapshot.nodes, "dedicated", countedD - clampedD, targets.deallocation, now, remove);
    if (clampedL < countedL) shrink(snapshot.nodes, "lowPriority", countedL - clampedL, targets.deallocation, now, remove);
  }
  // Leaving nodes still occupy quota until they are gone.
  const grow = (target: number, counted: number, c: SnapshotCounts, quota: number): number =>
    target > counted ? Math.min(target - counted, Math.max(0, quota - c.current)) : 0;
  return {
    applied: true,
    target: { dedicated: clampedD, lowPriority: clampedL },
    ...(clamped ? { clamped } : {}),
    add: { dedicated: grow(clampedD, countedD, counts.dedicated, quotaD), lowPriority: grow(clampedL, countedL, counts.lowPriority, quotaL) },
    remove,
    deallocation: targets.deallocation,
  };
}

function refuse<N extends SnapshotNode>(snapshot: ResizeSnapshot<N>, reason: string, targets: Targets): ResizePlan<N> {
  let target = { dedicated: 0, lowPriority: 0 };
  try {
    const t = snapshot.targets;
    target = { dedicated: t.dedicated, lowPriority: t.lowPriority };
  } catch {
    // an unreadable snapshot: report zeros rather than throw
  }
  const deallocation = DEALLOCATIONS.has(targets?.deallocation) ? targets.deallocation : "requeue";
  return { applied: false, refused: reason, target, add: NO_CHANGE, remove: [], deallocation };
}

function countNodes(nodes: readonly SnapshotNode[]): { dedicated: SnapshotCounts; lowPriority: SnapshotCounts } {
  const c = { dedicated: { current: 0, leaving: 0 }, lowPriority: { current: 0, leaving: 0 } };
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.state === "left") continue;
    const k = c[n.kind];
    k.current++;
    if (n.state === "leaving") k.leaving++;
  }
  return c;
}

function countsAgree(given: NonNullable<ResizeSnapshot["counts"]>, actual: ReturnType<typeof countNodes>): string | undefined {
  for (const kind of ["dedicated", "lowPriority"] as const) {
    const g = given[kind];
    const a = actual[kind];
    if (g.current !== a.current || g.leaving !== a.leaving) {
      return `the snapshot's ${kind} counts (${g.current} in the pool, ${g.leaving} leaving) disagree with its nodes (${a.current}, ${a.leaving})`;
    }
  }
  return undefined;
}

function shrink<N extends SnapshotNode>(nodes: readonly N[], kind: NodeKind, count: number, mode: DeallocOption, now: number, remove: NodeRemoval<N>[]): void {
  const order = removalOrder(nodes, kind, now, count);
  for (let i = 0; i < count; i++) remove.push(removal(order[i]!, mode, now));
}

function removal<N extends SnapshotNode>(node: N, mode: DeallocOption, now: number): NodeRemoval<N> {
  if (node.state === "allocating" || node.state === "preempted") return { node, taskFate: "none", leaves: "now" };
  switch (mode) {
    case "requeue":
    case "terminate":
      return { node, taskFate: mode, leaves: "now" };
    case "taskcompletion":
      return { node, taskFate: "finish", leaves: node.tasks.length > 0 ? "afterTasks" : "now" };
    case "retaineddata": {
      let notBefore = node.retainUntil ?? -Infinity;
      for (const t of node.tasks) notBefore = Math.max(notBefore, now + (t.retention ?? 0));
      const waits = node.tasks.length > 0 || notBefore > now;
      return waits ? { node, taskFate: "finish", leaves: "afterRetention", notBefore } : { node, taskFate: "finish", leaves: "now" };
    }
  }
}

/**
 * Which nodes of `kind` leave first: nodes that have done nothing yet (allocating, then
 * preempted), then idle nodes, each newest first; then running nodes whose running tasks have run
 * the least in total (slot-milliseconds of work lost), newest first on ties. Leaving and left
 * nodes are not candidates. "Newest" is the later position in `nodes` (listed oldest first).
 * Spec §11.6 fixes "idle first (newest first), then least work lost"; putting not-yet-usable nodes
 * before idle ones is this project's reading — cancelling an allocation loses even less than
 * removing an idle node. `first`: only the first that many are needed (the list may be longer).
 */
export function removalOrder<N extends SnapshotNode>(nodes: readonly N[], kind: NodeKind, now: number, first = Infinity): N[] {
  // No object per candidate and no sort of the nodes that lose nothing (this runs at every
  // evaluation that shrinks the pool): those come by state, each newest first from a backward
  // scan; only the running ones are sorted, by work lost, then newest first. With `first`, only
  // that many are wanted (planResize): when enough nodes lose nothing, the list stops there and
  // the running ones are not looked at (its nodes are the whole order's first ones either way).
  if (!(first > 0)) return [];
  const order: N[] = [];
  for (const state of LOSE_NOTHING) {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!;
      if (n.kind === kind && n.state === state && order.push(n) >= first) return order;
    }
  }
  const running: number[] = [];
  const work = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.kind !== kind || n.state === "leaving" || n.state === "left" || LOSE_NOTHING.includes(n.state)) continue;
    let w = 0;
    for (const t of n.tasks) w += (now - t.runStart) * t.slots;
    work[i] = w;
    running.push(i);
  }
  running.sort((a, b) => work[a]! - work[b]! || b - a);
  for (const i of running) order.push(nodes[i]!);
  return order;
}

/** States whose removal loses no work, in the order they leave (see {@link removalOrder}). */
const LOSE_NOTHING: readonly string[] = ["allocating", "preempted", "idle"];

/** Why the snapshot's own fields, the targets' deallocation option or `now` cannot be planned on (O(1)). */
function checkShape(snapshot: ResizeSnapshot, targets: Targets, now: number): string | undefined {
  if (typeof snapshot !== "object" || snapshot === null) return "the snapshot is not an object";
  if (typeof targets !== "object" || targets === null) return "the targets are not an object";
  if (typeof now !== "number" || !Number.isFinite(now)) return `now (${String(now)}) is not a finite time`;
  if (!DEALLOCATIONS.has(targets.deallocation)) return `the deallocation option ${JSON.stringify(targets.deallocation)} is not one of requeue, terminate, taskcompletion, retaineddata`;
  const t = snapshot.targets;
  if (typeof t !== "object" || t === null || typeof t.dedicated !== "number" || typeof t.lowPriority !== "number") return "the snapshot's current targets are not numbers";
  const slots = snapshot.taskSlotsPerNode;
  if (!isCount(slots) || slots < 1) return `taskSlotsPerNode (${String(slots)}) is not a whole number ≥ 1`;
  const q = snapshot.quota;
  if (q !== undefined && (typeof q !== "object" || q === null || !isCap(q.dedicated) || !isCap(q.lowPriority))) return "the quota is not whole numbers ≥ 0 (or Infinity)";
  const c = snapshot.counts;
  if (c !== undefined && (typeof c !== "object" || c === null || !isCounts(c.dedicated) || !isCounts(c.lowPriority))) return "the counts are not whole numbers ≥ 0 with leaving ≤ current";
  if (!Array.isArray(snapshot.nodes)) return "the snapshot's nodes are not an array";
  return undefined;
}

/** Why the snapshot's nodes cannot be planned on (O(nodes + tasks)). */
function checkNodes(snapshot: ResizeSnapshot): string | undefined {
  const nodes = snapshot.nodes;
  // Ids in increasing numeric order (the simulator's) are distinct without building a set.
  let increasing = true;
  let last = -Infinity;
  for (let i = 0; i < nodes.length; i++) {
    const bad = checkNode(nodes[i], snapshot.taskSlotsPerNode);
    if (bad !== undefined) return `node #${i}${idOf(nodes[i])}: ${bad}`;
    const id = nodes[i]!.id;
    if (increasing && typeof id === "number" && id > last) last = id;
    else increasing = false;
  }
  // Duplicate ids would make a plan ambiguous for an embedder that applies it by id.
  if (!increasing) {
    const seen = new Set<string | number>();
    for (const n of nodes) {
      if (seen.has(n.id)) return `node id ${JSON.stringify(n.id)} appears twice`;
      seen.add(n.id);
    }
  }
  return undefined;
}

function checkNode(node: unknown, slotsPerNode: number): string | undefined {
  if (typeof node !== "object" || node === null) return "not an object";
  const n = node as SnapshotNode;
  if (typeof n.id !== "string" && !(typeof n.id === "number" && Number.isFinite(n.id))) return "its id is not a string or a number";
  if (!NODE_KINDS.has(n.kind)) return `kind ${JSON.stringify(n.kind)} is not dedicated or lowPriority`;
  if (!NODE_STATES.has(n.state)) return `state ${JSON.stringify(n.state)} is not one of allocating, idle, running, leaving, preempted, left`;
  if (n.retainUntil !== undefined && (typeof n.retainUntil !== "number" || Number.isNaN(n.retainUntil))) return "retainUntil is not a time";
  const tasks = n.tasks;
  if (!Array.isArray(tasks)) return "its tasks are not an array";
  if (tasks.length === 0) return undefined;
  if (n.state !== "running" && n.state !== "leaving") return `it is ${n.state} but runs ${tasks.length} task(s)`;
  let used = 0;
  for (const t of tasks as readonly SnapshotTask[]) {
    if (typeof t !== "object" || t === null) return "a task is not an object";
    if (typeof t.runStart !== "number" || !Number.isFinite(t.runStart)) return `task ${String(t.id)}: runStart is not a finite time`;
    if (!isCount(t.slots) || t.slots < 1) return `task ${String(t.id)}: slots is not a whole number ≥ 1`;
    if (t.retention !== undefined && (typeof t.retention !== "number" || !(t.retention >= 0))) return `task ${String(t.id)}: retention is not a duration ≥ 0`;
    used += t.slots;
  }
  if (used > slotsPerNode) return `its tasks use ${used} slots of ${slotsPerNode}`;
  return undefined;
}

function idOf(node: unknown): string {
  const id = typeof node === "object" && node !== null ? (node as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? ` (${JSON.stringify(id)})` : "";
}

function isCount(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0;
}

function isCounts(x: unknown): boolean {
  if (typeof x !== "object" || x === null) return false;
  const c = x as SnapshotCounts;
  return isCount(c.current) && isCount(c.leaving) && c.leaving <= c.current;
}

function isCap(x: unknown): boolean {
  return isCount(x) || x === Infinity;
}
