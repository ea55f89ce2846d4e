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
    const task = queue.peekFront()!;
    const node = findNode(pool.active, task.slots);
    if (node === undefined) return;
    queue.popFront();
    pool.startTask(task, node, now);
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
