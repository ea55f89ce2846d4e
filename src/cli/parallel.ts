// Runs candidate dry-runs (compare, tune) on worker threads: each worker receives the workload
// once, then formulas one at a time, and answers with plain CandidateResults. With `workers: 0`
// everything runs here, one by one: the same function on the same data, so the same results.

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
  /** worker threads; 0 = in this thread; default: the machine's parallelism, at most one per job */
  readonly workers?: number;
  /** called after each finished candidate with the count done */
  readonly onDone?: (done: number, total: number) => void;
}

/** The worker script next to this file (.ts when run from source, .js once built). */
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./parallel-worker.ts" : "./parallel-worker.js", import.meta.url);

/** Dry-runs every job on the workload; results in job order. */
export async function runCandidates(jobs: readonly CandidateJob[], workload: Workload, options: CandidateOptions, run: RunCandidatesOptions = {}): Promise<CandidateResult[]> {
  const workers = Math.min(jobs.length, run.workers ?? availableParallelism());
  const results = new Array<CandidateResult>(jobs.length);
  let done = 0;
  if (workers <= 0) {
    jobs.forEach((j, i) => {
      results[i] = runCandidate(j.name, j.formula, workload, options);
      run.onDone?.(++done, jobs.length);
    });
    return results;
  }
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { workerData: { workload, options } });
      let current: number | undefined;
      const feed = (): void => {
        if (next >= jobs.length) {
          current = undefined;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ index: current, job: jobs[current] });
      };
      worker.on("message", (m: { index: number; result: CandidateResult }) => {
        results[m.index] = m.result;
        run.onDone?.(++done, jobs.length);
        feed();
      });
      worker.on("error", reject);
      // A worker that stops with a job in hand (out of memory, a crash) fails the whole run.
      worker.on("exit", (code) => {
        if (current !== undefined) reject(new Error(`a dry-run worker stopped (exit code ${code}) while running '${jobs[current]!.name}'`));
      });
      feed();
    });
  await Promise.all(Array.from({ length: workers }, one));
  return results;
}
