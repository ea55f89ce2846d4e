// The pool's tasks as columns (one typed array per field, indexed by FIFO position), and the Task
// objects callers see: views over a row, made on demand. A 30-day dry-run holds 100,000 tasks:
// as objects they were 28 MB of the V8 heap that every scavenge of the run copied and promoted;
// as columns they are off-heap buffers the garbage collector never walks.

import type { SimNode, Task, TaskSpec, TaskState } from "./model.ts";

const STATES: readonly TaskState[] = ["future", "queued", "running", "succeeded", "failed"];
/** State codes of {@link TaskTable.state}. */
export const FUTURE = 0;
export const QUEUED = 1;
export const RUNNING = 2;
export const SUCCEEDED = 3;
export const FAILED = 4;
const CODE: Readonly<Record<TaskState, number>> = { future: FUTURE, queued: QUEUED, running: RUNNING, succeeded: SUCCEEDED, failed: FAILED };

// Zero-length columns, shared: nothing can be written to them.
const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);
const NO_I32 = new Int32Array(0);

/** Every task of a pool, one row per task in FIFO order (submit time, then trace order). */
export class TaskTable {
  readonly length: number;
  readonly submit: Float64Array;
  readonly duration: Float64Array;
  /** slots per task; undefined when the trace gives none (every task takes 1) */
  readonly slots: Float64Array | undefined;
  /** retention per task; undefined when the trace gives none (every task has the default) */
  readonly retention: Float64Array | undefined;
  readonly defaultRetentionMs: number;
  /** a code of {@link STATES} */
  readonly state: Uint8Array;
  /** id of the node it runs on, -1 when none */
  readonly node: Int32Array;
  readonly firstStart: Float64Array;
  readonly end: Float64Array;
  /** the service's retry count: a requeue leaves it unchanged, so only a caller writes it (rare) */
  readonly retries = new Map<number, number>();
  /** times put back in the queue; allocated at the first requeue */
  requeues: Uint32Array | undefined;

  /** why a task failed, by row (few rows fail) */
  readonly failure = new Map<number, string>();
  /** position in the trace of each row (the default id is `task-<position + 1>`); undefined: the row */
  readonly #position: Uint32Array | undefined;
  /** the trace's ids by row, when the trace names any task */
  readonly #ids: (string | undefined)[] | undefined;
  /** the pool's nodes by id (what `node` refers to) */
  readonly nodes: readonly SimNode[];
  /** the views handed out so far, once someone asked for every task (identity is kept from then on) */
  #views: TaskView[] | undefined;

