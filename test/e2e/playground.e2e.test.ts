// End-to-end: the built playground in real headless Chromium through playwright-core (Debian's
// /usr/bin/chromium, else the one packaged in @sparticuz/chromium: see harness.ts). Builds
// the playground into a folder of its own, serves it on a free port, and drives the page like a user: typing,
// completion, evaluating, dry-running, sharing. Never skipped: a browser that does not start fails the suite.
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startPlayground, type PlaygroundRig } from "./harness.ts";
import { bundleSizes, eightKilobyteFormula, keystrokeToMarkers } from "./measure.ts";
import "./playground-hook.ts";

const ARTIFACTS = join(REPO, "test-results");

let rig: PlaygroundRig;
let page: Page;
const pageErrors: string[] = [];

async function openPlayground(url: string): Promise<Page> {
  const p = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
  p.on("pageerror", (e) => pageErrors.push(e.message));
  p.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  await p.goto(url);
  await p.waitForFunction(() => window.__playground !== undefined, null, { polling: 100, timeout: 90_000 });
  return p;
}

/** Replaces the whole text by typing it (Monaco sees real key events). */
async function typeFormula(p: Page, text: string): Promise<void> {
  await p.evaluate(() => window.__playground.editor.setValue(""));
  await p.click("#editor .view-lines");
  // Auto-closing brackets/quotes would double what we type; type line by line with them off.
  await p.evaluate(() => (window.__playground.editor as unknown as { updateOptions(o: object): void }).updateOptions({ autoClosingBrackets: "never", autoClosingQuotes: "never", autoIndent: "none" }));
  await p.keyboard.type(text);
}

/** Waits until the linter has run on the editor's current text (the 150 ms debounce has fired after the last change). */
async function settle(p: Page, before: number): Promise<void> {
  await p.waitForFunction((n) => window.__playground.lintCount() > n && window.__playground.lintedLatest(), before, { polling: 100, timeout: 10_000 });
}

beforeAll(async () => {
  rig = await startPlayground();
  page = await openPlayground(rig.url);
}, 240_000);

afterAll(async () => {
  await rig?.close();
});

