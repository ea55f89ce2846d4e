// Worker thread of runCandidates (parallel.ts). Turns on Node's compile cache first (compiled code
// of the modules kept in the OS temp folder), so a worker loads the evaluator and the simulator in
// about 0.1 s instead of 0.3–0.4 s, then runs the job loop (parallel-jobs.ts).

import module from "node:module";

// (Node 22.1+; a named import would fail to link on 22.0)
module.enableCompileCache?.();
await import(import.meta.url.endsWith(".ts") ? "./parallel-jobs.ts" : "./parallel-jobs.js");
