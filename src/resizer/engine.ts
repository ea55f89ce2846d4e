// Event loop: advances a pool through simulated time — submissions, task completions, nodes
// becoming usable, preemption and recovery, retention expiry — dispatching after each event.
// Cost is O(events × log events); it never scans all tasks.

import type { Pool } from "./pool.ts";
import { dispatch, preempt, preemptFromTrace } from "./scheduler.ts";
import { RUNNING } from "./tasks.ts";

/**
 * Processes every event with time ≤ `until`, in time order; at equal times heap events (which
 * free slots) come before submissions. Leaves `pool.now = until`.
 */
export function advanceTo(pool: Pool, until: number, afterEvent?: (pool: Pool) => void): void {
  for (;;) {
    const te = pool.events.peekTime();
    const ts = pool.nextSubmitTime();
    const t = te <= ts ? te : ts;
    if (t > until) break;
    if (++pool.eventWindowCount > pool.eventLimitPerMinute) {
      if (t - pool.eventWindowStart < 60_000) throw new EventLimitError(pool.eventLimitPerMinute, t);
      pool.eventWindowStart = t;
      pool.eventWindowCount = 1;
    }
    pool.now = t;
    if (te <= ts) fire(pool, t);
    else pool.submitDue(t);
    dispatch(pool, t);
    afterEvent?.(pool);
  }
  pool.now = until;
}

/** Thrown by {@link advanceTo} when one simulated minute holds more events than the pool allows. */
export class EventLimitError extends Error {
  constructor(limit: number, at: number) {
    super(
      `the simulation produced more than ${limit} events within one simulated minute (at ${Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : at}); ` +
        "check the preemption rate, task durations and pool size",
    );
    this.name = "EventLimitError";
  }
}

function fire(pool: Pool, now: number): void {
  const ev = pool.events.pop()!;
  if (ev.kind === "complete") {
    const t = pool.taskTable;
    if (t.state[ev.ref] === RUNNING && t.genOf(ev.ref) === ev.gen) pool.completeRow(ev.ref, now);
    return;
  }
  // A trace's preemption names its event (ref = -(index + 1)), not a node.
  if (ev.ref < 0) return void preemptFromTrace(pool, -ev.ref - 1, now);
  const node = pool.nodes[ev.ref]!;
  if (node.gen !== ev.gen) return;
  switch (ev.kind) {
    case "ready":
      if (node.state === "allocating") pool.makeUsable(node, now);
      return;
    case "preempt":
      if (node.state === "idle" || node.state === "running" || node.state === "leaving") preempt(pool, node, now);
      return;
    case "recover":
      if (node.state === "preempted") pool.makeUsable(node, now);
      return;
    case "retention":
      if (node.state === "leaving") pool.settle(node, now);
      return;
  }
}
