// End-to-end (issue 13 and issue 10 part 5): the playground for real people, in real headless
// Chromium (see harness.ts): phone layouts, keyboard paths out of the editor, undoable example
// switches, output that never goes stale, shortcuts, links and state files, docs, accessibility
// (axe-core injected into the page), the series editor, scale, exports and explain in the editor.
// Each test failed on the playground before this change.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlayground, type PlaygroundRig } from "./harness.ts";
import "./playground-hook.ts";

declare global {
  interface Window {
    axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
  }
}

let rig: PlaygroundRig;
const pageErrors: string[] = [];

async function open(url: string, viewport = { width: 1280, height: 800 }, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const p = await rig.browser.newPage({ viewport, colorScheme, acceptDownloads: true });
  p.on("pageerror", (e) => pageErrors.push(e.message));
  const lines: string[] = [];
  consoleOf.set(p, lines);
  p.on("console", (m) => lines.push(`${m.type()}: ${m.text()}`));
  await p.goto(url);
  // Every wait polls on a timer: Playwright's default polls in requestAnimationFrame, which a
  // headless Chromium under load may stop scheduling (a CI run waited 90 s here for nothing).
  await p.waitForFunction(() => window.__playground !== undefined, null, { polling: 100, timeout: 90_000 });
  return p;
}
/** Waits for the dry-run chart; on a timeout, says what the page showed instead. */
async function waitForChart(p: Page): Promise<void> {
  try {
    await p.waitForSelector("#dry-chart canvas", { timeout: 60_000 });
  } catch (e) {
    const state = await p
      .evaluate(() => ({
        error: document.getElementById("dry-error")?.textContent,
        busy: document.getElementById("dry-chart")?.getAttribute("aria-busy"),
        disabled: (document.getElementById("dry-run") as HTMLButtonElement | null)?.disabled,
        tab: document.querySelector("[aria-selected=true]")?.id,
        chart: document.getElementById("dry-chart")?.innerHTML.slice(0, 200),
        status: document.getElementById("status")?.textContent,
      }))
      .catch((err: unknown) => `page did not answer: ${String(err)}`);
    throw new Error(`no dry-run chart after 60 s; the page: ${JSON.stringify(state)}; console: ${JSON.stringify(consoleOf.get(p)?.slice(-10))}`, { cause: e });
  }
}
const consoleOf = new WeakMap<Page, string[]>();
const setFormula = (p: Page, text: string): Promise<void> => p.evaluate((t) => window.__playground.editor.setValue(t), text);
/** Puts the cursor at the end of the text and focuses the editor. */
async function focusEnd(p: Page): Promise<void> {
  await p.evaluate(() => {
    const h = window.__playground;
    const last = h.model.getLineCount();
    h.editor.setPosition({ lineNumber: last, column: h.model.getLineMaxColumn(last) });
    h.editor.focus();
  });
}
const activeId = (p: Page): Promise<string> => p.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute("role") || document.activeElement?.tagName || "");
const inEditor = (p: Page): Promise<boolean> => p.evaluate(() => document.getElementById("editor")!.contains(document.activeElement));
async function download(p: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([p.waitForEvent("download"), click()]);
  const chunks: Buffer[] = [];
  for await (const c of (await d.createReadStream())!) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  rig = await startPlayground();
}, 240_000);

afterAll(async () => {
  await rig?.close();
});

