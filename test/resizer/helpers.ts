// Test helpers: build a small pool in minutes, step it with the invariant checked after every event.
import { expect } from "vitest";
import { advanceTo } from "../../src/resizer/engine.ts";
import { checkInvariants } from "../../src/resizer/invariant.ts";
import { DEFAULT_POOL_CONFIG, Pool, type PoolConfig, type TaskSpec } from "../../src/resizer/pool.ts";
import { resize, type Targets } from "../../src/resizer/resize.ts";
import { dispatch } from "../../src/resizer/scheduler.ts";

export const MIN = 60_000;

/** Task shorthand in minutes. */
export function task(id: string, submitMin: number, durationMin: number, extra: { slots?: number; retentionMin?: number } = {}): TaskSpec {
  return { id, submit: submitMin * MIN, duration: durationMin * MIN, slots: extra.slots ?? 1, retention: (extra.retentionMin ?? 0) * MIN };
}

export function makePool(specs: TaskSpec[], config: Partial<PoolConfig> = {}): Pool {
  return new Pool({ ...DEFAULT_POOL_CONFIG, allocationDelayMs: 5 * MIN, ...config }, specs, 0);
}

export function assertConsistent(pool: Pool): void {
  const errors = checkInvariants(pool);
  expect(errors, `at t=${pool.now / MIN} min`).toEqual([]);
}

/** Advances to `min` minutes, checking the invariant after every event. */
export function runTo(pool: Pool, min: number): void {
  advanceTo(pool, min * MIN, assertConsistent);
  assertConsistent(pool);
}

/** Resizes at the pool's current time, then dispatches, as the closed loop does. */
export function resizeNow(pool: Pool, targets: Partial<Targets>) {
  const r = resize(pool, { dedicated: pool.targetDedicated, lowPriority: pool.targetLowPriority, deallocation: "requeue", ...targets }, pool.now);
  dispatch(pool, pool.now);
  assertConsistent(pool);
  return r;
}

/** id → [state, start min, end min, failure] for compact expectations. */
export function outcomes(pool: Pool): Record<string, string> {
  const out: Record<string, string> = {};
  const m = (x: number) => (Number.isNaN(x) ? "-" : String(x / MIN));
  for (const t of pool.tasks) {
    out[t.id] = `${t.state} ${m(t.runStart)}→${m(t.end)}${t.node ? ` on n${t.node.id}` : ""}${t.requeues ? ` requeued×${t.requeues}` : ""}${t.failure ? ` (${t.failure})` : ""}`;
  }
  return out;
}

/** node id → minute it left ("-" if still in the pool). */
export function departures(pool: Pool): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of pool.nodes) out[`n${n.id}`] = Number.isNaN(n.leftAt) ? n.state : `left ${n.leftAt / MIN}`;
  return out;
}
