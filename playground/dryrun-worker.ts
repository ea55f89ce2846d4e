// Dry-run worker: runs runDryRun off the main thread (a week-long trace blocks for 0.2–0.4 s).
import { runDryRun, type DryRunRequest } from "./dryrun-run.ts";

self.onmessage = (e: MessageEvent<{ id: number; req: DryRunRequest }>) => {
  self.postMessage({ id: e.data.id, res: runDryRun(e.data.req) });
};
