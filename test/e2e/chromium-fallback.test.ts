// The e2e tests must run on a machine without Debian's Chromium (`npm ci && npm test` on a bare
// clone): pointed at a missing browser, the harness falls back to the Chromium packaged in the
// @sparticuz/chromium devDependency, which starts and loads a page.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM_ENV, launchChromium, resolveChromium, serveStatic } from "./harness.ts";

const saved = process.env[CHROMIUM_ENV];
afterAll(() => {
  if (saved === undefined) delete process.env[CHROMIUM_ENV];
  else process.env[CHROMIUM_ENV] = saved;
});

describe("Chromium fallback", { timeout: 120_000 }, () => {
  it(`uses the packaged Chromium when ${CHROMIUM_ENV} names a missing file, and it loads a page`, async () => {
    process.env[CHROMIUM_ENV] = "/nonexistent/chromium";
    const choice = await resolveChromium();
    expect(choice.source).toBe("packaged");
    expect(choice.executablePath).toMatch(/autoscale-chromium-[\d.]+\/chromium$/);

    const dir = mkdtempSync(join(tmpdir(), "autoscale-fallback-"));
    writeFileSync(join(dir, "index.html"), `<!doctype html><title>fallback</title><p id="out"></p><script>document.getElementById("out").textContent = String(6 * 7);</script>`);
    const server = await serveStatic(dir);
    const browser = await launchChromium(choice);
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      expect(await page.title()).toBe("fallback");
      expect(await page.textContent("#out")).toBe("42");
    } finally {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
