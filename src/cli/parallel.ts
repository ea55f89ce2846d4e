// Runs candidate dry-runs (compare, tune) on this thread and worker threads together. Jobs are
// claimed through a shared atomic counter, so no thread waits for another to hand out work: the
// main thread runs the first job, and only when it took long enough to pay for starting workers
// (a worker loads the evaluator and warms its JIT over its first runs) are workers started; they
// and the main thread then claim the remaining jobs. When none is left to claim, the main thread
// also runs the jobs still in a worker's hands and keeps whichever copy finishes first, so a cold,
// slow worker never makes the whole run slower than running everything here. Every job is the same
// function on the same data wherever it runs: the results equal running them one by one.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runCandidate, type CandidateOptions, type CandidateResult, type Workload } from "../entry/simulate.ts";

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
   * start workers only when the first job took at least this long (ms); default 50. 0 starts
   * them at once (tests, benchmarks of the threads themselves).
   */
  readonly spawnAfterMs?: number;
  /** called after each finished candidate with the count done */
  readonly onDone?: (done: number, total: number) => void;
}

/** What a worker receives: the workload, the options, every job and the shared counters. */
export interface WorkerInput {
  readonly workload: Workload;
  readonly options: CandidateOptions;
  readonly jobs: readonly CandidateJob[];
  /** [0]: the next job to claim */
  readonly next: Int32Array;
  /** per job: 1 once some thread has finished it (the first to set it reports the result) */
  readonly finished: Int32Array;
}

/** The worker script next to this file (.ts when run from source, .js once built). */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./parallel-worker.ts" : "./parallel-worker.js", import.meta.url);

/** Dry-runs every job on the workload; results in job order. */
export async function runCandidates(jobs: readonly CandidateJob[], workload: Workload, options: CandidateOptions, run: RunCandidatesOptions = {}): Promise<CandidateResult[]> {
  const n = jobs.length;
  const results = new Array<CandidateResult | undefined>(n);
  const input: WorkerInput = { workload, options, jobs, next: new Int32Array(new SharedArrayBuffer(4)), finished: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n))) };
  let done = 0;
  let allDone: () => void = () => {};
  const complete = new Promise<void>((resolve) => (allDone = resolve));
  const record = (index: number, result: CandidateResult): void => {
    if (results[index] !== undefined) return;
    results[index] = result;
    done++;
    run.onDone?.(done, n);
    if (done === n) allDone();
  };
  /** Runs job i here; keeps the result unless a worker finished it first (its message will come). */
  const runHere = (i: number): void => {
    const result = runCandidate(jobs[i]!.name, jobs[i]!.formula, workload, options);
    if (Atomics.compareExchange(input.finished, i, 0, 1) === 0) record(i, result);
  };
  /** Every worker stopped on its own (a crash): jobs marked finished whose result never came are run here. */
  const recover = (): void => {
    for (let i = 0; i < n; i++) if (results[i] === undefined && Atomics.load(input.finished, i) === 1) record(i, runCandidate(jobs[i]!.name, jobs[i]!.formula, workload, options));
  };
  if (n === 0) return [];
  const workerCount = Math.max(0, Math.min(n - 1, run.workers ?? Math.max(1, availableParallelism() - 1)));
  const spawnAfterMs = run.spawnAfterMs ?? 50;
  let workers: Worker[] = [];
  if (workerCount > 0 && spawnAfterMs > 0) {
    const t0 = performance.now();
    runHere(Atomics.add(input.next, 0, 1));
    if (performance.now() - t0 >= spawnAfterMs) workers = startWorkers(workerCount, input, record, recover);
  } else if (workerCount > 0) workers = startWorkers(workerCount, input, record, recover);
  for (let i = Atomics.add(input.next, 0, 1); i < n; i = Atomics.add(input.next, 0, 1)) runHere(i);
  // Nothing left to claim: run here whatever no thread has finished yet (jobs in a worker's hands).
  for (let i = 0; i < n; i++) if (Atomics.load(input.finished, i) === 0) runHere(i);
  // Results workers finished first are in messages not yet handled: let them in, then stop the workers.
  if (done < n) await complete;
  await Promise.all(workers.map((w) => w.terminate()));
  return results as CandidateResult[];
}

function startWorkers(count: number, input: WorkerInput, record: (index: number, result: CandidateResult) => void, recover: () => void): Worker[] {
  let alive = count;
  return Array.from({ length: count }, () => {
    const worker = new Worker(WORKER_URL, { workerData: input });
    worker.on("message", (m: { index: number; result: CandidateResult }) => record(m.index, m.result));
    // A worker that fails (cannot load, out of memory) only loses speed: the main thread runs
    // every job it had not finished, and, once no worker is left, those it finished but could not
    // report. A worker with nothing left to claim also ends here (its messages came first).
    worker.on("error", () => {});
    worker.on("exit", () => {
      if (--alive === 0) recover();
    });
    return worker;
  });
}
