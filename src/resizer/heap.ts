// Binary min-heap of simulation events ordered by (time, insertion sequence). The sequence
// tie-break makes runs deterministic: two events at the same instant fire in the order scheduled.

/** What an event does when it fires; the engine interprets it. */
export type EventKind = "complete" | "ready" | "preempt" | "recover" | "retention";

const KINDS: readonly EventKind[] = ["complete", "ready", "preempt", "recover", "retention"];
const KIND_CODE: Readonly<Record<EventKind, number>> = { complete: 0, ready: 1, preempt: 2, recover: 3, retention: 4 };

/** A scheduled event. `gen` is compared with the target's generation to skip stale events. */
export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  readonly kind: EventKind;
  /** task index (complete) or node id (the others) */
  readonly ref: number;
  readonly gen: number;
}

/**
 * Room for events before the first growth: small, as a control plane holds thousands of pools
 * that rarely have more than a few events pending (a dry-run's one pool doubles its way up).
 */
const INITIAL_CAPACITY = 8;

/**
 * Min-heap keyed by time then seq; O(log n) push and pop. The events live in parallel typed
 * arrays, not one object each: a 30-day dry-run schedules hundreds of thousands of events, and
 * an object per event was a tenth of the run's allocation (and of its garbage collection).
 */
export class EventHeap {
  #time = new Float64Array(INITIAL_CAPACITY);
  #seq = new Float64Array(INITIAL_CAPACITY);
  #kind = new Uint8Array(INITIAL_CAPACITY);
  #ref = new Float64Array(INITIAL_CAPACITY);
  #gen = new Float64Array(INITIAL_CAPACITY);
  #size = 0;
  #nextSeq = 0;
  /** what pop() returns: one record, overwritten by the next pop */
  readonly #popped = { time: 0, seq: 0, kind: "complete" as EventKind, ref: 0, gen: 0 };

  /** Number of scheduled events (stale ones included until popped). */
  get size(): number {
    return this.#size;
  }

  /** Schedules an event. */
  push(time: number, kind: EventKind, ref: number, gen: number): void {
    if (this.#size === this.#time.length) this.#grow();
    const seq = this.#nextSeq++;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(time, seq, this.#time[parent]!, this.#seq[parent]!)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#set(i, time, seq, KIND_CODE[kind], ref, gen);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Infinity : this.#time[0]!;
  }

  /** Removes and returns the earliest event: a record valid until the next pop. */
  pop(): SimEvent | undefined {
    if (this.#size === 0) return undefined;
    const out = this.#popped;
    out.time = this.#time[0]!;
    out.seq = this.#seq[0]!;
    out.kind = KINDS[this.#kind[0]!]!;
    out.ref = this.#ref[0]!;
    out.gen = this.#gen[0]!;
    const n = --this.#size;
    if (n > 0) {
      // The last event moves to the root and sinks to its place.
      const time = this.#time[n]!;
      const seq = this.#seq[n]!;
      const kind = this.#kind[n]!;
      const ref = this.#ref[n]!;
      const gen = this.#gen[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(this.#time[r]!, this.#seq[r]!, this.#time[l]!, this.#seq[l]!) ? r : l;
        if (!before(this.#time[c]!, this.#seq[c]!, time, seq)) break;
        this.#move(c, i);
        i = c;
      }
      this.#set(i, time, seq, kind, ref, gen);
    }
    return out;
  }

  #set(i: number, time: number, seq: number, kind: number, ref: number, gen: number): void {
    this.#time[i] = time;
    this.#seq[i] = seq;
    this.#kind[i] = kind;
    this.#ref[i] = ref;
    this.#gen[i] = gen;
  }

  #move(from: number, to: number): void {
    this.#set(to, this.#time[from]!, this.#seq[from]!, this.#kind[from]!, this.#ref[from]!, this.#gen[from]!);
  }

  #grow(): void {
    const cap = this.#time.length * 2;
    const grown = <T extends Float64Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.#time = grown(this.#time, new Float64Array(cap));
    this.#seq = grown(this.#seq, new Float64Array(cap));
    this.#kind = grown(this.#kind, new Uint8Array(cap));
    this.#ref = grown(this.#ref, new Float64Array(cap));
    this.#gen = grown(this.#gen, new Float64Array(cap));
  }
}

/** (aTime, aSeq) fires before (bTime, bSeq). */
function before(aTime: number, aSeq: number, bTime: number, bSeq: number): boolean {
  return aTime < bTime || (aTime === bTime && aSeq < bSeq);
}
