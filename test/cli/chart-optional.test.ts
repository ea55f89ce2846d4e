// vega and vega-lite are optional peer dependencies (only `simulate --chart` needs them): without
// them the library and the rest of the CLI work, and --chart is a usage error (exit 2) that says
// what to install, before the simulation runs. "Without them" is a module-resolution hook that
// hides the two packages from a child process.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "autoscale-chart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hide = join(dir, "hide-vega.mjs");
writeFileSync(
  hide,
  `import { registerHooks } from "node:module";
registerHooks({
  resolve(specifier, context, next) {
    if (/^vega(-lite)?(\\/|$)/.test(specifier)) {
      const e = new Error("Cannot find package '" + specifier + "'");
      e.code = "ERR_MODULE_NOT_FOUND";
      throw e;
    }
    return next(specifier, context);
  },
});
`,
);

function cli(args: readonly string[], hideVega: boolean): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...(hideVega ? ["--import", hide] : []), join(REPO, "src", "cli", "bin.ts"), ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SIM = ["simulate", "samples/dry-run/queue-depth.formula", "--workload", "samples/workloads/daily-batch.csv"];

describe("simulate --chart with vega and vega-lite missing", { timeout: 60_000 }, () => {
  it("is exit 2 with what to install, and writes nothing", () => {
    const svg = join(dir, "missing.svg");
    const r = cli([...SIM, "--chart", svg], true);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --chart needs the optional packages vega and vega-lite; 'vega' is not installed \(npm install vega vega-lite\)\n$/);
    expect(r.stdout).toBe("");
    expect(existsSync(svg)).toBe(false);
  });
  it("the same run without --chart works", () => {
    const r = cli([...SIM, "--json"], true);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).summary.nodeHours.dedicated).toBeGreaterThan(0);
  });
  it("with them installed (devDependencies), --chart writes an SVG", () => {
    const svg = join(dir, "chart.svg");
    const r = cli([...SIM, "--json", "--chart", svg], false);
    expect(r.status).toBe(0);
    expect(existsSync(svg)).toBe(true);
  });
});
