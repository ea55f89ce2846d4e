// Growable ring-buffer double-ended queue: the task queue needs O(1) push at the back (new
// submissions) and at the front (requeued tasks, spec §11.6), and O(1) pop at the front.

/** Double-ended queue with amortised O(1) operations at both ends. */
export class Deque<T> {
  private buf: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  /** Number of items. */
  get length(): number {
    return this.count;
  }

  /** Appends at the back. */
  pushBack(x: T): void {
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) & (this.buf.length - 1)] = x;
    this.count++;
  }

  /** Prepends at the front. */
  pushFront(x: T): void {
    if (this.count === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = x;
    this.count++;
  }

  /** The front item without removing it. */
  peekFront(): T | undefined {
    return this.count === 0 ? undefined : this.buf[this.head];
  }

  /** Removes and returns the front item. */
  popFront(): T | undefined {
    if (this.count === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.count--;
    return x;
  }

  /** Item at position i from the front (0-based). */
  at(i: number): T | undefined {
    return i < 0 || i >= this.count ? undefined : this.buf[(this.head + i) & (this.buf.length - 1)];
  }

  /** Items front to back (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.head + i) & (this.buf.length - 1)]!);
    return out;
  }

  private grow(): void {
    // Capacity stays a power of two so indices wrap with a mask.
    const next = new Array<T | undefined>(this.buf.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
