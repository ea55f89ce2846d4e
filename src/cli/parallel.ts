// Runs candidate dry-runs (compare, tune) on this thread and worker threads together.
//
// - A pool of workers can start before the workload is read (`start()`), so they load the
//   evaluator and the simulator while this thread parses the trace.
// - The workload crosses once per worker and workload, packed into shared memory
//   (parallel-trace.ts); a later run on the same (unchanged) workload object sends only the jobs.
// - Jobs are claimed through a shared atomic counter, the main thread claiming too: no static
//   split, no thread waits for another to hand out work. The main thread yields to the event
//   loop between jobs, so worker results (and the progress bar) come in as they finish.
// - When none is left to claim, the main thread runs a backup copy of a job still in a worker's
//   hands once it has run half as long again as a typical job here (a cold or starved worker),
//   and whichever copy finishes first is kept: both check the job's shared "finished" flag as
//   they go and the slower one stops.
// - Workers send back only the reduced result (no timeline; the chart series only when asked).
//
// Every job is the same function on the same data wherever it runs: the results equal running
// them one by one.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runCandidateUnless, type CandidateOptions, type CandidateResult, type Workload } from "../entry/simulate.ts";
import { packWorkload, type PackedWorkload } from "./parallel-trace.ts";

/** One candidate: a name for the report and the formula text. */
export interface CandidateJob {
  readonly name: string;
  readonly formula: string;
}

/** Options of {@link runCandidates}. */
export interface RunCandidatesOptions {
  /** worker threads besides this one; 0 = this thread only; default: cores − 1 (at least 1) */
  readonly workers?: number;
  /**
   * workers not started yet start when one job took at least this long here (ms); default 50.
   * 0 starts them at once.
   */
  readonly spawnAfterMs?: number;
  /** called after each finished candidate with the count done and who ran it (0: this thread, k: worker k) */
  readonly onDone?: (done: number, total: number, thread: number) => void;
  /** false: only the worker threads run jobs, this one waits (tests of the workers); default true */
  readonly mainThread?: boolean;
}

/** A run as a worker receives it (parallel-jobs.ts). */
export interface RunMessage {
  readonly run: number;
  /** the workload's id; `workload` is attached when this worker does not hold it yet */
  readonly trace: number;
  readonly workload?: PackedWorkload;
  readonly options: CandidateOptions;
  readonly jobs: readonly CandidateJob[];
  /** [0]: the next job to claim */
  readonly next: Int32Array;
  /** per job: 1 once some thread has finished it (the first to set it reports the result) */
  readonly finished: Int32Array;
  /** per job: when it was claimed ({@link now}), written by the claiming thread */
  readonly claimed: Float64Array;
}

/** Milliseconds since the epoch, the same clock in every thread. */
export const now = (): number => performance.timeOrigin + performance.now();

