// Worker thread of runCandidates (parallel.ts): holds the workload, dry-runs each formula it is sent.

import { parentPort, workerData } from "node:worker_threads";
import { runCandidate, type CandidateOptions, type Workload } from "../entry/simulate.ts";
import type { CandidateJob } from "./parallel.ts";

const { workload, options } = workerData as { workload: Workload; options: CandidateOptions };
parentPort!.on("message", (m: { index: number; job: CandidateJob }) => {
  parentPort!.postMessage({ index: m.index, result: runCandidate(m.job.name, m.job.formula, workload, options) });
});
