// Playground benchmark (issue 5): builds the playground, opens it in headless Chromium and measures
// keystroke → markers on an 8 KB formula (lint pass after the debounce; target < 16 ms), plus the
// gzip size of what the page loads and of the lazily loaded editor worker.
import type { BenchRow } from "./harness.ts";
import { buildPlayground, DIST, launchChromium, serveStatic } from "../test/e2e/harness.ts";
import { bundleSizes, eightKilobyteFormula, keystrokeToMarkers } from "../test/e2e/measure.ts";

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  buildPlayground();
  const server = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => "__playground" in window, null, { timeout: 30_000 });
    const text = eightKilobyteFormula();
    await keystrokeToMarkers(page, text, 5); // warm up the JIT
    const t = await keystrokeToMarkers(page, text, 31);
    const size = bundleSizes(DIST);
    const kb = (n: number): number => n / 1024;
    return [
      { name: `keystroke → markers in Chromium, ${text.length} chars (parse + check + setModelMarkers)`, value: t.median, unit: "ms", note: `target < 16 ms; min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)}; plus the 150 ms debounce` },
      { name: "playground initial load, gzip (JS + CSS)", value: kb(size.initial.gzip), unit: "KiB", note: `${kb(size.initial.raw).toFixed(0)} KiB raw; Monaco core is most of it` },
      { name: "editor worker, gzip (loaded lazily)", value: kb(size.worker.gzip), unit: "KiB", note: `${kb(size.worker.raw).toFixed(0)} KiB raw` },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
