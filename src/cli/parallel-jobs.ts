// The job loop of a runCandidates worker: claims jobs from the shared counter until none is left,
// posting each result, then says it is done. Loaded by parallel-worker.ts.

import { parentPort, workerData } from "node:worker_threads";
import { runCandidate } from "../entry/simulate.ts";
import type { WorkerInput } from "./parallel.ts";

const { workload, options, jobs, next } = workerData as WorkerInput;
for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  parentPort!.postMessage({ index: i, result: runCandidate(jobs[i]!.name, jobs[i]!.formula, workload, options) });
}
parentPort!.postMessage({ done: true });