describe("playground for real people (headless Chromium)", { timeout: 90_000 }, () => {
  it("phone portrait: the editor is at least 300 px wide and the panels stack below it", async () => {
    const p = await open(rig.url, { width: 390, height: 844 });
    const editor = (await p.locator("#editor").boundingBox())!;
    const side = (await p.locator("section.side").boundingBox())!;
    expect(editor.width).toBeGreaterThanOrEqual(300);
    expect(side.y).toBeGreaterThanOrEqual(editor.y + editor.height);
    await p.close();
  });

  it("phone landscape: the problems list is readable and the chart never paints over the tab bar", async () => {
    const p = await open(rig.url, { width: 844, height: 390 });
    expect((await p.locator("#problems").boundingBox())!.height).toBeGreaterThanOrEqual(18);
    await p.click("#tabbtn-dryrun");
    await p.click("#dry-run");
    await waitForChart(p);
    // Scroll the chart under the sticky tab bar: the tab must still be what is on top there.
    await p.evaluate(() => {
      const tabs = document.querySelector(".tabs")!.getBoundingClientRect();
      const chart = document.getElementById("dry-chart")!.getBoundingClientRect();
      window.scrollBy(0, chart.top + 60 - tabs.bottom);
    });
    const onTop = await p.evaluate(() => {
      const r = document.getElementById("tabbtn-dryrun")!.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id;
    });
    expect(onTop).toBe("tabbtn-dryrun");
    await p.close();
  });

  it("keyboard: Ctrl+M makes Tab leave the editor, every panel control is reachable, F6 / Shift+F6 move between areas", async () => {
    const p = await open(rig.url);
    // The shortcuts are listed on the page, behind a disclosure button.
    expect(await p.isVisible("#shortcuts")).toBe(false);
    await p.click("#help");
    expect(await p.textContent("#shortcuts")).toContain("Tab moves focus");
    expect(await p.getAttribute("#help", "aria-expanded")).toBe("true");
    await p.click("#help");
    expect(await p.isVisible("#shortcuts")).toBe(false);
    await focusEnd(p);
    await p.keyboard.press("Control+m");
    const seen: string[] = [];
    for (let i = 0; i < 40 && !seen.includes("eval-run"); i++) {
      await p.keyboard.press("Tab");
      seen.push(await activeId(p));
    }
    expect(seen[0]).not.toBe("TEXTAREA"); // left Monaco's text area
    expect(seen).toEqual(expect.arrayContaining(["tabbtn-evaluate", "eval-context", "eval-now", "eval-live", "eval-run"]));
    // ... and back by Shift+Tab.
    for (let i = 0; i < 40 && !(await inEditor(p)); i++) await p.keyboard.press("Shift+Tab");
    expect(await inEditor(p)).toBe(true);
    await p.keyboard.press("Control+m"); // Tab inserts a tab again
    await p.keyboard.press("F6");
    expect(await p.evaluate(() => document.activeElement?.closest("#problems") !== null)).toBe(true);
    await p.keyboard.press("F6");
    expect(await activeId(p)).toBe("tabbtn-evaluate");
    await p.keyboard.press("ArrowRight");
    expect(await activeId(p)).toBe("tabbtn-dryrun");
    expect(await p.getAttribute("#tabbtn-dryrun", "aria-selected")).toBe("true");
    expect(await p.isVisible("#dry-run")).toBe(true);
    await p.keyboard.press("Shift+F6");
    await p.keyboard.press("Shift+F6");
    expect(await inEditor(p)).toBe(true);
    await p.close();
  });

  it("picking an example is undoable: Ctrl+Z brings the typed formula back", async () => {
    const p = await open(rig.url);
    const mine = "// mine\n$TargetDedicatedNodes = 7;\n";
    await setFormula(p, mine);
    await p.selectOption("#examples", "e06-task-based.formula");
    expect(await p.evaluate(() => window.__playground.editor.getValue())).not.toBe(mine);
    await expect.poll(() => p.textContent("#status")).toContain("Ctrl+Z");
    await focusEnd(p);
    await p.keyboard.press("Control+z");
    expect(await p.evaluate(() => window.__playground.editor.getValue())).toBe(mine);
    await p.close();
  });

  it("live mode re-evaluates on edit; without it the results are marked out of date", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = 3;");
    await p.click("#eval-run");
    expect(await p.textContent("#eval-results")).toContain("$TargetDedicatedNodes=3");
    await setFormula(p, "$TargetDedicatedNodes = 5;");
    await p.waitForFunction(() => document.getElementById("eval-results")!.textContent!.includes("$TargetDedicatedNodes=5"), null, { polling: 100, timeout: 5000 });
    // Half-typed text does not wipe the results: they stay, marked out of date.
    await setFormula(p, "$TargetDedicatedNodes = ");
    await p.waitForSelector("#eval-stale:not([hidden])", { timeout: 5000 });
    expect(await p.textContent("#eval-stale")).toContain("errors");
    expect(await p.textContent("#eval-results")).toContain("$TargetDedicatedNodes=5");
    expect(await p.isHidden("#eval-error")).toBe(true);
    await p.uncheck("#eval-live");
    await setFormula(p, "$TargetDedicatedNodes = 6;");
    expect(await p.isVisible("#eval-stale")).toBe(true);
    // Ctrl+Enter in the editor evaluates (and inserts no newline).
    await focusEnd(p);
    await p.keyboard.press("Control+Enter");
    await p.waitForFunction(() => document.getElementById("eval-results")!.textContent!.includes("$TargetDedicatedNodes=6"), null, { polling: 100 });
    expect(await p.evaluate(() => window.__playground.editor.getValue())).toBe("$TargetDedicatedNodes = 6;");
    expect(await p.isVisible("#eval-stale")).toBe(false);
    await p.close();
  });

  it("an evaluation failure is in the problems list as well as squiggled", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Hour * 2));");
    await p.click("#eval-run");
    await p.waitForFunction(() => window.__playground.evalMarkers().length === 1, null, { polling: 100 });
    await expect.poll(() => p.textContent("#problems")).toMatch(/1:\d+ {2}error E401/);
    expect(await p.textContent("#problems")).not.toContain("No problems.");
    // Problem rows are focusable and Enter goes there.
    await p.focus("#problems [role=listitem]");
    await p.keyboard.press("Enter");
    expect(await inEditor(p)).toBe(true);
    await p.close();
  });

  it("a dry-run of a broken formula says where, and clears the previous chart; an empty CSV is refused", async () => {
    const p = await open(rig.url);
    await p.click("#tabbtn-dryrun");
    await setFormula(p, "$TargetDedicatedNodes = min(20, max(0, $PendingTasks.GetSample(1)));");
    await p.click("#dry-run");
    await waitForChart(p);
    // Waits are in words, not `155636 s`; the x-axis is labelled.
    expect(await p.textContent("#dry-summary")).not.toMatch(/\d{4,} s/);
    expect(await p.getAttribute("#dry-chart", "aria-label")).toContain("time (UTC)");
    expect(await p.getAttribute("#dry-chart", "data-x-label")).toBe("time (UTC)");
    // The chart follows the window's width.
    const before = Number(await p.getAttribute("#dry-chart", "data-width"));
    await p.setViewportSize({ width: 1000, height: 800 });
    await expect.poll(async () => Number(await p.getAttribute("#dry-chart", "data-width"))).not.toBe(before);
    await setFormula(p, "$TargetDedicatedNodes = ;");
    expect(await p.isVisible("#dry-stale")).toBe(true);
    await p.click("#dry-run");
    await p.waitForSelector("#dry-error:not([hidden])");
    expect(await p.textContent("#dry-error")).toMatch(/formula:1:\d+: error P2\d\d/);
    expect(await p.$("#dry-chart canvas")).toBeNull();
    await setFormula(p, "$TargetDedicatedNodes = 1;");
    await p.setInputFiles("#dry-upload", { name: "junk.csv", mimeType: "text/csv", buffer: Buffer.from("hello\nworld\n") });
    await p.waitForFunction(() => (document.querySelector("#dry-workload") as HTMLSelectElement).value === "(uploaded)", null, { polling: 100 });
    await p.click("#dry-run");
    await p.waitForFunction(() => document.getElementById("dry-error")!.textContent!.includes("no tasks"), null, { polling: 100 });
    expect(await p.textContent("#dry-summary")).not.toContain("NaN");
    await p.close();
  });

  it("runs dry-runs in a web worker, and exports the timeline as CSV and the chart as SVG and PNG", async () => {
    const p = await open(rig.url);
    await p.click("#tabbtn-dryrun");
    await p.click("#dry-run");
    await waitForChart(p);
    const scripts = await p.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(scripts.some((s) => /dryrun-worker/.test(s))).toBe(true);
    const csv = (await download(p, () => p.click("#export-csv"))).toString("utf8");
    expect(csv.split("\n")[0]).toMatch(/^time,demand,/);
    expect(csv.split("\n").length).toBeGreaterThan(10);
    expect((await download(p, () => p.click("#export-svg"))).toString("utf8")).toMatch(/^<svg[^>]*xmlns/);
    const png = await download(p, () => p.click("#export-png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // Switching the theme repaints the chart in the theme's colours.
    const light = await p.$eval("#dry-chart canvas", (c) => (c as HTMLCanvasElement).toDataURL());
    await p.click("#theme");
    await expect.poll(() => p.$eval("#dry-chart canvas", (c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(light);
    await p.close();
  });

  it("a dry-run worker that fails to load falls back to the page; one that errs says so instead of waiting", async () => {
    const p = await open(rig.url);
    await p.route(/dryrun-worker/, (route) => route.abort());
    await p.click("#tabbtn-dryrun");
    await p.click("#dry-run");
    await waitForChart(p);
    await p.close();

    const q = await open(rig.url);
    await q.route(/dryrun-worker/, (route) => route.fulfill({ contentType: "text/javascript", body: "self.onmessage = (e) => self.postMessage({ id: e.data.id, error: 'boom' });" }));
    await q.click("#tabbtn-dryrun");
    await q.click("#dry-run");
    await q.waitForFunction(() => document.getElementById("dry-error")!.textContent === "The dry-run failed: boom", null, { polling: 100, timeout: 30_000 });
    expect(await q.isEnabled("#dry-run")).toBe(true);
    await q.close();
  });

  it("status messages clear themselves", async () => {
    const p = await open(rig.url);
    await p.click("#share");
    await expect.poll(() => p.textContent("#status")).not.toBe("");
    await p.waitForFunction(() => document.getElementById("status")!.textContent === "", null, { polling: 100, timeout: 8000 });
    await p.close();
  });

  it("Shift+Alt+F formats on Linux, as the button's tooltip says", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes=1;");
    await focusEnd(p);
    await p.keyboard.press("Shift+Alt+F");
    await expect.poll(() => p.evaluate(() => window.__playground.editor.getValue())).toBe("$TargetDedicatedNodes = 1;\n");
    await p.close();
  });

  it("links carry the interval and the active tab; a damaged link says so; a huge state becomes a file that opens", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$TargetDedicatedNodes = 2;");
    await p.click("#tabbtn-dryrun");
    await p.selectOption("#dry-interval", "5");
    await p.click("#share");
    const fresh = await open(p.url());
    expect(await fresh.inputValue("#dry-interval")).toBe("5");
    expect(await fresh.getAttribute("#tabbtn-dryrun", "aria-selected")).toBe("true");
    await fresh.close();

    const damaged = await open(`${rig.url}#s=N4Ig-not-a-real-state`);
    expect(await damaged.textContent("#status")).toMatch(/damaged/);
    await damaged.close();

    const huge = Array.from({ length: 2000 }, (_, i) => `// ${i} ${"x".repeat(50)}${(i * 7919).toString(36)}`).join("\n") + "\n$TargetDedicatedNodes = 1;\n";
    await setFormula(p, huge);
    await p.click("#share");
    await p.waitForSelector("#download-state");
    expect(p.url().length).toBeLessThan(9000);
    const file = await download(p, () => p.click("#download-state"));
    // Closed first: the packaged Chromium runs same-site pages in one renderer process (its flags
    // turn site isolation off), so a page still busy with the huge formula would hold up the next.
    await p.close();
    const other = await open(rig.url);
    await other.setInputFiles("#open-state", { name: "state.json", mimeType: "application/json", buffer: file });
    await expect.poll(() => other.evaluate(() => window.__playground.editor.getValue())).toBe(huge);
    expect(await other.inputValue("#dry-interval")).toBe("5");
    await other.close();
  });

  it("docs: signatures are not painted as errors, overloads are separate, `max` opens signature help, did-you-mean has a quick fix", async () => {
    const p = await open(rig.url);
    await setFormula(p, "$x = $PendingTasks.GetSample(1);\n$y = avg($x);\n");
    const hover = async (line: number, column: number): Promise<void> => {
      await p.evaluate(([l, c]) => {
        window.__playground.editor.setPosition({ lineNumber: l, column: c });
        window.__playground.editor.focus();
      }, [line, column] as const);
      await p.evaluate(() => window.__playground.editor.getAction("editor.action.showHover")!.run());
      await p.waitForSelector(".monaco-hover:not(.hidden) .markdown-hover", { timeout: 10_000 });
    };
    await hover(1, 22); // GetSample
    expect(await p.$$eval(".monaco-hover:not(.hidden) li", (ls) => ls.length)).toBeGreaterThanOrEqual(5);
    const underlined = await p.$$eval(".monaco-hover:not(.hidden) code span, .monaco-hover:not(.hidden) .monaco-tokenized-source span", (ss) =>
      ss.filter((s) => getComputedStyle(s).textDecorationLine.includes("underline")).map((s) => s.textContent),
    );
    expect(underlined).toEqual([]);
    await p.keyboard.press("Escape");

    await setFormula(p, "$x = ma");
    await focusEnd(p);
    await p.keyboard.press("Control+Space");
    await p.waitForSelector(".suggest-widget.visible .monaco-list-row", { timeout: 10_000 });
    await p.keyboard.type("x");
    await p.keyboard.press("Enter");
    await p.waitForSelector(".parameter-hints-widget.visible", { timeout: 10_000 });
    await p.keyboard.press("Escape");

    const n = await p.evaluate(() => window.__playground.lintCount());
    await setFormula(p, "$TargetDedicatedNodes = MAX(1, 2);");
    await p.waitForFunction((k) => window.__playground.lintCount() > k && window.__playground.lintedLatest(), n, { polling: 100 });
    await p.evaluate(() => {
      window.__playground.editor.setPosition({ lineNumber: 1, column: 26 });
      window.__playground.editor.focus();
    });
    await p.keyboard.press("Control+.");
    await p.waitForSelector(".action-widget", { timeout: 10_000 });
    await p.keyboard.press("Enter");
    await expect.poll(() => p.evaluate(() => window.__playground.editor.getValue())).toBe("$TargetDedicatedNodes = max(1, 2);");
    await p.close();
  });

  it("accessibility: named controls, ARIA tabs, live regions, a dark theme; axe-core finds nothing serious", async () => {
    const p = await open(rig.url);
    expect(await p.getAttribute("#tabbtn-evaluate", "aria-controls")).toBe("tab-evaluate");
    expect(await p.getAttribute("#eval-results", "aria-live")).toBe("polite");
    expect(await p.getAttribute("#eval-pool", "aria-label")).toBeTruthy();
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const check = async (page: Page): Promise<string[]> => {
      await page.addScriptTag({ content: axeSource });
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    };
    expect(await check(p)).toEqual([]);
    // The dark theme: the toggle, then the system preference on a fresh page.
    await p.click("#theme");
    expect(await p.getAttribute("html", "data-theme")).toBe("dark");
    expect(await p.$eval(".monaco-editor", (e) => e.classList.contains("vs-dark"))).toBe(true);
    expect(await check(p)).toEqual([]);
    await p.close();
    const dark = await open(rig.url, undefined, "dark");
    expect(await dark.getAttribute("html", "data-theme")).toBe("dark");
    await dark.close();
  });

  it("metric histories in series notation with a sparkline; the JSON follows", async () => {
    const p = await open(rig.url);
    const notation = p.getByLabel("Series of $PendingTasks (notation)");
    const row = p.locator(".series-row", { has: notation });
    await notation.fill("12x29");
    const samples = JSON.parse(await p.inputValue("#eval-samples")) as Record<string, [string, number][]>;
    expect(samples.$PendingTasks).toHaveLength(30);
    expect(samples.$PendingTasks!.at(-1)).toEqual(["2024-05-06T11:59:00.000Z", 12]);
    expect(await row.locator("svg polyline").count()).toBe(1);
    await notation.fill("1 2 zz");
    expect(await row.locator(".series-error").textContent()).toContain("zz");
    await p.close();
  });

  it("the Example menu lists the dry-run samples, and the workload generator script is not bundled", async () => {
    const p = await open(rig.url);
    const names = await p.$$eval("#examples option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(names).toEqual(expect.arrayContaining(["dry-run/queue-depth.formula", "dry-run/cpu.formula"]));
    await p.close();
    const assets = join(rig.dist, "assets");
    for (const f of readdirSync(assets).filter((n) => n.endsWith(".js"))) expect(readFileSync(join(assets, f), "utf8")).not.toContain("Regenerates the sample workload traces");
  });

  it("completion stays fast on a 10,000-line document", async () => {
    const p = await open(rig.url);
    const lines = Array.from({ length: 10_000 }, (_, i) => `$v${i} = avg($PendingTasks.GetSample(TimeInterval_Minute * 5)) * 1.5 + min(${i}, 2);`).join("\n");
    const n = await p.evaluate(() => window.__playground.lintCount());
    await setFormula(p, `${lines}\n$x = `);
    // Let the (seconds-long) lint pass of the paste finish: this measures completion alone.
    await p.waitForFunction((k) => window.__playground.lintCount() > k && window.__playground.lintedLatest(), n, { polling: 100, timeout: 60_000 });
    await focusEnd(p);
    const t0 = Date.now();
    await p.keyboard.type("$");
    await p.waitForSelector(".suggest-widget.visible .monaco-list-row", { timeout: 15_000, state: "attached" });
    const ms = Date.now() - t0;
    const provider = await p.evaluate(() => (window.__playground as unknown as { completionMs(): number }).completionMs());
    console.log(`completion on 10,000 lines: ${ms} ms from '$' to the list, ${provider.toFixed(1)} ms in the provider`);
    // Before: 1.9 s from '$' to the list on an idle machine, nearly all of it in the provider
    // (the check of the 10,000 statements above the cursor).
    expect(provider).toBeLessThan(250);
    expect(ms).toBeLessThan(3000);
    await p.keyboard.press("Escape");
    await p.close();
  });

  it("a lint worker that cannot load: a long formula is still checked, on the page", async () => {
    const p = await open(rig.url);
    await p.route(/lint-worker/, (route) => route.abort());
    const n = await p.evaluate(() => window.__playground.lintCount());
    // Over 32 KB, so the check goes to the worker; one undefined name to report.
    await setFormula(p, `${"// padding to pass the worker threshold\n".repeat(1000)}$TargetDedicatedNodes = $Nope;`);
    await p.waitForFunction((k) => window.__playground.lintCount() > k && window.__playground.lintedLatest(), n, { polling: 100, timeout: 60_000 });
    expect((await p.evaluate(() => window.__playground.markers())).length).toBeGreaterThan(0);
    await p.close();
  });

  it("a 10,000-line paste is checked off the main thread: typing never waits for a check", async () => {
    const p = await open(rig.url);
    const lines = Array.from({ length: 10_000 }, (_, i) => `$v${i} = avg($PendingTasks.GetSample(TimeInterval_Minute * 5)) * 1.5 + min(${i}, 2);`).join("\n");
    let n = await p.evaluate(() => window.__playground.lintCount());
    await setFormula(p, lines);
    await p.waitForFunction((k) => window.__playground.lintCount() > k && window.__playground.lintedLatest(), n, { polling: 100, timeout: 60_000 });
    await focusEnd(p);
    await p.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__long.push(e.duration);
      }).observe({ type: "longtask" });
    });
    n = await p.evaluate(() => window.__playground.lintCount());
    await p.keyboard.type(" ");
    await p.waitForFunction((k) => window.__playground.lintCount() > k && window.__playground.lintedLatest(), n, { polling: 100, timeout: 60_000 });
    // The statement limit is still reported (the check ran, in the worker).
    expect((await p.evaluate(() => window.__playground.markers())).length).toBeGreaterThan(0);
    const long = await p.evaluate(() => (window as unknown as { __long: number[] }).__long);
    console.log(`long tasks while typing into 10,000 lines: ${JSON.stringify(long.map(Math.round))}`);
    // Before: one task of 1.5-4 s per check, on the main thread.
    expect(Math.max(0, ...long)).toBeLessThan(300);
    await p.close();
  });

  it("explain: after Evaluate each line shows its value, findings are info markers, hovers show values and bounds", async () => {
    const p = await open(rig.url);
    await p.selectOption("#examples", "e06-task-based.formula");
    await p.selectOption("#eval-context", "pending-tasks-busy.json");
    await p.click("#eval-run");
    await p.waitForFunction(() => Object.keys(window.__playground.inlineValues()).length > 0, null, { polling: 100 });
    const inline = Object.values(await p.evaluate(() => window.__playground.inlineValues())).join("\n");
    expect(inline).toContain("$TargetDedicatedNodes = 12");
    await expect.poll(() => p.textContent("#editor .view-lines")).toContain("⇒");
    const infos = await p.evaluate(() => window.__playground.explainMarkers());
    expect(infos.length).toBeGreaterThan(0);
    expect(infos.every((m) => m.severity === 2)).toBe(true);
    // Hover over the $TargetDedicatedNodes assignment: its value and its bounds.
    const text = await p.evaluate(() => window.__playground.editor.getValue());
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.startsWith("$TargetDedicatedNodes"));
    await p.evaluate((l) => {
      window.__playground.editor.setPosition({ lineNumber: l + 1, column: 3 });
      window.__playground.editor.focus();
    }, line);
    await p.evaluate(() => window.__playground.editor.getAction("editor.action.showHover")!.run());
    await p.waitForSelector(".monaco-hover:not(.hidden) .markdown-hover", { timeout: 10_000 });
    const hover = (await p.textContent(".monaco-hover:not(.hidden)"))!;
    expect(hover).toContain("after the last evaluation: 12");
    expect(hover).toMatch(/bounds over every completed run: [[{(]/);
    // An edit clears what described the old text.
    await p.uncheck("#eval-live");
    await setFormula(p, "$TargetDedicatedNodes = 1;");
    expect(await p.evaluate(() => window.__playground.inlineValues())).toEqual({});
    expect(await p.evaluate(() => window.__playground.explainMarkers())).toEqual([]);
    await p.close();
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