  constructor(specs: readonly TaskSpec[], defaultRetentionMs: number, nodes: readonly SimNode[]) {
    const n = specs.length;
    this.length = n;
    this.nodes = nodes;
    // FIFO order = submit time, then order in the trace (a stable sort of indices; traces are
    // usually sorted already, which the check below makes free).
    const keys = n === 0 ? NO_F64 : new Float64Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      keys[i] = specs[i]!.submit;
      if (i > 0 && keys[i]! < keys[i - 1]!) sorted = false;
    }
    let order: Uint32Array | undefined;
    if (!sorted) {
      order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    }
    this.#position = order;
    this.submit = sorted ? keys : new Float64Array(n);
    this.duration = n === 0 ? NO_F64 : new Float64Array(n);
    this.defaultRetentionMs = defaultRetentionMs;
    // Columns a trace rarely gives (slots, retention, ids) exist only when some task gives them:
    // each is 0.8 MB of fresh memory per 100k tasks otherwise.
    let slots: Float64Array | undefined;
    let retention: Float64Array | undefined;
    let ids: (string | undefined)[] | undefined;
    for (let row = 0; row < n; row++) {
      const s = specs[order === undefined ? row : order[row]!]!;
      if (!sorted) this.submit[row] = s.submit;
      this.duration[row] = s.duration;
      if (s.slots != null) (slots ??= new Float64Array(n).fill(1))[row] = s.slots;
      if (s.retention != null) (retention ??= new Float64Array(n).fill(defaultRetentionMs))[row] = s.retention;
      if (s.id != null) (ids ??= new Array<string | undefined>(n).fill(undefined))[row] = s.id;
    }
    this.slots = slots;
    this.retention = retention;
    this.#ids = ids;
    // A pool without tasks (the control plane's simulated pools, by the thousand) shares empty columns.
    this.state = n === 0 ? NO_U8 : new Uint8Array(n);
    this.node = n === 0 ? NO_I32 : new Int32Array(n).fill(-1);
    this.firstStart = n === 0 ? NO_F64 : new Float64Array(n).fill(NaN);
    this.end = n === 0 ? NO_F64 : new Float64Array(n).fill(NaN);
  }

  /**
   * Start of the current run, time queued in all, start of the current queued episode, and the
   * start count (generation): columns only once a task has been queued twice (a requeue), has
   * started twice, or a caller wrote one of them. Until then every task was queued once, from its
   * submission, and ran at most once, so they follow from the columns above (2.8 MB of fresh
   * memory per 100k tasks saved in runs without requeues).
   */
  #episodes: Episodes | undefined;

  /** The episode columns if they exist (the pool updates them; otherwise they are derived). */
  get episodesIfAny(): Episodes | undefined {
    return this.#episodes;
  }

  /** The episode columns, made from the derived values on first use. */
  episodes(): Episodes {
    if (this.#episodes !== undefined) return this.#episodes;
    const n = this.length;
    const e: Episodes = { runStart: new Float64Array(n), wait: new Float64Array(n), queuedSince: new Float64Array(n), gen: new Uint32Array(n) };
    for (let row = 0; row < n; row++) {
      e.runStart[row] = this.runStartOf(row);
      e.wait[row] = this.waitOf(row);
      e.queuedSince[row] = this.queuedSinceOf(row);
      e.gen[row] = this.genOf(row);
    }
    return (this.#episodes = e);
  }

  /** Starts so far (a completion event of an earlier start is stale). */
  genOf(row: number): number {
    if (this.#episodes !== undefined) return this.#episodes.gen[row]!;
    return Number.isNaN(this.firstStart[row]!) ? 0 : 1;
  }

  /** Start of the current (or last) run, NaN if it never ran. */
  runStartOf(row: number): number {
    return this.#episodes === undefined ? this.firstStart[row]! : this.#episodes.runStart[row]!;
  }

  /** Time queued in all episodes so far (the current one not included). */
  waitOf(row: number): number {
    if (this.#episodes !== undefined) return this.#episodes.wait[row]!;
    const first = this.firstStart[row]!;
    // (0 + …: the sum the pool would have made)
    return Number.isNaN(first) ? 0 : 0 + (first - this.submit[row]!);
  }

  /** Start of the current (or last) queued episode, NaN if never queued. */
  queuedSinceOf(row: number): number {
    if (this.#episodes !== undefined) return this.#episodes.queuedSince[row]!;
    const state = this.state[row]!;
    // Not submitted yet, or failed at submission (unschedulable: it never started either).
    if (state === FUTURE || (state === FAILED && Number.isNaN(this.firstStart[row]!))) return NaN;
    return this.submit[row]!;
  }

  /** Task slots of a row. */
  slotsOf(row: number): number {
    return this.slots === undefined ? 1 : this.slots[row]!;
  }

  /** Retention of a row. */
  retentionOf(row: number): number {
    return this.retention === undefined ? this.defaultRetentionMs : this.retention[row]!;
  }

  /** Counts a requeue of a row. */
  addRequeue(row: number): void {
    (this.requeues ??= new Uint32Array(this.length))[row]!++;
  }

  /** The task's id: the trace's, or `task-<position in the trace, 1-based>`. */
  id(row: number): string {
    return this.#ids?.[row] ?? `task-${(this.#position === undefined ? row : this.#position[row]!) + 1}`;
  }

  stateOf(row: number): TaskState {
    return STATES[this.state[row]!]!;
  }

  /**
   * The Task object of a row. Until {@link all} is first called, each call makes a new view (the
   * simulator keeps the one it puts on a node until the task leaves it); from then on, the same
   * object every time.
   */
  view(row: number): TaskView {
    return this.#views?.[row] ?? new TaskView(this, row);
  }

  /**
   * Every task as a Task object, in FIFO order (built on the first call). Views already on the
   * pool's nodes are reused, so `node.tasks` and this list hold the same objects.
   */
  all(active: readonly SimNode[]): readonly Task[] {
    if (this.#views !== undefined) return this.#views;
    const views = new Array<TaskView>(this.length);
    for (const node of active) for (const t of node.tasks) if (t instanceof TaskView && t.table === this) views[t.index] = t;
    for (let row = 0; row < this.length; row++) views[row] ??= new TaskView(this, row);
    this.#views = views;
    return views;
  }
}

/** Per-row columns of a task's queued and running episodes (see TaskTable.episodes). */
export interface Episodes {
  readonly runStart: Float64Array;
  readonly wait: Float64Array;
  readonly queuedSince: Float64Array;
  /** bumped at every start, so a stale completion event is recognised */
  readonly gen: Uint32Array;
}

/**
 * A task of a {@link TaskTable}: reads and writes its row. A write other than the pool's own (a
 * caller's) first makes the episode columns, so derived fields never change behind it.
 */
export class TaskView implements Task {
  readonly table: TaskTable;
  readonly index: number;

  constructor(table: TaskTable, index: number) {
    this.table = table;
    this.index = index;
  }

  get id(): string {
    return this.table.id(this.index);
  }
  get submit(): number {
    return this.table.submit[this.index]!;
  }
  get duration(): number {
    return this.table.duration[this.index]!;
  }
  get slots(): number {
    return this.table.slotsOf(this.index);
  }
  get retention(): number {
    return this.table.retentionOf(this.index);
  }
  get state(): TaskState {
    return this.table.stateOf(this.index);
  }
  set state(s: TaskState) {
    this.table.episodes();
    this.table.state[this.index] = CODE[s];
  }
  get node(): SimNode | undefined {
    const id = this.table.node[this.index]!;
    return id < 0 ? undefined : this.table.nodes[id];
  }
  set node(n: SimNode | undefined) {
    this.table.node[this.index] = n === undefined ? -1 : n.id;
  }
  get runStart(): number {
    return this.table.runStartOf(this.index);
  }
  set runStart(x: number) {
    this.table.episodes().runStart[this.index] = x;
  }
  get firstStart(): number {
    return this.table.firstStart[this.index]!;
  }
  set firstStart(x: number) {
    this.table.episodes();
    this.table.firstStart[this.index] = x;
  }
  get end(): number {
    return this.table.end[this.index]!;
  }
  set end(x: number) {
    this.table.end[this.index] = x;
  }
  get wait(): number {
    return this.table.waitOf(this.index);
  }
  set wait(x: number) {
    this.table.episodes().wait[this.index] = x;
  }
  get queuedSince(): number {
    return this.table.queuedSinceOf(this.index);
  }
  set queuedSince(x: number) {
    this.table.episodes().queuedSince[this.index] = x;
  }
  get retries(): number {
    return this.table.retries.get(this.index) ?? 0;
  }
  set retries(x: number) {
    this.table.retries.set(this.index, x);
  }
  get requeues(): number {
    return this.table.requeues?.[this.index] ?? 0;
  }
  set requeues(x: number) {
    (this.table.requeues ??= new Uint32Array(this.table.length))[this.index] = x;
  }
  get gen(): number {
    return this.table.genOf(this.index);
  }
  set gen(x: number) {
    this.table.episodes().gen[this.index] = x;
  }
  get failure(): string | undefined {
    return this.table.failure.get(this.index);
  }
  set failure(x: string | undefined) {
    if (x === undefined) this.table.failure.delete(this.index);
    else this.table.failure.set(this.index, x);
  }

  /** A plain copy of the task's fields (what `JSON.stringify` and test printers see). */
  toJSON(): Record<string, unknown> {
    return {
      index: this.index,
      id: this.id,
      submit: this.submit,
      duration: this.duration,
      slots: this.slots,
      retention: this.retention,
      state: this.state,
      node: this.node?.id,
      runStart: this.runStart,
      firstStart: this.firstStart,
      end: this.end,
      wait: this.wait,
      queuedSince: this.queuedSince,
      retries: this.retries,
      requeues: this.requeues,
      gen: this.gen,
      failure: this.failure,
    };
  }
}
