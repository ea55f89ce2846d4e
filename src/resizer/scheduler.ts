// Scheduler: queued tasks to free slots, strictly FIFO, and low-priority preemption. Decides only
// where tasks run; it never adds or removes nodes (resize.ts does).

import type { Pool, SimNode } from "./pool.ts";

/**
 * Starts queued tasks while the task at the head of the queue fits somewhere. Strict FIFO: a head
 * task that needs more free slots than any node has right now waits, and the tasks behind it wait
 * too (no backfilling). Tasks wider than a whole node never reach the queue (Pool.submitDue fails
 * them), so the head always fits eventually and the loop cannot spin.
 * Placement: the oldest usable node with room, so work packs onto old nodes and the newest nodes
 * are the ones left idle — and therefore the first removed (resize.ts).
 */
export function dispatch(pool: Pool, now: number): void {
  const queue = pool.queue;
  while (queue.length > 0 && pool.freeSlots > 0) {
    const row = queue.frontRow();
    const node = findNode(pool.active, pool.taskTable.slotsOf(row));
    if (node === undefined) return;
    queue.popFrontRow();
    pool.startRow(row, node, now);
  }
}

function findNode(active: readonly SimNode[], slots: number): SimNode | undefined {
  for (let i = 0; i < active.length; i++) {
    const node = active[i]!;
    if ((node.state === "idle" || node.state === "running") && node.freeSlots >= slots) return node;
  }
  return undefined;
}

/**
 * Preempts a low-priority node: its running tasks go back to the front of the queue (retry count
 * unchanged) and it stays in the pool as `preempted` until it recovers. A node that was already
 * leaving simply leaves (its removal was wanted anyway).
 */
export function preempt(pool: Pool, node: SimNode, now: number): void {
  const tasks = [...node.tasks];
  for (const task of tasks) pool.detach(task);
  pool.requeuedByPreemption += tasks.length;
  pool.requeueFront(tasks, now);
  if (node.state === "leaving") {
    pool.remove(node, now);
    return;
  }
  node.gen++;
  node.preemptedSince = now;
  pool.setState(node, "preempted");
  const recovery = pool.config.preemption?.recoveryMs ?? Infinity;
  if (Number.isFinite(recovery)) pool.events.push(now + recovery, "recover", node.id, node.gen);
}

/**
 * Schedules the preemptions of a trace (`config.preemption.events`): one event each, from the
 * pool's start on; those before the start never fire, those after the run's end are never reached.
 * Events at the same instant fire in the trace's order.
 */
export function armPreemptionTrace(pool: Pool, start: number): void {
  const events = pool.config.preemption?.events;
  if (events === undefined) return;
  for (let i = 0; i < events.length; i++) {
    const time = events[i]!.time;
    if (time >= start) pool.events.push(time, "preempt", -(i + 1), 0);
  }
}

/**
 * Fires the trace's event `index`: preempts `count` (default 1) of the low-priority nodes that are
 * usable (idle or running) now, chosen uniformly with the pool's seeded generator (the same seed
 * and the same pool choose the same nodes); all of them when fewer are usable. Nodes allocating,
 * leaving or already preempted are not chosen. Returns how many were preempted.
 */
export function preemptFromTrace(pool: Pool, index: number, now: number): number {
  const count = pool.config.preemption?.events?.[index]?.count ?? 1;
  if (count <= 0) return 0;
  const candidates: SimNode[] = [];
  const active = pool.active;
  for (let i = 0; i < active.length; i++) {
    const node = active[i]!;
    if (node.kind === "lowPriority" && (node.state === "idle" || node.state === "running")) candidates.push(node);
  }
  const n = Math.min(count, candidates.length);
  // A partial Fisher–Yates shuffle: the first n of a uniform random order.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(pool.preemptRng() * (candidates.length - i));
    const chosen = candidates[j]!;
    candidates[j] = candidates[i]!;
    preempt(pool, chosen, now);
  }
  return n;
}
