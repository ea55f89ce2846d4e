// Runs candidate dry-runs (compare, tune) on this thread and worker threads together. Jobs are
// claimed through a shared atomic counter, so no thread waits for another to hand out work: the
// main thread runs the first job, and only when it took long enough to pay for starting workers
// (a worker loads the evaluator and warms its JIT: about 0.5 s here) are workers started; they
// and the main thread then claim the remaining jobs until none is left. Every job is the same
// function on the same data wherever it runs, so the results equal running them one by one.

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

/** What a worker receives: the workload, the options, every job and the shared job counter. */
export interface WorkerInput {
  readonly workload: Workload;
  readonly options: CandidateOptions;
  readonly jobs: readonly CandidateJob[];
  readonly next: Int32Array;
}

/** The worker script next to this file (.ts when run from source, .js once built). */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./parallel-worker.ts" : "./parallel-worker.js", import.meta.url);

/** Dry-runs every job on the workload; results in job order. */
export async function runCandidates(jobs: readonly CandidateJob[], workload: Workload, options: CandidateOptions, run: RunCandidatesOptions = {}): Promise<CandidateResult[]> {
  const results = new Array<CandidateResult>(jobs.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  const finish = (index: number, result: CandidateResult): void => {
    results[index] = result;
    run.onDone?.(++done, jobs.length);
  };
  const runHere = (): void => {
    for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) finish(i, runCandidate(jobs[i]!.name, jobs[i]!.formula, workload, options));
  };
  const workers = Math.max(0, Math.min(jobs.length - 1, run.workers ?? Math.max(1, availableParallelism() - 1)));
  const spawnAfterMs = run.spawnAfterMs ?? 50;
  let started: Promise<void>[] = [];
  if (workers > 0 && spawnAfterMs <= 0) started = startWorkers(workers, { workload, options, jobs, next }, finish);
  else if (workers > 0 && jobs.length > 0) {
    const t0 = performance.now();
    const first = Atomics.add(next, 0, 1);
    finish(first, runCandidate(jobs[first]!.name, jobs[first]!.formula, workload, options));
    if (performance.now() - t0 >= spawnAfterMs) started = startWorkers(workers, { workload, options, jobs, next }, finish);
  }
  runHere();
  await Promise.all(started);
  return results;
}

function startWorkers(count: number, input: WorkerInput, finish: (index: number, result: CandidateResult) => void): Promise<void>[] {
  return Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(WORKER_URL, { workerData: input });
        let finished = false;
        worker.on("message", (m: { index: number; result: CandidateResult } | { done: true }) => {
          if ("done" in m) {
            finished = true;
            void worker.terminate().then(() => resolve());
          } else finish(m.index, m.result);
        });
        worker.on("error", reject);
        // A worker that stops before saying it is done (out of memory, a crash) fails the run:
        // the job it had claimed would otherwise be missing.
        worker.on("exit", (code) => {
          if (!finished) reject(new Error(`a dry-run worker stopped (exit code ${code}) before finishing its jobs`));
        });
      }),
  );
}
