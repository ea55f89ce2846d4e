// The task queue: a growable ring buffer of task rows (TaskTable indices). FIFO submissions are
// pushed at the back, requeued tasks at the front (spec §11.6), dispatch pops the front: all O(1)
// amortised, and no object per queued task.

import type { Task } from "./model.ts";
import type { TaskTable } from "./tasks.ts";

/** Double-ended queue of task rows, with Task views for readers. */
export class TaskQueue {
  #buf = new Int32Array(16);
  #head = 0;
  #count = 0;
  readonly #table: TaskTable;

  constructor(table: TaskTable) {
    this.#table = table;
  }

  /** Number of queued tasks. */
  get length(): number {
    return this.#count;
  }

  /** Appends a row at the back. */
  pushBack(row: number): void {
    if (this.#count === this.#buf.length) this.#grow();
    this.#buf[(this.#head + this.#count) & (this.#buf.length - 1)] = row;
    this.#count++;
  }

  /** Prepends a row at the front. */
  pushFront(row: number): void {
    if (this.#count === this.#buf.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#buf.length - 1);
    this.#buf[this.#head] = row;
    this.#count++;
  }

  /** The front row, -1 when empty. */
  frontRow(): number {
    return this.#count === 0 ? -1 : this.#buf[this.#head]!;
  }

  /** Removes and returns the front row, -1 when empty. */
  popFrontRow(): number {
    if (this.#count === 0) return -1;
    const row = this.#buf[this.#head]!;
    this.#head = (this.#head + 1) & (this.#buf.length - 1);
    this.#count--;
    return row;
  }

  /** Row at position i from the front (0-based), -1 outside. */
  rowAt(i: number): number {
    return i < 0 || i >= this.#count ? -1 : this.#buf[(this.#head + i) & (this.#buf.length - 1)]!;
  }

  /** The task at the front, without removing it. */
  peekFront(): Task | undefined {
    return this.at(0);
  }

  /** Task at position i from the front (0-based). */
  at(i: number): Task | undefined {
    const row = this.rowAt(i);
    return row < 0 ? undefined : this.#table.view(row);
  }

  /** Tasks front to back (a copy). */
  toArray(): Task[] {
    const out: Task[] = [];
    for (let i = 0; i < this.#count; i++) out.push(this.#table.view(this.rowAt(i)));
    return out;
  }

  #grow(): void {
    // Capacity stays a power of two so indices wrap with a mask.
    const next = new Int32Array(this.#buf.length * 2);
    for (let i = 0; i < this.#count; i++) next[i] = this.#buf[(this.#head + i) & (this.#buf.length - 1)]!;
    this.#buf = next;
    this.#head = 0;
  }
}
