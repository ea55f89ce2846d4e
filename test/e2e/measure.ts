// Playground measurements shared by the e2e test and `npm run bench` (bench/playground.ts):
// keystroke → markers on an 8 KB formula in Chromium, and the gzip size of the built bundle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";

/** 100 statements (the language's limit) of about 80 characters: just under 8192 characters. */
export function eightKilobyteFormula(): string {
  return Array.from(
    { length: 100 },
    (_, i) => `$v${String(i).padStart(2, "0")} = avg($PendingTasks.GetSample(TimeInterval_Minute * 5)) * 1.5 + min(${i}, 2);`,
  ).join("\n");
}

/** Milliseconds of each lint pass. */
export interface KeystrokeTimes {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/**
 * Loads `text` into the editor, then types at its end `runs` times (space / backspace) and reads
 * how long each lint pass took: parse + check + setModelMarkers, the work a keystroke causes
 * after the 150 ms debounce. Needs the page's `window.__playground` test hook.
 */
export async function keystrokeToMarkers(page: Page, text: string, runs = 15): Promise<KeystrokeTimes> {
  type Hook = {
    editor: { setValue(v: string): void; setPosition(p: object): void; focus(): void };
    model: { getLineCount(): number; getLineMaxColumn(n: number): number };
    lintCount(): number;
    lastLintMs(): number | undefined;
  };
  await page.evaluate((t) => ((window as unknown as { __playground: Hook }).__playground.editor.setValue(t)), text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const n = await page.evaluate(() => (window as unknown as { __playground: Hook }).__playground.lintCount());
    await page.evaluate(() => {
      const h = (window as unknown as { __playground: Hook }).__playground;
      const last = h.model.getLineCount();
      h.editor.setPosition({ lineNumber: last, column: h.model.getLineMaxColumn(last) });
      h.editor.focus();
    });
    if (i % 2 === 0) await page.keyboard.type(" ");
    else await page.keyboard.press("Backspace");
    await page.waitForFunction((k) => (window as unknown as { __playground: Hook }).__playground.lintCount() > k, n, { polling: 100, timeout: 10_000 });
    times.push((await page.evaluate(() => (window as unknown as { __playground: Hook }).__playground.lastLintMs())) ?? NaN);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!, min: times[0]!, max: times.at(-1)!, runs };
}

/** Raw and gzip (level 9) bytes. */
export interface Size {
  readonly raw: number;
  readonly gzip: number;
}

/** Sizes of the built playground: what the page loads up front, and the lazily loaded editor worker. */
export function bundleSizes(dist: string): { initial: Size; worker: Size } {
  const assets = join(dist, "assets");
  const files = readdirSync(assets).filter((f) => statSync(join(assets, f)).isFile() && /\.(js|css)$/.test(f));
  const sum = (fs: readonly string[]): Size =>
    fs
      .map((f) => readFileSync(join(assets, f)))
      .reduce((a, b) => ({ raw: a.raw + b.length, gzip: a.gzip + gzipSync(b, { level: 9 }).length }), { raw: 0, gzip: 0 });
  return { initial: sum(files.filter((f) => !f.includes("worker"))), worker: sum(files.filter((f) => f.includes("worker"))) };
}

/** A document of `lines` short assignments, as a paste of a generated formula would be. */
export function manyLines(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `$v${i} = ${i};`).join("\n");
}

/**
 * Milliseconds the completion provider takes when `$` is typed at the end of `text` (automatic
 * completion), per run; reads the page's `completionMs()` hook.
 */
export async function completionCost(page: Page, text: string, runs = 5): Promise<number[]> {
  type Hook = { editor: { setValue(v: string): void; setPosition(p: object): void; focus(): void }; model: { getLineCount(): number; getLineMaxColumn(n: number): number }; completionMs(): number | undefined; completionCount(): number };
  await page.evaluate((t) => (window as unknown as { __playground: Hook }).__playground.editor.setValue(t), `${text}\n$x = `);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const n = await page.evaluate(() => {
      const h = (window as unknown as { __playground: Hook }).__playground;
      const last = h.model.getLineCount();
      h.editor.setPosition({ lineNumber: last, column: h.model.getLineMaxColumn(last) });
      h.editor.focus();
      return h.completionCount();
    });
    await page.keyboard.type("$");
    await page.waitForFunction((k) => (window as unknown as { __playground: Hook }).__playground.completionCount() > k, n, { polling: 100, timeout: 60_000 });
    out.push((await page.evaluate(() => (window as unknown as { __playground: Hook }).__playground.completionMs())) ?? NaN);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Backspace");
  }
  return out;
}

/** Cold load of a fresh page: bytes fetched and milliseconds from navigation to a usable editor. */
export async function coldLoad(page: Page, url: string): Promise<{ bytes: number; timeToEditorMs: number }> {
  await page.goto(url);
  await page.waitForFunction(() => "__playground" in window, null, { polling: 100, timeout: 60_000 });
  return page.evaluate(() => {
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const bytes = resources.reduce((a, r) => a + (r.encodedBodySize || r.transferSize || 0), 0) + (nav?.encodedBodySize ?? 0);
    return { bytes, timeToEditorMs: (window as unknown as { __playgroundReadyMs: number }).__playgroundReadyMs };
  });
}

/** Long tasks (over 50 ms) on the page's main thread while a dry-run runs: count and the longest. */
export async function dryRunLongTasks(page: Page, workload: string): Promise<{ count: number; longestMs: number; runMs: number; renderMs: number }> {
  await page.selectOption("#dry-workload", workload);
  return page.evaluate(async () => {
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    });
    observer.observe({ type: "longtask" });
    const t0 = performance.now();
    await (window as unknown as { __playground: { dryRun(): Promise<unknown> } }).__playground.dryRun();
    const runMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    const render = performance.getEntriesByName("dry-run render").at(-1)?.duration ?? NaN;
    return { count: tasks.length, longestMs: Math.max(0, ...tasks), runMs, renderMs: render };
  });
}

/**
 * Longest main-thread task (ms) while a character is typed into `text` and the resulting lint
 * pass completes; needs the page's `lintCount()` / `lintedLatest()` hooks.
 */
export async function typingLongTask(page: Page, text: string): Promise<number> {
  type Hook = { editor: { setValue(v: string): void; setPosition(p: object): void; focus(): void }; model: { getLineCount(): number; getLineMaxColumn(n: number): number }; lintCount(): number; lintedLatest(): boolean };
  const settled = async (n: number): Promise<void> => {
    await page.waitForFunction((k) => {
      const h = (window as unknown as { __playground: Hook }).__playground;
      return h.lintCount() > k && h.lintedLatest();
    }, n, { polling: 100, timeout: 60_000 });
  };
  const count = (): Promise<number> => page.evaluate(() => (window as unknown as { __playground: Hook }).__playground.lintCount());
  let n = await count();
  await page.evaluate((t) => (window as unknown as { __playground: Hook }).__playground.editor.setValue(t), text);
  await settled(n);
  await page.evaluate(() => {
    const h = (window as unknown as { __playground: Hook }).__playground;
    const last = h.model.getLineCount();
    h.editor.setPosition({ lineNumber: last, column: h.model.getLineMaxColumn(last) });
    h.editor.focus();
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push(e.duration);
    }).observe({ type: "longtask" });
  });
  n = await count();
  await page.keyboard.type(" ");
  await settled(n);
  await page.waitForTimeout(400); // the live-evaluation and address-bar timers after the edit
  return page.evaluate(() => Math.max(0, ...(window as unknown as { __long: number[] }).__long));
}
