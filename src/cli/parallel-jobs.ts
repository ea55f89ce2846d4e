// The job loop of a CandidatePool worker (parallel.ts): for each run it receives, unpacks the
// workload when one is attached (kept for later runs on the same workload), claims jobs from the
// shared counter until none is left, posts each result it is the first to finish (stopping a job
// as soon as another thread finished it), then says it is idle. Loaded by parallel-worker.ts.

import { parentPort } from "node:worker_threads";
import { runCandidateUnless, type Workload } from "../entry/simulate.ts";
import { now, type RunMessage, type WorkerReply } from "./parallel.ts";
import { unpackWorkload } from "./parallel-trace.ts";

let held: { trace: number; workload: Workload } | undefined;

parentPort!.on("message", (m: RunMessage) => {
  if (m.workload !== undefined) held = { trace: m.trace, workload: unpackWorkload(m.workload) };
  // The pool attaches the workload to a worker's first run on it, so this one is held.
  if (held?.trace === m.trace) {
    const { jobs, next, finished, claimed } = m;
    for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
      claimed[i] = now();
      const result = runCandidateUnless(() => Atomics.load(finished, i) !== 0, jobs[i]!.name, jobs[i]!.formula, held.workload, m.options);
      if (result !== undefined && Atomics.compareExchange(finished, i, 0, 1) === 0) parentPort!.postMessage({ run: m.run, index: i, result } satisfies WorkerReply);
    }
  }
  parentPort!.postMessage({ run: m.run, idle: true } satisfies WorkerReply);
});
