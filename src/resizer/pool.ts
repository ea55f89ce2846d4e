// Pool model: nodes, tasks, the task queue and the event heap, plus the primitive transitions
// (start, complete, requeue, remove) that keep the aggregate counters exact. Policy — which task
// runs where, which node leaves — lives in scheduler.ts and resize.ts; time advances in engine.ts.
// Browser-safe: no Node imports.

import type { DeallocOption } from "../check/symbols.ts";
import type { NodeKind, NodeState, PoolConfig, SimNode, Task, TaskSpec } from "./model.ts";
import { TaskQueue } from "./deque.ts";
import { EventHeap } from "./heap.ts";
import { createRng, exponential, type Rng } from "./rng.ts";
import { armPreemptionTrace } from "./scheduler.ts";
import { FAILED, QUEUED, RUNNING, SUCCEEDED, TaskTable } from "./tasks.ts";

export type { NodeKind, NodeState, TaskState, TaskSpec, Task, SimNode, PreemptionConfig, PreemptionEvent, PoolConfig } from "./model.ts";
export { DEFAULT_POOL_CONFIG } from "./model.ts";

type StateCounts = Record<NodeState, number>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The task list of every node that runs nothing yet and of every node that left (frozen). */
const NO_TASKS: Task[] = Object.freeze([]) as unknown as Task[];
const zeroCounts = (): StateCounts => ({ allocating: 0, idle: 0, running: 0, leaving: 0, preempted: 0, left: 0 });

/** Failure text of tasks stopped by a `terminate` decrease (spec §11.6). */
export const TERMINATED_BY_RESIZE = "terminated by pool resize";

/**
 * The whole simulated pool. Counters are maintained incrementally by the transitions below and
 * verified from scratch by `checkInvariants` (invariant.ts).
 */
export class Pool {
  readonly config: PoolConfig;
  /** every task of the workload, one row each in submission order (FIFO order) */
  readonly taskTable: TaskTable;
  /** rows [0, submitted) have been submitted */
  submitted = 0;
  /** every node ever created, indexed by id (with config.forgetLeftNodes: a node that left until its id is reused) */
  readonly nodes: SimNode[] = [];
  /** ids of nodes that left, given to the next nodes added; undefined unless config.forgetLeftNodes applies */
  readonly #freeIds: number[] | undefined;
  /** nodes not yet left, in creation order (oldest first) */
  active: SimNode[] = [];
  /** queued tasks (their rows), in the order they will start */
  readonly queue: TaskQueue;
  readonly events = new EventHeap();
  readonly preemptRng: Rng;
  /** (a double from the start, like every time field: see addNode) */
  now = NaN;
  targetDedicated: number;
  targetLowPriority: number;
  /** free slots on schedulable (idle or running) nodes */
  freeSlots = 0;
  /** slots used by running tasks */
  busySlots = 0;
  /** slots wanted by queued tasks */
  queuedSlots = 0;
  running = 0;
  succeeded = 0;
  failed = 0;
  /** tasks put back in the queue by a `requeue` decrease */
  requeuedByResize = 0;
  /** tasks put back in the queue by preemption */
  requeuedByPreemption = 0;
  terminated = 0;
  unschedulable = 0;
  /** completions since the last call to `takeCompletions` (per-period task metrics) */
  periodSucceeded = 0;
  periodFailed = 0;
  readonly counts: Record<NodeKind, StateCounts> = { dedicated: zeroCounts(), lowPriority: zeroCounts() };
  /**
   * Safety net of the event loop (engine.ts): at most this many events in one simulated minute,
   * else the run stops with an EventLimitError instead of spinning (a preemption rate near zero
   * re-arms events at the same instant forever). Generous: every task may complete, be requeued
   * and restart within a minute, on top of a million node events.
   */
  eventLimitPerMinute: number;
  /** start of the current one-minute window of the safety net, and the events counted in it */
  eventWindowStart = NaN;
  eventWindowCount = 0;
  /** optional observer of every node departure and task completion (tests, traces) */
  onNodeLeft: ((node: SimNode) => void) | undefined;

  constructor(config: PoolConfig, specs: readonly TaskSpec[], start: number) {
    this.config = config;
    this.now = start;
    this.eventLimitPerMinute = 1_000_000 + 4 * specs.length;
    this.eventWindowStart = start;
    this.preemptRng = createRng(config.seed * 7919 + 17);
    this.taskTable = new TaskTable(specs, config.defaultRetentionMs, this.nodes);
    this.#freeIds = config.forgetLeftNodes === true && specs.length === 0 ? [] : undefined;
    this.queue = new TaskQueue(this.taskTable);
    this.targetDedicated = config.initialDedicated;
    this.targetLowPriority = config.initialLowPriority;
    for (let i = 0; i < config.initialDedicated; i++) this.addNode("dedicated", start, true);
    for (let i = 0; i < config.initialLowPriority; i++) this.addNode("lowPriority", start, true);
    armPreemptionTrace(this, start);
  }

