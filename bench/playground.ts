// Playground benchmark (issues 5 and 13): builds the playground, opens it in headless Chromium and
// measures keystroke → markers on an 8 KB formula (lint pass after the debounce; median and p95,
// target < 16 ms), the automatic completion's cost on a 10,000-line document, the cold load (bytes
// fetched, time to a usable editor), long tasks on the main thread during a dry-run (it runs in a
// worker: target none over 50 ms), and the gzip size of the bundle.
import type { BenchRow } from "./harness.ts";
import { buildPlayground, DIST, launchChromium, serveStatic } from "../test/e2e/harness.ts";
import { bundleSizes, coldLoad, completionCost, dryRunLongTasks, eightKilobyteFormula, keystrokeToMarkers, manyLines } from "../test/e2e/measure.ts";

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  buildPlayground();
  const server = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    const cold = await coldLoad(await browser.newPage({ viewport: { width: 1400, height: 900 } }), server.url);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => "__playground" in window, null, { timeout: 30_000 });
    const text = eightKilobyteFormula();
    await keystrokeToMarkers(page, text, 5); // warm up the JIT
    const t = await keystrokeToMarkers(page, text, 31);
    const completion = (await completionCost(page, manyLines(10_000), 5)).sort((a, b) => a - b);
    const workload = "week-quiet-weekend.csv";
    await page.click("#tabbtn-dryrun");
    await dryRunLongTasks(page, workload); // warm up the worker
    const long = await dryRunLongTasks(page, workload);
    const size = bundleSizes(DIST);
    const kb = (n: number): number => n / 1024;
    return [
      { name: `keystroke → markers in Chromium, ${text.length} chars, median (parse + check + setModelMarkers)`, value: t.median, unit: "ms", note: `target < 16 ms; min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)}; plus the 150 ms debounce` },
      { name: `keystroke → markers in Chromium, ${text.length} chars, p95`, value: t.p95, unit: "ms", note: "target < 16 ms" },
      { name: "automatic completion ('$') on a 10,000-line document, median", value: completion[Math.floor(completion.length / 2)]!, unit: "ms", note: `max ${completion.at(-1)!.toFixed(1)} ms of 5; was ~2,500 ms per keystroke (21 s for '$') before windowed lexing and the cached check of the text above` },
      { name: "cold load: bytes fetched (uncompressed server)", value: kb(cold.bytes), unit: "KiB", note: "JS, CSS, fonts, HTML; the editor worker loads later" },
      { name: "cold load: time to a usable editor", value: cold.timeToEditorMs, unit: "ms", note: "navigation start → the playground's bootstrap finished, local server" },
      { name: `dry-run of ${workload}: longest main-thread task`, value: long.longestMs, unit: "ms", note: `${long.count} long tasks (> 50 ms) while it ran in the worker (${long.runMs.toFixed(0)} ms); target: none` },
      { name: "playground initial load, gzip (JS + CSS)", value: kb(size.initial.gzip), unit: "KiB", note: `${kb(size.initial.raw).toFixed(0)} KiB raw; Monaco core is most of it` },
      { name: "workers, gzip (editor + dry-run, loaded lazily)", value: kb(size.worker.gzip), unit: "KiB", note: `${kb(size.worker.raw).toFixed(0)} KiB raw` },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
