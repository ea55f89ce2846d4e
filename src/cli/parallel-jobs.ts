// The job loop of a runCandidates worker: claims jobs from the shared counter until none is left
// and posts each result it is the first to finish. Loaded by parallel-worker.ts.

import { parentPort, workerData } from "node:worker_threads";
import { runCandidate } from "../entry/simulate.ts";
import type { WorkerInput } from "./parallel.ts";

const { workload, options, jobs, next, finished } = workerData as WorkerInput;
for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  const result = runCandidate(jobs[i]!.name, jobs[i]!.formula, workload, options);
  if (Atomics.compareExchange(finished, i, 0, 1) === 0) parentPort!.postMessage({ index: i, result });
}
