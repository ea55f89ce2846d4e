// Clocks for the control plane: the real clock (optionally scaled, for demos), and a virtual clock
// that tests and the load bench advance by hand. The autoscaler reads time only through a Clock,
// so the same code runs on both. Browser-safe (setTimeout only).

/** A pending timer; cancel with {@link Clock.cancel}. */
export interface TimerHandle {
  readonly at: number;
}

/** Time source and timers. Times are epoch milliseconds. */
export interface Clock {
  now(): number;
  /** Calls `fn` once, at `at` (or as soon as possible when `at` is past). */
  at(at: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}

/** Largest delay setTimeout accepts (about 24.8 days); longer timers re-arm. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The wall clock. With `timeScale` N > 1 simulated time runs N times faster than real time, from
 * the moment the clock is made (`autoscale serve --time-scale 60`: a 5-minute interval every 5 s).
 */
export function realClock(options: { readonly timeScale?: number } = {}): Clock {
  const scale = options.timeScale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`timeScale must be a positive number, got ${scale}`);
  const origin = Date.now();
  const now = (): number => (scale === 1 ? Date.now() : origin + (Date.now() - origin) * scale);
  const live = new Map<TimerHandle, ReturnType<typeof setTimeout>>();
  const arm = (handle: TimerHandle, fn: () => void): void => {
    const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, (handle.at - now()) / scale));
    const t = setTimeout(() => {
      if (!live.has(handle)) return;
      if (now() < handle.at) return arm(handle, fn);
      live.delete(handle);
      fn();
    }, Math.ceil(wait));
    // Timers never keep the process alive by themselves: the server does.
    (t as { unref?: () => void }).unref?.();
    live.set(handle, t);
  };
  return {
    now,
    at(at, fn) {
      const handle: TimerHandle = { at };
      arm(handle, fn);
      return handle;
    },
    cancel(handle) {
      const t = live.get(handle);
      if (t !== undefined) clearTimeout(t);
      live.delete(handle);
    },
  };
}

/** A clock that moves only when told to. Timers due at the same instant fire in creation order. */
export interface VirtualClock extends Clock {
  /** Moves time to `t` (never backwards), firing every timer due on the way, in time order. */
  advanceTo(t: number): void;
  /** `advanceTo(now() + ms)` */
  advance(ms: number): void;
  /** number of pending timers */
  readonly pending: number;
}

/** A virtual clock starting at `start` (epoch ms). */
export function virtualClock(start: number): VirtualClock {
  let current = start;
  let seq = 0;
  type Entry = { handle: TimerHandle; fn: () => void; seq: number };
  const heap = new MinHeap<Entry>((a, b) => a.handle.at - b.handle.at || a.seq - b.seq);
  const cancelled = new Set<TimerHandle>();
  const clock: VirtualClock = {
    now: () => current,
    at(at, fn) {
      const handle: TimerHandle = { at: Math.max(at, current) };
      heap.push({ handle, fn, seq: seq++ });
      return handle;
    },
    cancel(handle) {
      cancelled.add(handle);
    },
    advanceTo(t) {
      for (let e = heap.peek(); e !== undefined && e.handle.at <= t; e = heap.peek()) {
        heap.pop();
        if (cancelled.delete(e.handle)) continue;
        current = Math.max(current, e.handle.at);
        e.fn();
      }
      current = Math.max(current, t);
    },
    advance(ms) {
      clock.advanceTo(current + ms);
    },
    get pending() {
      return heap.size - cancelled.size;
    },
  };
  return clock;
}

/** A binary min-heap (used by the virtual clock and the autoscaler's schedule). */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #less: (a: T, b: T) => number;
  constructor(compare: (a: T, b: T) => number) {
    this.#less = compare;
  }
  get size(): number {
    return this.#items.length;
  }
  peek(): T | undefined {
    return this.#items[0];
  }
  push(item: T): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.#less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.#less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.#less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Items due at instants: the items of each instant in the order they were planned, and a heap of
 * the instants (one entry per instant, not per item). An item rescheduled stays in its old
 * instant's list and is skipped there: `due(item)` no longer names that instant.
 */
export class Schedule<T> {
  readonly #lists = new Map<number, { items: T[]; waiting: number }>();
  readonly #instants = new MinHeap<number>((a, b) => a - b);
  readonly #due: (item: T) => number | undefined;
  constructor(due: (item: T) => number | undefined) {
    this.#due = due;
  }
  /** Records that `item`, due at `from` (or nothing), is now due at `to` (or nothing); the caller stores `to`. */
  move(item: T, from: number | undefined, to: number | undefined): void {
    if (from !== undefined) {
      const list = this.#lists.get(from);
      if (list) list.waiting--;
    }
    if (to === undefined) return;
    let list = this.#lists.get(to);
    if (!list) {
      this.#lists.set(to, (list = { items: [], waiting: 0 }));
      this.#instants.push(to);
    }
    list.items.push(item);
    list.waiting++;
  }
  /** The earliest instant something is due, if any. */
  next(): number | undefined {
    for (let top = this.#instants.peek(); top !== undefined; top = this.#instants.peek()) {
      if (this.#lists.get(top)!.waiting > 0) return top;
      this.#instants.pop();
      this.#lists.delete(top);
    }
    return undefined;
  }
  /** Takes every item due by `now`, earliest instant first; `fn` gets each with the instant it was due. */
  takeDue(now: number, fn: (item: T, at: number) => void): void {
    for (let top = this.#instants.peek(); top !== undefined && top <= now; top = this.#instants.peek()) {
      this.#instants.pop();
      const list = this.#lists.get(top)!;
      this.#lists.delete(top);
      for (const item of list.items) if (this.#due(item) === top) fn(item, top);
    }
  }
}