describe("playground (headless Chromium)", { timeout: 60_000 }, () => {
  it("opens the built playground with the editor, the examples and no page errors", async () => {
    expect(await page.title()).toMatch(/autoscale/i);
    await page.waitForSelector("#editor .monaco-editor");
    const examples = await page.$$eval("#examples option", (os) => os.map((o) => o.textContent));
    expect(examples.length).toBeGreaterThan(1);
    expect(examples).toContain("e01-pending-tasks");
    expect(pageErrors).toEqual([]);
  });

  it("shows a marker at the error's line and column, and removes it once fixed", async () => {
    const n = await page.evaluate(() => window.__playground.lintCount());
    await typeFormula(page, "$TargetDedicatedNodes = 1;\n$x = 2 + undefinedThing;\n");
    await settle(page, n);
    const markers = await page.evaluate(() => window.__playground.markers());
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ startLineNumber: 2, startColumn: 10, endLineNumber: 2, endColumn: 24 });
    expect(markers[0]!.message).toContain("undefinedThing");
    // The problems list shows the same diagnostic with its position.
    expect(await page.textContent("#problems")).toMatch(/^2:10 {2}error C30\d/);

    // Fix it: select the bad name and type a number over it.
    const m = await page.evaluate(() => window.__playground.lintCount());
    await page.evaluate(() => (window.__playground.editor as unknown as { setSelection(r: object): void }).setSelection({ startLineNumber: 2, startColumn: 10, endLineNumber: 2, endColumn: 24 }));
    await page.keyboard.type("3");
    await settle(page, m);
    expect(await page.evaluate(() => window.__playground.editor.getValue())).toBe("$TargetDedicatedNodes = 1;\n$x = 2 + 3;\n");
    expect(await page.evaluate(() => window.__playground.markers())).toEqual([]);
    expect(await page.textContent("#problems")).toContain("No problems.");
  });

  it("completes GetSample after `$PendingTasks.`", async () => {
    await typeFormula(page, "$x = max($PendingTasks");
    await page.keyboard.type(".");
    await page.waitForSelector(".suggest-widget.visible .monaco-list-row", { timeout: 10_000 });
    const labels = await page.$$eval(".suggest-widget.visible .monaco-list-row .label-name", (es) => es.map((e) => e.textContent));
    expect(labels).toContain("GetSample");
    expect(labels).toContain("GetSamplePercent");
    // Only metric methods are offered there, no functions or variables.
    expect(labels).not.toContain("avg");
    await page.keyboard.press("Escape");
  });

  it("completes timestamp members, deallocation keywords, and variables assigned above", async () => {
    const labels = async (): Promise<string[]> => {
      await page.waitForSelector(".suggest-widget.visible .monaco-list-row", { timeout: 10_000 });
      const ls = await page.$$eval(".suggest-widget.visible .monaco-list-row .label-name", (es) => es.map((e) => e.textContent ?? ""));
      await page.keyboard.press("Escape");
      return ls;
    };
    await typeFormula(page, "$h = time()");
    await page.keyboard.type(".");
    const members = await labels();
    expect(members).toEqual(expect.arrayContaining(["hour", "weekday", "year"]));
    expect(members).not.toContain("GetSample");

    await typeFormula(page, "$NodeDeallocationOption =");
    await page.keyboard.type(" ");
    expect(await labels()).toEqual(["requeue", "terminate", "taskcompletion", "retaineddata"]);

    // User variables assigned above come first; the one being assigned is not offered yet.
    await typeFormula(page, "$limit = 4;\nlater = 1;\n$x = ");
    await page.keyboard.press("Control+Space");
    const first = await labels();
    expect(first.slice(0, 2)).toEqual(["$limit", "later"]);
    expect(first).not.toContain("$x");
    // The list is virtualised: filter by a prefix to see the rest.
    await page.keyboard.type("$Pend");
    expect(await labels()).toContain("$PendingTasks");
    await page.keyboard.type(" + TimeInterval_Mi");
    await page.keyboard.press("Control+Space");
    expect(await labels()).toContain("TimeInterval_Minute");
    await page.keyboard.type(" + av");
    await page.keyboard.press("Control+Space");
    expect(await labels()).toContain("avg");
  });

  it("formats the document with the project's printer and shows hover docs from the tables", async () => {
    await page.evaluate(() => window.__playground.editor.setValue("$TargetDedicatedNodes=min(1,2);// c\n$x=time( ).hour"));
    await page.click("#format");
    await page.waitForFunction(() => window.__playground.editor.getValue().includes(" = "), null, { polling: 100 });
    expect(await page.evaluate(() => window.__playground.editor.getValue())).toBe("$TargetDedicatedNodes = min(1, 2); // c\n$x = time().hour;\n");

    await page.evaluate(() => {
      const e = window.__playground.editor as unknown as { setPosition(p: object): void; focus(): void; trigger(s: string, id: string, a: object): void };
      e.setPosition({ lineNumber: 1, column: 5 });
      e.focus();
      e.trigger("test", "editor.action.showHover", {});
    });
    await page.waitForSelector(".monaco-hover:not(.hidden) .hover-contents", { timeout: 10_000 });
    const hover = await page.textContent(".monaco-hover:not(.hidden)");
    expect(hover).toContain("$TargetDedicatedNodes");
    expect(hover).toContain("read-write");
    expect(hover).toContain("read-write, nodes)"); // symbolHover's signature: `$TargetDedicatedNodes: double (read-write, nodes)`
    expect(hover).toContain("Example");
    await page.keyboard.press("Escape");

    // A user variable shows the type the checker inferred where the cursor is (line 2: `$x = time().hour;`).
    await page.evaluate(() => {
      const e = window.__playground.editor as unknown as { setPosition(p: object): void; focus(): void; trigger(s: string, id: string, a: object): void };
      e.setPosition({ lineNumber: 2, column: 2 });
      e.focus();
      e.trigger("test", "editor.action.showHover", {});
    });
    await page.waitForFunction(() => document.querySelector(".monaco-hover:not(.hidden)")?.textContent?.includes("user variable"), undefined, { polling: 100, timeout: 10_000 });
    expect(await page.textContent(".monaco-hover:not(.hidden)")).toContain("$x — user variable: double");
    await page.keyboard.press("Escape");
  });

  it("evaluates against the built-in context and shows the results string and each variable", async () => {
    const formula = [
      "$TargetDedicatedNodes = max($PendingTasks.GetSample(1)) * 2;",
      "$NodeDeallocationOption = taskcompletion;",
      "$p = $CPUPercent.GetSamplePercent(TimeInterval_Minute * 5);",
      "$half = $CurrentDedicatedNodes / 4;",
    ].join("\n");
    await page.evaluate((f) => window.__playground.editor.setValue(f), formula);
    await page.selectOption("#eval-context", "default");
    await page.click("#eval-run");
    // By hand (spec §11.4/§11.5): the default context's $PendingTasks ends at 23 (sample 90 s old,
    // visible after the 60 s delay) → 46. $CPUPercent samples are 90 s … 660 s old, one per 30 s;
    // the window (now − 5 min, now] expects 10 and sees the 7 at 90 … 270 s → 70. $half = 2 / 4.
    // User variables follow the three service variables in ordinal order of their names.
    await page.waitForFunction(() => document.querySelector("#eval-results")?.textContent !== "", null, { polling: 100 });
    expect(await page.textContent("#eval-results")).toBe(
      "$TargetDedicatedNodes=46;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$half=0.5;$p=70",
    );
    const rows = await page.$$eval("#eval-vars tbody tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows).toContainEqual(["$half", "0.5"]);
    expect(rows).toContainEqual(["$p", "70"]);
    expect(await page.isHidden("#eval-error")).toBe(true);
  });

  it("evaluates a documented example against a sample context, as the CLI does", async () => {
    // samples/contexts/README.md: `autoscale eval samples/e06-task-based.formula --context samples/contexts/pending-tasks-busy.json`
    await page.selectOption("#examples", "e06-task-based.formula");
    await page.selectOption("#eval-context", "pending-tasks-busy.json");
    expect(await page.inputValue("#eval-now")).toBe("2024-05-01T12:00:00Z");
    await page.click("#eval-run");
    await page.waitForFunction(() => document.querySelector("#eval-results")?.textContent?.startsWith("$TargetDedicatedNodes=12"), null, { polling: 100 });
    expect(await page.textContent("#eval-results")).toBe(
      "$TargetDedicatedNodes=12;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$samples=93.3333;$targetVMs=12;$tasks=12",
    );
  });

  it("shows an evaluation error, the pool's own targets, and a marker where the message points", async () => {
    await page.evaluate(() => window.__playground.editor.setValue("$x = 1;\n$TargetDedicatedNodes = val($PendingTasks.GetSample(1), 5);"));
    await page.selectOption("#eval-context", "default");
    await page.click("#eval-run");
    await page.waitForSelector("#eval-error:not([hidden])");
    const error = (await page.textContent("#eval-error"))!;
    expect(error).toContain("AutoScalingFormulaEvaluationError");
    // On error the three service variables keep the pool's values (spec §11.5); $x was assigned.
    expect(await page.textContent("#eval-results")).toBe("$TargetDedicatedNodes=2;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$x=1");
    const [, line, col] = /Line (\d+), Col (\d+)/.exec(error)!;
    const evalMarkers = await page.evaluate(() => (window.__playground as unknown as { evalMarkers(): { startLineNumber: number; startColumn: number }[] }).evalMarkers());
    expect(evalMarkers).toHaveLength(1);
    expect(evalMarkers[0]).toMatchObject({ startLineNumber: Number(line), startColumn: Number(col) });
    // Editing clears the evaluation marker (it described the old text).
    await page.evaluate(() => window.__playground.editor.setValue("$TargetDedicatedNodes = 1;"));
    expect(await page.evaluate(() => (window.__playground as unknown as { evalMarkers(): unknown[] }).evalMarkers())).toEqual([]);
  });

  it("runs a dry-run on a sample workload and charts nodes vs demand", async () => {
    await page.click('.tabs button[data-tab="dryrun"]');
    const workloads = await page.$$eval("#dry-workload option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(workloads.length).toBeGreaterThan(0);
    await page.evaluate(() =>
      window.__playground.editor.setValue(
        "$tasks = max(0, $PendingTasks.GetSample(1));\n$TargetDedicatedNodes = min(20, $tasks);\n$NodeDeallocationOption = taskcompletion;\n",
      ),
    );
    await page.selectOption("#dry-workload", workloads[0]!);
    await page.click("#dry-run");
    await page.waitForSelector("#dry-chart canvas", { timeout: 60_000 });
    const points = Number(await page.getAttribute("#dry-chart", "data-points"));
    expect(points).toBeGreaterThan(1);
    const canvasWidth = await page.$eval("#dry-chart canvas", (c) => (c as HTMLCanvasElement).width);
    expect(canvasWidth).toBeGreaterThan(100);
    const summary = await page.textContent("#dry-summary");
    expect(summary).toMatch(/evaluations\s*\d+/);
    expect(summary).toContain("tasks succeeded / total");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "playground-dryrun.png") });
  });

  it("replays an uploaded CSV trace", async () => {
    const csv = "submit,duration\n0,600\n0,600\n60,1200\n120,300\n900,600\n";
    await page.setInputFiles("#dry-upload", { name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForFunction(() => (document.querySelector("#dry-workload") as HTMLSelectElement).value === "(uploaded)", null, { polling: 100 });
    await page.selectOption("#dry-interval", "5");
    await page.click("#dry-run");
    await page.waitForFunction(() => document.querySelector("#dry-summary")?.textContent?.includes("/ 5"), null, { polling: 100 });
    const rows = await page.$$eval("#dry-summary tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows).toContainEqual(["tasks succeeded / total", "5 / 5"]);
    expect(Number(await page.getAttribute("#dry-chart", "data-points"))).toBeGreaterThan(1);
    expect(await page.isHidden("#dry-error")).toBe(true);
  });

  it("restores formula, context and workload from a shared URL after reload", async () => {
    const formula = "// shared\n$TargetDedicatedNodes = 3;\n";
    await page.evaluate((f) => window.__playground.editor.setValue(f), formula);
    await page.click('.tabs button[data-tab="evaluate"]');
    const contexts = await page.$$eval("#eval-context option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    const context = contexts.at(-1)!;
    await page.selectOption("#eval-context", context);
    // An edit to a context field travels with the link too.
    const pool = '{ "targetDedicatedNodes": 7, "currentDedicatedNodes": 7 }';
    await page.fill("#eval-pool", pool);
    const workloads = await page.$$eval("#dry-workload option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    // the last bundled trace (an uploaded file is not part of a link)
    const workload = workloads.filter((w) => w !== "(uploaded)").at(-1)!;
    await page.click('.tabs button[data-tab="dryrun"]');
    await page.selectOption("#dry-workload", workload);
    await page.click("#share");
    const url = page.url();
    expect(url).toMatch(/#s=/);

    const fresh = await openPlayground(url);
    expect(await fresh.evaluate(() => window.__playground.editor.getValue())).toBe(formula);
    expect(await fresh.inputValue("#eval-context")).toBe(context);
    expect(await fresh.inputValue("#eval-pool")).toBe(pool);
    expect(await fresh.inputValue("#dry-workload")).toBe(workload);
    await fresh.reload();
    await fresh.waitForFunction(() => window.__playground !== undefined, null, { polling: 100 });
    expect(await fresh.evaluate(() => window.__playground.editor.getValue())).toBe(formula);
    await fresh.close();
  });

  // Speed is a benchmark's business (bench/playground.ts → bench/RESULTS.md), not a timed assertion:
  // this test checks behaviour on an 8 KB formula and records the timings as an artifact.
  it("checks an 8 KB formula clean on every keystroke, and records timings and bundle size", async () => {
    const text = eightKilobyteFormula();
    expect(text.length).toBeGreaterThan(8000);
    expect(text.length).toBeLessThanOrEqual(8192);
    const times = await keystrokeToMarkers(page, text);
    expect(await page.evaluate(() => window.__playground.markers())).toEqual([]);
    expect(times.runs).toBeGreaterThan(0);
    const bundle = bundleSizes(rig.dist);
    expect(bundle.initial.gzip).toBeGreaterThan(0);
    expect(bundle.worker.gzip).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "playground-perf.json"), `${JSON.stringify({ formulaChars: text.length, keystrokeToMarkersMs: times, bundle }, null, 2)}\n`);
  });

  it("saves a screenshot of the page", async () => {
    await page.click('.tabs button[data-tab="evaluate"]');
    await page.selectOption("#examples", "e01-pending-tasks.formula");
    await page.selectOption("#eval-context", "default");
    await page.click("#eval-run");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "playground.png") });
    expect(statSync(join(ARTIFACTS, "playground.png")).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});
