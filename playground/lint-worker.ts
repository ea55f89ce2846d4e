// Lint worker: parse + check of big documents off the page's main thread (a 10,000-line paste
// takes seconds to check; small formulas stay on the main thread, where a pass is ~1 ms).
import { checkText } from "../src/index.ts";

self.onmessage = (e: MessageEvent<{ id: number; text: string }>) => {
  const t0 = performance.now();
  const { diagnostics } = checkText(e.data.text);
  self.postMessage({ id: e.data.id, diagnostics, ms: performance.now() - t0 });
};