  /**
   * Every task of the workload, in submission order (FIFO order), as Task objects: views of
   * {@link taskTable}'s rows, built on first read (the simulation itself works on the rows).
   */
  get tasks(): readonly Task[] {
    return this.taskTable.all(this.active);
  }

  /** Tasks queued (ready to run, not running). */
  get queued(): number {
    return this.queue.length;
  }

  /** Time of the next submission, Infinity when all are in. */
  nextSubmitTime(): number {
    return this.submitted < this.taskTable.length ? this.taskTable.submit[this.submitted]! : Infinity;
  }

  /** Adds a node: usable at once (`ready`) or after the allocation delay. */
  addNode(kind: NodeKind, now: number, ready: boolean): SimNode {
    const reused = this.#freeIds?.pop();
    const node: Mutable<SimNode> = {
      id: reused ?? this.nodes.length,
      kind,
      slots: this.config.taskSlotsPerNode,
      requestedAt: NaN,
      state: "allocating",
      freeSlots: this.config.taskSlotsPerNode,
      tasks: NO_TASKS,
      leaveMode: undefined,
      retainUntil: -Infinity,
      leftAt: NaN,
      preemptedMs: NaN,
      preemptedSince: NaN,
      gen: 0,
    };
    // Times start as doubles (NaN above), so every node keeps one hidden class: a first node
    // requested at a small `now` would otherwise make them small-integer fields, and the first
    // node past 2^31 ms would deoptimise every function that reads nodes.
    node.requestedAt = now;
    node.preemptedMs = 0;
    if (reused === undefined) this.nodes.push(node);
    else {
      // Events still pending for the node that left name its generation: never this one's.
      node.gen = this.nodes[reused]!.gen + 1;
      this.nodes[reused] = node;
    }
    this.active.push(node);
    this.counts[kind].allocating++;
    if (ready) this.makeUsable(node, now);
    else this.events.push(now + this.config.allocationDelayMs, "ready", node.id, node.gen);
    return node;
  }

  /** allocating/preempted → idle, and arm preemption for low-priority nodes. */
  makeUsable(node: SimNode, now: number): void {
    if (node.state === "preempted") {
      node.preemptedMs += now - node.preemptedSince;
      node.preemptedSince = NaN;
    }
    node.gen++;
    this.setState(node, "idle");
    const mean = this.config.preemption?.meanTimeToPreemptMs ?? Infinity;
    if (node.kind === "lowPriority" && mean > 0 && Number.isFinite(mean)) {
      const delay = exponential(this.preemptRng, mean);
      this.events.push(now + delay, "preempt", node.id, node.gen);
    }
  }

  /** Moves every task submitted by `now` into the queue (or fails it when it can never run). */
  submitDue(now: number): void {
    const t = this.taskTable;
    const perNode = this.config.taskSlotsPerNode;
    while (this.submitted < t.length && t.submit[this.submitted]! <= now) {
      const row = this.submitted++;
      const slots = t.slotsOf(row);
      if (slots > perNode) {
        // A task wider than any node would block the FIFO queue forever; fail it visibly instead.
        t.state[row] = FAILED;
        t.failure.set(row, `unschedulable: needs ${slots} slots, nodes have ${perNode}`);
        t.end[row] = t.submit[row]!;
        this.failed++;
        this.unschedulable++;
        continue;
      }
      t.state[row] = QUEUED;
      const e = t.episodesIfAny;
      if (e !== undefined) e.queuedSince[row] = t.submit[row]!;
      this.queuedSlots += slots;
      this.queue.pushBack(row);
    }
  }

  /** Starts a queued task (already taken off the queue) on a schedulable node. */
  startTask(task: Task, node: SimNode, now: number): void {
    this.startRow(task.index, node, now);
  }

  /** {@link startTask} by row. */
  startRow(row: number, node: SimNode, now: number): void {
    const t = this.taskTable;
    const slots = t.slotsOf(row);
    this.queuedSlots -= slots;
    t.state[row] = RUNNING;
    t.node[row] = node.id;
    const first = Number.isNaN(t.firstStart[row]!);
    // A second start (after a requeue, which made them already, or a caller's) needs the columns.
    const e = first ? t.episodesIfAny : t.episodes();
    let gen = 1;
    if (e !== undefined) {
      e.wait[row]! += now - e.queuedSince[row]!;
      e.runStart[row] = now;
      gen = ++e.gen[row]!;
    }
    if (first) t.firstStart[row] = now;
    // A node's list is made by its first task, as long as one task (its room grows past one only
    // when a node runs two: most pools run one task per node).
    if (node.tasks === NO_TASKS) (node as Mutable<SimNode>).tasks = [t.view(row)];
    else node.tasks.push(t.view(row));
    node.freeSlots -= slots;
    this.freeSlots -= slots;
    this.busySlots += slots;
    this.running++;
    if (node.state === "idle") this.setState(node, "running");
    this.events.push(now + t.duration[row]!, "complete", row, gen);
  }

