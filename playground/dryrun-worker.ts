// Dry-run worker: runs runDryRun off the main thread (a week-long trace blocks for 0.2–0.4 s; a
// comparison runs two).
import { runDryRun, type DryRunRequest } from "./dryrun-run.ts";

// A run that throws (a bug: bad input is a problem in the response) answers with the error's text,
// so the page says so instead of waiting for ever.
self.onmessage = async (e: MessageEvent<{ id: number; req: DryRunRequest }>) => {
  try {
    self.postMessage({ id: e.data.id, res: await runDryRun(e.data.req) });
  } catch (err) {
    self.postMessage({ id: e.data.id, error: err instanceof Error ? err.message : String(err) });
  }
};