function median(xs: readonly number[]): number {
  if (xs.length === 0) return Infinity;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** What a worker sends back: a result, or that it has nothing left to claim in the run. */
export type WorkerReply = { readonly run: number; readonly index: number; readonly result: CandidateResult } | { readonly run: number; readonly idle: true };

/** The worker script next to this file (.ts when run from source, .js once built). */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./parallel-worker.ts" : "./parallel-worker.js", import.meta.url);

/**
 * Worker threads for `jobs` candidates: the wanted count, at most jobs − 1. The default is
 * cores − 2: a dry-run allocates heavily and V8's garbage collector already keeps about a third of
 * a second core busy beside it (1.3 cores for `compare --workers 0`), so on 2 cores a worker thread
 * only competes with it (bench/compare.ts: 8 formulas on the 30-day trace, ×0.93 with one worker).
 */
export function workerCount(jobs: number, wanted?: number, cores = availableParallelism()): number {
  return Math.max(0, Math.min(jobs - 1, wanted ?? cores - 2));
}

interface Slot {
  readonly worker: Worker;
  /** 1, 2, …: its number in onDone */
  readonly thread: number;
  /** the id of the workload it holds */
  trace: number;
  /** still claiming jobs of the current run (no idle reply yet) */
  busy: boolean;
  alive: boolean;
}

/** The run in progress: where worker replies go. */
interface ActiveRun {
  readonly id: number;
  readonly reply: (slot: Slot, m: WorkerReply) => void;
  /** a worker stopped */
  readonly lost: () => void;
}

/** Worker threads plus this one, for one or several runs; `close()` when done. */
export class CandidatePool {
  readonly size: number;
  #slots: Slot[] = [];
  #started = false;
  #closed = false;
  #runs = 0;
  #active: ActiveRun | undefined;
  #traces = new WeakMap<Workload, number>();
  #packed: { trace: number; packed: PackedWorkload } | undefined;

  /** A pool of `workers` threads besides this one (none started yet). */
  constructor(workers: number) {
    this.size = Math.max(0, Math.floor(workers));
  }

  /** Starts the worker threads now (they load the simulator while this thread goes on, e.g. reads the trace). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    for (let k = 0; k < this.size; k++) {
      const worker = new Worker(WORKER_URL);
      const slot: Slot = { worker, thread: k + 1, trace: -1, busy: false, alive: true };
      worker.on("message", (m: WorkerReply) => {
        if (this.#active?.id === m.run) this.#active.reply(slot, m);
      });
      // A worker that fails (cannot load, out of memory) only loses speed: see run().
      worker.on("error", () => {});
      worker.on("exit", () => {
        slot.alive = false;
        slot.busy = false;
        this.#active?.lost();
      });
      // Idle workers do not keep the process alive; a run refs them while it waits.
      worker.unref();
      this.#slots.push(slot);
    }
  }

  /** Dry-runs every job on the workload; results in job order. One run at a time. */
  async run(jobs: readonly CandidateJob[], workload: Workload, options: CandidateOptions, run: Omit<RunCandidatesOptions, "workers"> = {}): Promise<CandidateResult[]> {
    if (this.#active !== undefined) throw new Error("CandidatePool.run: a run is in progress");
    if (this.#closed) throw new Error("CandidatePool.run: the pool is closed");
    const n = jobs.length;
    if (n === 0) return [];
    const results = new Array<CandidateResult | undefined>(n);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const finished = new Int32Array(new SharedArrayBuffer(4 * n));
    const claimed = new Float64Array(new SharedArrayBuffer(8 * n));
    /** when job i was claimed (now if the claiming thread has not written it yet) */
    const claimedAt = (i: number): number => claimed[i] || now();
    /** how long jobs took here (Infinity until one did: no backup copies before that) */
    const times: number[] = [];
    let trace = this.#traces.get(workload);
    if (trace === undefined) this.#traces.set(workload, (trace = this.#runs));
    const message: RunMessage = { run: ++this.#runs, trace, options, jobs, next, finished, claimed };
    let done = 0;
    let wake: () => void = () => {};
    /** sleeps until a worker reply or `ms` (Infinity: until a reply) */
    const nap = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const timer = Number.isFinite(ms) ? setTimeout(resolve, Math.min(ms, 2 ** 30)) : undefined;
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const record = (index: number, result: CandidateResult, thread: number): void => {
      if (results[index] !== undefined) return;
      results[index] = result;
      done++;
      run.onDone?.(done, n, thread);
    };
    this.#active = {
      id: message.run,
      reply: (slot, m) => {
        if ("idle" in m) slot.busy = false;
        else record(m.index, m.result, slot.thread);
        wake();
      },
      lost: () => wake(),
    };
    const post = (): void => {
      for (const slot of this.#slots) {
        if (!slot.alive) continue;
        slot.busy = true;
        slot.worker.ref();
        slot.worker.postMessage(slot.trace === trace ? message : { ...message, workload: this.#pack(workload, trace) });
        slot.trace = trace;
      }
    };
    try {
      if (this.#started) post();
      const here = run.mainThread !== false || this.size === 0;
      const spawnAfterMs = here ? run.spawnAfterMs ?? 50 : 0;
      if (!this.#started && this.size > 0 && spawnAfterMs <= 0) {
        this.start();
        post();
      }
      for (let i = here ? Atomics.add(next, 0, 1) : n; i < n; i = Atomics.add(next, 0, 1)) {
        const t0 = now();
        claimed[i] = t0;
        const result = runCandidateUnless(() => false, jobs[i]!.name, jobs[i]!.formula, workload, options)!;
        if (Atomics.compareExchange(finished, i, 0, 1) === 0) record(i, result, 0);
        times.push(now() - t0);
        if (!this.#started && this.size > 0 && now() - t0 >= spawnAfterMs) {
          this.start();
          post();
        }
        if (this.#started) await turn();
      }
      // Nothing left to claim: the jobs still in a worker's hands. A backup copy runs here only
      // for a straggler, a job that has run half as long again as a typical job here (a cold or
      // starved worker; a copy of a job about to finish would only take CPU from it); the two
      // copies each stop as soon as the other is done. A job nobody works on (its worker died)
      // runs here at once.
      while (here) {
        let oldest = -1;
        for (let i = 0; i < n; i++) if (Atomics.load(finished, i) === 0 && (oldest < 0 || claimedAt(oldest) > claimedAt(i))) oldest = i;
        if (oldest < 0) break;
        const wait = claimedAt(oldest) + 1.5 * median(times) - now();
        if (wait > 0 && this.#slots.some((s) => s.busy)) {
          await nap(wait);
          continue;
        }
        const i = oldest;
        const result = runCandidateUnless(() => Atomics.load(finished, i) !== 0, jobs[i]!.name, jobs[i]!.formula, workload, options);
        if (result !== undefined && Atomics.compareExchange(finished, i, 0, 1) === 0) record(i, result, 0);
        await turn();
      }
      // Results finished by workers come as messages, each before its worker's idle reply: wait
      // until every worker is idle or gone. A worker that died between finishing a job and
      // sending it leaves a result missing: run those here.
      while (done < n && this.#slots.some((s) => s.busy)) await new Promise<void>((resolve) => (wake = resolve));
      for (let i = 0; i < n; i++) if (results[i] === undefined) record(i, runCandidateUnless(() => false, jobs[i]!.name, jobs[i]!.formula, workload, options)!, 0);
      return results as CandidateResult[];
    } finally {
      this.#active = undefined;
      for (const slot of this.#slots) if (slot.alive) slot.worker.unref();
    }
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
    this.#slots = [];
  }

  /** The workload packed once per workload (the last one kept for the next worker that needs it). */
  #pack(workload: Workload, trace: number): PackedWorkload {
    if (this.#packed?.trace !== trace) this.#packed = { trace, packed: packWorkload(workload) };
    return this.#packed.packed;
  }
}

/** Lets pending messages (worker results) in. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Dry-runs every job on the workload on this thread and `run.workers` worker threads (started
 * when the first job here takes `spawnAfterMs`, or at once); results in job order.
 */
export async function runCandidates(jobs: readonly CandidateJob[], workload: Workload, options: CandidateOptions, run: RunCandidatesOptions = {}): Promise<CandidateResult[]> {
  const pool = new CandidatePool(workerCount(jobs.length, run.workers));
  try {
    return await pool.run(jobs, workload, options, run);
  } finally {
    await pool.close();
  }
}