  /** Completes a running task; a leaving node that empties may leave. */
  completeTask(task: Task, now: number, failure?: string): void {
    this.completeRow(task.index, now, failure);
  }

  /** {@link completeTask} by row. */
  completeRow(row: number, now: number, failure?: string): void {
    const node = this.detachRow(row);
    const t = this.taskTable;
    t.end[row] = now;
    if (failure === undefined) {
      t.state[row] = SUCCEEDED;
      this.succeeded++;
      this.periodSucceeded++;
      const until = now + t.retentionOf(row);
      if (until > node.retainUntil) node.retainUntil = until;
    } else {
      t.state[row] = FAILED;
      t.failure.set(row, failure);
      this.failed++;
      this.periodFailed++;
    }
    this.settle(node, now);
  }

  /**
   * Puts tasks back at the FRONT of the queue, in their original FIFO order, retry count
   * unchanged (spec §11.6). The tasks must already be detached from their nodes.
   */
  requeueFront(tasks: readonly Task[], now: number): void {
    const rows = tasks.map((task) => task.index).sort((a, b) => b - a);
    const t = this.taskTable;
    // A second queued episode: from now on the episode fields are columns (tasks.ts).
    const e = rows.length > 0 ? t.episodes() : undefined;
    for (const row of rows) {
      t.state[row] = QUEUED;
      e!.queuedSince[row] = now;
      t.addRequeue(row);
      this.queuedSlots += t.slotsOf(row);
      this.queue.pushFront(row);
    }
  }

  /** Takes a running task off its node (counters updated); the caller decides what it becomes. */
  detach(task: Task): SimNode {
    return this.detachRow(task.index);
  }

  /** {@link detach} by row. */
  detachRow(row: number): SimNode {
    const t = this.taskTable;
    const node = this.nodes[t.node[row]!]!;
    const slots = t.slotsOf(row);
    const list = node.tasks;
    let k = 0;
    while (list[k]!.index !== row) k++;
    removeAt(list, k);
    node.freeSlots += slots;
    if (node.state === "idle" || node.state === "running") this.freeSlots += slots;
    this.busySlots -= slots;
    this.running--;
    t.node[row] = -1;
    if (node.state === "running" && list.length === 0) this.setState(node, "idle");
    return node;
  }

  /** Marks a node as leaving with a deallocation mode; it takes no new task from now on. */
  startLeaving(node: SimNode, mode: DeallocOption, now: number): void {
    node.leaveMode = mode;
    this.setState(node, "leaving");
    this.settle(node, now);
  }

  /** A leaving node leaves once empty (taskcompletion) and, for retaineddata, once retention expired. */
  settle(node: SimNode, now: number): void {
    if (node.state !== "leaving" || node.tasks.length > 0) return;
    if (node.leaveMode === "retaineddata" && node.retainUntil > now) {
      node.gen++;
      this.events.push(node.retainUntil, "retention", node.id, node.gen);
      return;
    }
    this.remove(node, now);
  }

  /** Removes a node from the pool now. Its tasks must already be detached. */
  remove(node: SimNode, now: number): void {
    if (node.state === "preempted") {
      node.preemptedMs += now - node.preemptedSince;
      node.preemptedSince = NaN;
    }
    this.setState(node, "left");
    node.leftAt = now;
    node.gen++;
    // Its (empty) task list goes: a list once used keeps its room, and a 30-day run keeps
    // ~15,000 nodes that left.
    (node as Mutable<SimNode>).tasks = NO_TASKS;
    removeAt(this.active, this.active.indexOf(node));
    this.#freeIds?.push(node.id);
    this.onNodeLeft?.(node);
  }

  /** Node counts by kind in the sense of $CurrentDedicatedNodes: every node in the pool. */
  current(kind: NodeKind): number {
    const c = this.counts[kind];
    return c.allocating + c.idle + c.running + c.leaving + c.preempted;
  }

  /** Nodes that count toward the target: in the pool and not leaving. */
  counted(kind: NodeKind): number {
    const c = this.counts[kind];
    return c.allocating + c.idle + c.running + c.preempted;
  }

  /** Changes a node's state, keeping per-state counts and the free-slot total exact. */
  setState(node: SimNode, state: NodeState): void {
    const wasSchedulable = node.state === "idle" || node.state === "running";
    const isSchedulable = state === "idle" || state === "running";
    if (wasSchedulable && !isSchedulable) this.freeSlots -= node.freeSlots;
    if (!wasSchedulable && isSchedulable) this.freeSlots += node.freeSlots;
    const c = this.counts[node.kind];
    c[node.state]--;
    c[state]++;
    node.state = state;
  }
}

/**
 * Removes `list[i]`, keeping the order of the others: splice without the array of removed
 * elements it allocates (once per task completion, 100k times in a long dry-run).
 */
function removeAt<T>(list: T[], i: number): void {
  for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
  list.pop();
}
