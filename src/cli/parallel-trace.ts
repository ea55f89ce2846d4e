// A workload packed for worker threads: one SharedArrayBuffer of number columns (submit,
// duration, slots, retention, retries and a presence flag per task) and the task ids as one
// string array, instead of 100,000 task objects structured-cloned per worker (~0.2 s of the main
// thread's time and as much of the worker's). Unpacking gives tasks with the same fields and
// values (the same keys present; their order may differ, which nothing reads); a workload holding
// anything else (a non-number field, an unknown key, a hole, a class instance) is not packed and
// crosses as a structured clone.

import type { Workload } from "../entry/simulate.ts";

/** A workload as it crosses to a worker. */
export type PackedWorkload =
  | { readonly kind: "columns"; readonly relative: boolean; readonly count: number; readonly numbers: SharedArrayBuffer; readonly flags: SharedArrayBuffer; readonly ids: readonly (string | undefined)[] }
  | { readonly kind: "clone"; readonly workload: Workload };

const SLOTS = 1;
const RETENTION = 2;
const RETRIES = 4;
const ID = 8;
/** number columns, in this order: submit, duration, slots, retention, retries */
const COLUMNS = 5;
const KNOWN = new Set(["submit", "duration", "slots", "retention", "retries", "id"]);

/** Packs the workload, or wraps it for a structured clone when its tasks are not plain data. */
export function packWorkload(workload: Workload): PackedWorkload {
  const tasks = workload.tasks;
  const n = tasks.length;
  if (!Array.isArray(tasks) || typeof workload.relative !== "boolean") return { kind: "clone", workload };
  const numbers = new SharedArrayBuffer(8 * COLUMNS * Math.max(1, n));
  const flags = new SharedArrayBuffer(Math.max(1, n));
  const col = new Float64Array(numbers);
  const flag = new Uint8Array(flags);
  const ids = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) {
    if (!(i in tasks)) return { kind: "clone", workload };
    const t = tasks[i] as { submit: unknown; duration: unknown; slots?: unknown; retention?: unknown; retries?: unknown; id?: unknown };
    if (typeof t !== "object" || t === null || Object.getPrototypeOf(t) !== Object.prototype) return { kind: "clone", workload };
    let f = 0;
    let keys = 2;
    if (typeof t.submit !== "number" || typeof t.duration !== "number") return { kind: "clone", workload };
    col[i] = t.submit;
    col[n + i] = t.duration;
    if ("slots" in t) {
      if (typeof t.slots !== "number") return { kind: "clone", workload };
      col[2 * n + i] = t.slots;
      f |= SLOTS;
      keys++;
    }
    if ("retention" in t) {
      if (typeof t.retention !== "number") return { kind: "clone", workload };
      col[3 * n + i] = t.retention;
      f |= RETENTION;
      keys++;
    }
    if ("retries" in t) {
      if (typeof t.retries !== "number") return { kind: "clone", workload };
      col[4 * n + i] = t.retries;
      f |= RETRIES;
      keys++;
    }
    if ("id" in t) {
      if (typeof t.id !== "string") return { kind: "clone", workload };
      ids[i] = t.id;
      f |= ID;
      keys++;
    }
    // Exactly the known keys (a structured clone would carry any other one).
    for (const k in t) if (--keys < 0 || !KNOWN.has(k)) return { kind: "clone", workload };
    if (keys !== 0) return { kind: "clone", workload };
    flag[i] = f;
  }
  return { kind: "columns", relative: workload.relative, count: n, numbers, flags, ids };
}

/** The workload again: tasks with the fields and values the packed ones had. */
export function unpackWorkload(packed: PackedWorkload): Workload {
  if (packed.kind === "clone") return packed.workload;
  const n = packed.count;
  const col = new Float64Array(packed.numbers);
  const flag = new Uint8Array(packed.flags);
  const tasks = new Array<Workload["tasks"][number]>(n);
  for (let i = 0; i < n; i++) {
    const f = flag[i]!;
    // The loaders' usual shapes as literals (one hidden class each), any other key by key.
    if (f === SLOTS) {
      tasks[i] = { submit: col[i]!, duration: col[n + i]!, slots: col[2 * n + i]! };
      continue;
    }
    if (f === (SLOTS | ID)) {
      tasks[i] = { submit: col[i]!, duration: col[n + i]!, slots: col[2 * n + i]!, id: packed.ids[i]! };
      continue;
    }
    const t: { submit: number; duration: number; slots?: number; retention?: number; retries?: number; id?: string } = { submit: col[i]!, duration: col[n + i]! };
    if (f & SLOTS) t.slots = col[2 * n + i]!;
    if (f & RETENTION) t.retention = col[3 * n + i]!;
    if (f & RETRIES) t.retries = col[4 * n + i]!;
    if (f & ID) t.id = packed.ids[i]!;
    tasks[i] = t;
  }
  return { tasks, relative: packed.relative };
}
