// Dry-run worker: runs runDryRun off the main thread (a week-long trace blocks for 0.2–0.4 s; a
// comparison runs two).
import { runDryRun, type DryRunRequest } from "./dryrun-run.ts";

self.onmessage = async (e: MessageEvent<{ id: number; req: DryRunRequest }>) => {
  self.postMessage({ id: e.data.id, res: await runDryRun(e.data.req) });
};
