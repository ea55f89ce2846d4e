// Binary min-heap of simulation events ordered by (time, insertion sequence). The sequence
// tie-break makes runs deterministic: two events at the same instant fire in the order scheduled.

/** What an event does when it fires; the engine interprets it. */
export type EventKind = "complete" | "ready" | "preempt" | "recover" | "retention";

/** A scheduled event. `gen` is compared with the target's generation to skip stale events. */
export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  readonly kind: EventKind;
  /** task index (complete) or node id (the others) */
  readonly ref: number;
  readonly gen: number;
}

/** Min-heap keyed by time then seq; O(log n) push and pop, no allocation beyond the events. */
export class EventHeap {
  private readonly items: SimEvent[] = [];
  private seq = 0;

  /** Number of scheduled events (stale ones included until popped). */
  get size(): number {
    return this.items.length;
  }

  /** Schedules an event. */
  push(time: number, kind: EventKind, ref: number, gen: number): void {
    const items = this.items;
    const ev: SimEvent = { time, seq: this.seq++, kind, ref, gen };
    let i = items.length;
    items.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(ev, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = ev;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    const top = this.items[0];
    return top === undefined ? Infinity : top.time;
  }

  /** Removes and returns the earliest event. */
  pop(): SimEvent | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(items[r]!, items[l]!) ? r : l;
        if (!before(items[c]!, last)) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
