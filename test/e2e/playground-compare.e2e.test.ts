// End-to-end (issue 11 part 6, issue 13 item 6): the Dry-run panel on real traces, with cost and
// elasticity, and a comparison of two formulas, in real headless Chromium (see harness.ts). Each
// test failed on the playground before this change (the panel read CSV / JSON Lines only, showed
// no cost or elasticity figure, and ran one formula).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startPlayground, type PlaygroundRig } from "./harness.ts";
import "./playground-hook.ts";

declare global {
  interface Window {
    axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
  }
}

let rig: PlaygroundRig;
const pageErrors: string[] = [];
const BATCH = readFileSync(join(REPO, "samples/workloads/batch-job-render.json"), "utf8");
const SWF = readFileSync(join(REPO, "samples/workloads/tiny.swf"), "utf8");

async function open(url: string): Promise<Page> {
  const p = await rig.browser.newPage({ viewport: { width: 1280, height: 900 } });
  p.on("pageerror", (e) => pageErrors.push(e.message));
  await p.goto(url);
  await p.waitForFunction(() => window.__playground !== undefined, null, { polling: 100, timeout: 90_000 });
  await p.click("#tabbtn-dryrun");
  return p;
}
const setFormula = (p: Page, text: string): Promise<void> => p.evaluate((t) => window.__playground.editor.setValue(t), text);
/** Runs the dry-run and waits for its chart (the click marks the chart busy until the run's result is drawn). */
async function runAndChart(p: Page): Promise<void> {
  await p.click("#dry-run");
  await p.waitForSelector("#dry-chart:not([aria-busy]) canvas", { timeout: 30_000 });
}
/** The summary as { figure: [values…] }. */
const summary = (p: Page): Promise<Record<string, string[]>> =>
  p.$$eval("#dry-summary tbody tr", (trs) => Object.fromEntries(trs.filter((tr) => tr.children.length > 1).map((tr) => [tr.children[0]!.textContent!, [...tr.children].slice(1).map((c) => c.textContent!)])));

beforeAll(async () => {
  rig = await startPlayground();
}, 240_000);

afterAll(async () => {
  await rig?.close();
});

