// Pool model: nodes, tasks, the task queue and the event heap, plus the primitive transitions
// (start, complete, requeue, remove) that keep the aggregate counters exact. Policy — which task
// runs where, which node leaves — lives in scheduler.ts and resize.ts; time advances in engine.ts.
// Browser-safe: no Node imports.

import type { DeallocOption } from "../check/symbols.ts";
import type { NodeKind, NodeState, PoolConfig, SimNode, Task, TaskSpec } from "./model.ts";
import { Deque } from "./deque.ts";
import { EventHeap } from "./heap.ts";
import { createRng, exponential, type Rng } from "./rng.ts";
import { armPreemptionTrace } from "./scheduler.ts";

export type { NodeKind, NodeState, TaskState, TaskSpec, Task, SimNode, PreemptionConfig, PreemptionEvent, PoolConfig } from "./model.ts";
export { DEFAULT_POOL_CONFIG } from "./model.ts";

type StateCounts = Record<NodeState, number>;
const zeroCounts = (): StateCounts => ({ allocating: 0, idle: 0, running: 0, leaving: 0, preempted: 0, left: 0 });

/** Failure text of tasks stopped by a `terminate` decrease (spec §11.6). */
export const TERMINATED_BY_RESIZE = "terminated by pool resize";

/**
 * The whole simulated pool. Counters are maintained incrementally by the transitions below and
 * verified from scratch by `checkInvariants` (invariant.ts).
 */
export class Pool {
  readonly config: PoolConfig;
  /** every task of the workload, in submission order (FIFO order) */
  readonly tasks: readonly Task[];
  /** tasks[0, submitted) have been submitted */
  submitted = 0;
  /** every node ever created, indexed by id */
  readonly nodes: SimNode[] = [];
  /** nodes not yet left, in creation order (oldest first) */
  active: SimNode[] = [];
  readonly queue = new Deque<Task>();
  readonly events = new EventHeap();
  readonly preemptRng: Rng;
  now: number;
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
  eventWindowStart: number;
  eventWindowCount = 0;
  /** optional observer of every node departure and task completion (tests, traces) */
  onNodeLeft: ((node: SimNode) => void) | undefined;

  constructor(config: PoolConfig, specs: readonly TaskSpec[], start: number) {
    this.config = config;
    this.now = start;
    this.eventLimitPerMinute = 1_000_000 + 4 * specs.length;
    this.eventWindowStart = start;
    this.preemptRng = createRng(config.seed * 7919 + 17);
    // FIFO order = submit time, then order in the trace (a stable sort of indices; traces are
    // usually sorted already, which the check below makes free).
    const n = specs.length;
    const keys = new Float64Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      keys[i] = specs[i]!.submit;
      if (i > 0 && keys[i]! < keys[i - 1]!) sorted = false;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (!sorted) order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    const tasks = new Array<Task>(n);
    for (let index = 0; index < n; index++) {
      const i = order[index]!;
      const s = specs[i]!;
      tasks[index] = {
        index,
        id: s.id ?? `task-${i + 1}`,
        submit: s.submit,
        duration: s.duration,
        slots: s.slots ?? 1,
        retention: s.retention ?? config.defaultRetentionMs,
        state: "future",
        node: undefined,
        runStart: NaN,
        firstStart: NaN,
        end: NaN,
        wait: 0,
        queuedSince: NaN,
        retries: 0,
        requeues: 0,
        gen: 0,
        failure: undefined,
      };
    }
    this.tasks = tasks;
    this.targetDedicated = config.initialDedicated;
    this.targetLowPriority = config.initialLowPriority;
    for (let i = 0; i < config.initialDedicated; i++) this.addNode("dedicated", start, true);
    for (let i = 0; i < config.initialLowPriority; i++) this.addNode("lowPriority", start, true);
    armPreemptionTrace(this, start);
  }

  /** Tasks queued (ready to run, not running). */
  get queued(): number {
    return this.queue.length;
  }

  /** Time of the next submission, Infinity when all are in. */
  nextSubmitTime(): number {
    return this.tasks[this.submitted]?.submit ?? Infinity;
  }

  /** Adds a node: usable at once (`ready`) or after the allocation delay. */
  addNode(kind: NodeKind, now: number, ready: boolean): SimNode {
    const node: SimNode = {
      id: this.nodes.length,
      kind,
      slots: this.config.taskSlotsPerNode,
      requestedAt: now,
      state: "allocating",
      freeSlots: this.config.taskSlotsPerNode,
      tasks: [],
      leaveMode: undefined,
      retainUntil: -Infinity,
      leftAt: NaN,
      preemptedMs: 0,
      preemptedSince: NaN,
      gen: 0,
    };
    this.nodes.push(node);
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
    const tasks = this.tasks;
    while (this.submitted < tasks.length && tasks[this.submitted]!.submit <= now) {
      const task = tasks[this.submitted++]!;
      if (task.slots > this.config.taskSlotsPerNode) {
        // A task wider than any node would block the FIFO queue forever; fail it visibly instead.
        task.state = "failed";
        task.failure = `unschedulable: needs ${task.slots} slots, nodes have ${this.config.taskSlotsPerNode}`;
        task.end = task.submit;
        this.failed++;
        this.unschedulable++;
        continue;
      }
      task.state = "queued";
      task.queuedSince = task.submit;
      this.queuedSlots += task.slots;
      this.queue.pushBack(task);
    }
  }

  /** Starts a queued task (already taken off the queue) on a schedulable node. */
  startTask(task: Task, node: SimNode, now: number): void {
    this.queuedSlots -= task.slots;
    task.state = "running";
    task.node = node;
    task.wait += now - task.queuedSince;
    task.runStart = now;
    if (Number.isNaN(task.firstStart)) task.firstStart = now;
    task.gen++;
    node.tasks.push(task);
    node.freeSlots -= task.slots;
    this.freeSlots -= task.slots;
    this.busySlots += task.slots;
    this.running++;
    if (node.state === "idle") this.setState(node, "running");
    this.events.push(now + task.duration, "complete", task.index, task.gen);
  }

  /** Completes a running task; a leaving node that empties may leave. */
  completeTask(task: Task, now: number, failure?: string): void {
    const node = this.detach(task);
    task.end = now;
    if (failure === undefined) {
      task.state = "succeeded";
      this.succeeded++;
      this.periodSucceeded++;
    } else {
      task.state = "failed";
      task.failure = failure;
      this.failed++;
      this.periodFailed++;
    }
    if (failure === undefined && now + task.retention > node.retainUntil) node.retainUntil = now + task.retention;
    this.settle(node, now);
  }

  /**
   * Puts tasks back at the FRONT of the queue, in their original FIFO order, retry count
   * unchanged (spec §11.6). The tasks must already be detached from their nodes.
   */
  requeueFront(tasks: readonly Task[], now: number): void {
    const sorted = [...tasks].sort((a, b) => b.index - a.index);
    for (const task of sorted) {
      task.state = "queued";
      task.queuedSince = now;
      task.requeues++;
      this.queuedSlots += task.slots;
      this.queue.pushFront(task);
    }
  }

  /** Takes a running task off its node (counters updated); the caller decides what it becomes. */
  detach(task: Task): SimNode {
    const node = task.node!;
    removeAt(node.tasks, node.tasks.indexOf(task));
    node.freeSlots += task.slots;
    if (node.state === "idle" || node.state === "running") this.freeSlots += task.slots;
    this.busySlots -= task.slots;
    this.running--;
    task.node = undefined;
    if (node.state === "running" && node.tasks.length === 0) this.setState(node, "idle");
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
    removeAt(this.active, this.active.indexOf(node));
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
