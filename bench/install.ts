// Install cost (issue 9): what `npm install autoscale-formula` brings into an empty project and
// how long loading the library takes. `npm pack`s this checkout (prepack builds dist/), installs
// the tarball into an empty temp project (npm's cache first: --prefer-offline), counts the
// packages and the bytes of node_modules, then times `import("autoscale-formula")` and
// `autoscale --version` in fresh node processes (median of several). A second project adds
// vega and vega-lite, the optional peers that only `simulate --chart` needs: that is also what
// every install pulled while they were plain dependencies.
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, type BenchRow } from "./harness.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

/** Apparent size in bytes of a folder (symlinks counted as links, not followed). */
function bytesOf(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += bytesOf(p);
    else total += lstatSync(p).size;
  }
  return total;
}

interface Installed {
  readonly dir: string;
  readonly packages: number;
  readonly bytes: number;
}

/** An empty ESM project with `specs` installed; packages as npm's "added N packages" counts them. */
function install(root: string, name: string, specs: readonly string[]): Installed {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, type: "module" })}\n`);
  execFileSync("npm", ["install", ...specs, ...NPM_FLAGS], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const lock = JSON.parse(readFileSync(join(dir, "node_modules", ".package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages).filter((k) => k.startsWith("node_modules/")).length;
  return { dir, packages, bytes: bytesOf(join(dir, "node_modules")) };
}

/** Median and range of `runs` timings (ms) of `once` (each a fresh process). */
function timed(runs: number, once: () => number): { median: number; min: number; max: number } {
  once(); // the first run warms the file cache
  const xs = Array.from({ length: runs }, once);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Benchmark rows for bench/RESULTS.md. */
export async function run(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), "autoscale-install-"));
  try {
    const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    // npm pack's JSON comes after the prepack script's own output on stdout.
    const [meta] = JSON.parse(packed.slice(packed.search(/^\[$/m))) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
    const tarball = join(work, meta!.filename);
    const lib = install(work, "lib-only", [tarball]);
    const chart = install(work, "with-chart", [tarball, "vega@^6", "vega-lite@^6"]);

    const importMs = timed(9, () => {
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const t0 = performance.now(); await import("autoscale-formula"); process.stdout.write(String(performance.now() - t0));`], { cwd: lib.dir, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
      return Number(r.stdout);
    });
    const cliMs = timed(7, () => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(lib.dir, "node_modules", "autoscale-formula", "bin", "autoscale.js"), "--version"], { cwd: lib.dir, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`autoscale --version failed: ${r.stderr}`);
      return performance.now() - t0;
    });
    const mb = (b: number): number => b / 1e6;
    return [
      { name: "npm pack: the package tarball", value: meta!.size / 1024, unit: "KiB", note: `${meta!.entryCount} files, ${(meta!.unpackedSize / 1024).toFixed(0)} KiB unpacked (dist, bin, samples, grammar)` },
      { name: "npm install autoscale-formula: packages in an empty project", value: lib.packages, unit: "packages", note: "the package and its dependencies; vega/vega-lite are optional peers, not installed" },
      { name: "npm install autoscale-formula: node_modules", value: mb(lib.bytes), unit: "MB", note: "apparent size, 10^6 bytes" },
      { name: "… plus vega and vega-lite (what simulate --chart needs; every install before they became optional peers)", value: chart.packages, unit: "packages", note: `${mb(chart.bytes).toFixed(1)} MB of node_modules` },
      { name: `import("autoscale-formula") in a fresh node process`, value: importMs.median, unit: "ms", note: `median of 9, ${importMs.min.toFixed(0)}–${importMs.max.toFixed(0)} ms; loads no vega (the chart imports it when drawn)` },
      { name: "autoscale --version, whole process (installed package, dist/)", value: cliMs.median, unit: "ms", note: `median of 7, ${cliMs.min.toFixed(0)}–${cliMs.max.toFixed(0)} ms; node's own start included` },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