describe("dry-run on real traces, cost, elasticity, compare (headless Chromium)", { timeout: 90_000 }, () => {
  it("reads an Azure Batch task export and an SWF file (upload or paste), with the slots / cores field; a bad file says where, no chart", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = 2;");
    expect(await p.isVisible("#dry-slots")).toBe(false);
    // A Batch export (the REST call's {"value": […]}): its tasks need 2 slots, so the field shows.
    await p.setInputFiles("#dry-upload", { name: "render.json", mimeType: "application/json", buffer: Buffer.from(BATCH) });
    await p.waitForFunction(() => (document.querySelector("#dry-workload") as HTMLSelectElement).value === "(uploaded)", null, { polling: 100 });
    expect(await p.isVisible("#dry-slots")).toBe(true);
    expect(await p.textContent("#dry-slots-label")).toContain("slots per node");
    await p.fill("#dry-slots", "2");
    await runAndChart(p);
    expect(await p.isHidden("#dry-error")).toBe(true);
    const batchTotal = (await summary(p))["tasks succeeded / total"]![0]!;
    expect(batchTotal).toMatch(/^\d+ \/ [1-9]\d*$/);
    // The records that did not run are counted, as the CLI's note does.
    expect(await p.textContent("#dry-notes")).toMatch(/batch-json: \d+ of \d+ records not replayed/);

    // SWF, pasted (no name: detected from the content), with cores per node.
    await p.click("#dry-paste-box summary");
    await p.fill("#dry-paste", SWF);
    await p.click("#dry-paste-use");
    expect(await p.textContent("#dry-slots-label")).toContain("Cores per node");
    await p.fill("#dry-slots", "4");
    await runAndChart(p);
    expect(await p.isHidden("#dry-error")).toBe(true);
    expect((await summary(p))["tasks succeeded / total"]![0]).toMatch(/^\d+ \/ [1-9]\d*$/);

    // A Batch export as a bare array, pasted.
    await p.fill("#dry-paste", JSON.stringify((JSON.parse(BATCH) as { value: unknown[] }).value, null, 1));
    await p.click("#dry-paste-use");
    await runAndChart(p);
    expect((await summary(p))["tasks succeeded / total"]![0]).toBe(batchTotal);

    // A bad export: the file's line and JSON path, and no chart.
    const bad = '{"value": [\n  {"id": "t1", "creationTime": "yesterday"}\n]}\n';
    await p.setInputFiles("#dry-upload", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from(bad) });
    await p.click("#dry-run");
    await p.waitForSelector("#dry-error:not([hidden])");
    expect(await p.textContent("#dry-error")).toMatch(/^bad\.json:2: error R502: \$\.value\[0\]: task 'bad\/t1': creationTime "yesterday" is not an ISO 8601 date-time/);
    expect(await p.$("#dry-chart canvas")).toBeNull();
    expect(await p.textContent("#dry-summary")).toBe("");
    // A bad SWF line: the line number.
    await p.setInputFiles("#dry-upload", { name: "bad.swf", mimeType: "text/plain", buffer: Buffer.from("; Version: 2.2\n1 0 -1 sixty 1 -1 -1 1 -1 -1 1 -1 -1 -1 -1 -1 -1 -1\n") });
    await p.click("#dry-run");
    await p.waitForFunction(() => document.getElementById("dry-error")!.textContent!.startsWith("bad.swf:2:"), null, { polling: 100 });
    expect(await p.$("#dry-chart canvas")).toBeNull();
    await p.close();
  });

  it("shows cost (priced per node-hour, in the link) and idle cost, and the elasticity figures beside the summary", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = 3;");
    await runAndChart(p);
    let s = await summary(p);
    const [dedicatedH, lowH] = s["node hours (dedicated / low-priority)"]![0]!.split(" / ").map(Number) as [number, number];
    const cost = (row: string[] | undefined): number => Number(row![0]!.split(" ")[0]);
    expect(cost(s["cost (dedicated + low-priority)"])).toBeCloseTo(dedicatedH * 0.192 + lowH * 0.038, 2);
    expect(cost(s["idle cost (nodes with no task running)"])).toBeGreaterThanOrEqual(0);
    for (const figure of ["under-provisioning accuracy θU", "over-provisioning accuracy θO", "under-provisioning timeshare τU", "over-provisioning timeshare τO", "instability k"]) {
      expect(s[figure]![0], figure).toMatch(/^\d+\.\d %$/);
    }
    expect(Number(s["resizes"]![0])).toBeGreaterThanOrEqual(1);
    expect(s["time to first node after a burst (mean / max)"]![0]).toMatch(/bursts\)$/);
    // No invented single score.
    expect(await p.textContent("#dry-summary")).not.toMatch(/score/i);

    // A new price marks the result out of date, reprices it, and travels in the link.
    await p.fill("#dry-price-dedicated", "1");
    await p.fill("#dry-price-low", "0.5");
    await p.press("#dry-price-low", "Tab");
    expect(await p.isVisible("#dry-stale")).toBe(true);
    await runAndChart(p);
    s = await summary(p);
    expect(cost(s["cost (dedicated + low-priority)"])).toBeCloseTo(dedicatedH + lowH * 0.5, 2);
    expect(await p.evaluate(() => (window.__playground as unknown as { state(): { prices?: unknown } }).state().prices)).toEqual({ dedicated: 1, lowPriority: 0.5 });
    await p.click("#share");
    const fresh = await open(p.url());
    expect(await fresh.inputValue("#dry-price-dedicated")).toBe("1");
    expect(await fresh.inputValue("#dry-price-low")).toBe("0.5");
    await fresh.close();
    await p.close();
  });

  it("compares the editor's formula with a second one: both in the worker, both node lines on one chart, the better value of each row marked, in the link, and axe finds nothing serious", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = 2;");
    await p.click("#dry-compare-box summary");
    // "Fill B from example", then a formula typed in the box.
    const example = await p.$eval("#dry-compare-example", (s) => (s as HTMLSelectElement).options[1]!.value);
    await p.selectOption("#dry-compare-example", example);
    expect((await p.inputValue("#dry-compare")).length).toBeGreaterThan(0);
    await p.fill("#dry-compare", "$TargetDedicatedNodes = 6;");
    const mainThreadRuns = await p.evaluate(() => performance.getEntriesByName("dry-run render").length);
    await runAndChart(p);
    // Ran in the dry-run worker (the worker script was loaded; the page only rendered).
    const scripts = await p.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(scripts.some((x) => /dryrun-worker/.test(x))).toBe(true);
    expect(await p.evaluate(() => performance.getEntriesByName("dry-run render").length)).toBe(mainThreadRuns + 1);
    // One chart: demand and both formulas' node lines, with a legend.
    const label = (await p.getAttribute("#dry-chart", "aria-label"))!;
    expect(label).toContain("A: usable nodes (editor)");
    expect(label).toContain("B: usable nodes (second formula)");
    expect(label).toContain("demand (A)");
    const legend = await p.$$eval("#dry-chart .u-legend .u-series", (xs) => xs.map((x) => x.textContent!.trim()).filter(Boolean));
    expect(legend).toEqual(expect.arrayContaining(["A: usable nodes (editor)", "B: usable nodes (second formula)"]));
    // Two value columns; B (6 nodes) costs more, A (2 nodes) waits longer: each row marks its better value.
    expect(await p.$$eval("#dry-summary thead th", (ths) => ths.map((t) => t.textContent))).toEqual(["figure", "A (editor)", "B (second formula)"]);
    const s = await summary(p);
    expect(s["cost (dedicated + low-priority)"]![0]).toMatch(/✓ better$/);
    expect(s["cost (dedicated + low-priority)"]![1]).not.toMatch(/better/);
    expect(s["wait p95"]![1]).toMatch(/✓ better$/);
    expect(s["wait p95"]![0]).not.toMatch(/better/);
    expect(await p.$$eval("#dry-summary td.better", (tds) => tds.length)).toBeGreaterThanOrEqual(2);
    // The SVG export carries both lines.
    const [d] = await Promise.all([p.waitForEvent("download"), p.click("#export-svg")]);
    const chunks: Buffer[] = [];
    for await (const c of (await d.createReadStream())!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString("utf8")).toContain("B: usable nodes (second formula)");

    // The second formula travels in the link; clearing it goes back to one run.
    await p.click("#share");
    const fresh = await open(p.url());
    expect(await fresh.inputValue("#dry-compare")).toBe("$TargetDedicatedNodes = 6;");
    expect(await fresh.getAttribute("#dry-compare-box", "open")).not.toBeNull();
    await fresh.close();

    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await p.addScriptTag({ content: axeSource });
    const { violations } = await p.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);

    await p.click("#dry-compare-clear");
    await runAndChart(p);
    expect(await p.$$eval("#dry-summary thead th", (ths) => ths.length)).toBe(2);
    expect(await p.getAttribute("#dry-chart", "aria-label")).not.toContain("B:");
    await p.close();
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
