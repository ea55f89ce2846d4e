// Task invariant checker (spec §11.6): every submitted task is queued, running on exactly one
// node, or completed; nothing lost or duplicated; every incremental counter matches a recount.
// O(tasks + nodes): meant for tests after every step, optional in production runs.

import type { Pool } from "./pool.ts";

/** Returns the violations found (empty when the pool is consistent). */
export function checkInvariants(pool: Pool): string[] {
  const errors: string[] = [];
  const seenQueued = new Set<number>();
  let queuedSlots = 0;
  for (const task of pool.queue.toArray()) {
    queuedSlots += task.slots;
    if (seenQueued.has(task.index)) errors.push(`task ${task.id} is queued twice`);
    seenQueued.add(task.index);
    if (task.state !== "queued") errors.push(`task ${task.id} is in the queue but ${task.state}`);
  }
  const onNode = new Map<number, number>();
  let busy = 0;
  let free = 0;
  for (const node of pool.active) {
    if (node.state === "left") errors.push(`node ${node.id} left but is still active`);
    let used = 0;
    for (const task of node.tasks) {
      if (onNode.has(task.index)) errors.push(`task ${task.id} runs on nodes ${onNode.get(task.index)} and ${node.id}`);
      onNode.set(task.index, node.id);
      if (task.state !== "running" || task.node !== node) errors.push(`task ${task.id} is on node ${node.id} but ${task.state}`);
      used += task.slots;
    }
    busy += used;
    if (node.freeSlots !== node.slots - used) errors.push(`node ${node.id} free slots ${node.freeSlots} ≠ ${node.slots - used}`);
    if (used > node.slots) errors.push(`node ${node.id} runs ${used} slots of ${node.slots}`);
    if (node.state === "idle" && node.tasks.length > 0) errors.push(`node ${node.id} is idle with tasks`);
    if (node.state === "running" && node.tasks.length === 0) errors.push(`node ${node.id} is running without tasks`);
    if ((node.state === "allocating" || node.state === "preempted") && node.tasks.length > 0) errors.push(`node ${node.id} is ${node.state} with tasks`);
    if (node.state === "idle" || node.state === "running") free += node.freeSlots;
  }
  let running = 0;
  let succeeded = 0;
  let failed = 0;
  for (let i = 0; i < pool.tasks.length; i++) {
    const task = pool.tasks[i]!;
    const submitted = i < pool.submitted;
    if (!submitted) {
      if (task.state !== "future") errors.push(`task ${task.id} is ${task.state} before its submission`);
      continue;
    }
    switch (task.state) {
      case "future":
        errors.push(`task ${task.id} was submitted but is in no state`);
        break;
      case "queued":
        if (!seenQueued.has(i)) errors.push(`task ${task.id} is queued but not in the queue`);
        if (onNode.has(i)) errors.push(`task ${task.id} is queued and on a node`);
        break;
      case "running":
        running++;
        if (!onNode.has(i)) errors.push(`task ${task.id} is running but on no active node`);
        if (seenQueued.has(i)) errors.push(`task ${task.id} is running and queued`);
        break;
      case "succeeded":
      case "failed":
        if (task.state === "succeeded") succeeded++;
        else failed++;
        if (seenQueued.has(i) || onNode.has(i)) errors.push(`task ${task.id} is completed but still queued or running`);
        if (Number.isNaN(task.end)) errors.push(`task ${task.id} is completed without an end time`);
        break;
    }
  }
  if (pool.queue.length + running + succeeded + failed !== pool.submitted) errors.push("task states do not add up to the submitted count");
  if (running !== pool.running) errors.push(`running counter ${pool.running} ≠ ${running}`);
  if (succeeded !== pool.succeeded) errors.push(`succeeded counter ${pool.succeeded} ≠ ${succeeded}`);
  if (failed !== pool.failed) errors.push(`failed counter ${pool.failed} ≠ ${failed}`);
  if (queuedSlots !== pool.queuedSlots) errors.push(`queued slots ${pool.queuedSlots} ≠ ${queuedSlots}`);
  if (busy !== pool.busySlots) errors.push(`busy slots ${pool.busySlots} ≠ ${busy}`);
  if (free !== pool.freeSlots) errors.push(`free slots ${pool.freeSlots} ≠ ${free}`);
  for (const kind of ["dedicated", "lowPriority"] as const) {
    for (const state of ["allocating", "idle", "running", "leaving", "preempted"] as const) {
      const n = pool.active.filter((x) => x.kind === kind && x.state === state).length;
      if (n !== pool.counts[kind][state]) errors.push(`${kind} ${state} count ${pool.counts[kind][state]} ≠ ${n}`);
    }
  }
  // A queued head task must not fit anywhere (otherwise dispatch missed it).
  const head = pool.queue.peekFront();
  if (head !== undefined && pool.active.some((n) => (n.state === "idle" || n.state === "running") && n.freeSlots >= head.slots)) {
    errors.push(`task ${head.id} waits at the head of the queue although a node has room`);
  }
  return errors;
}
