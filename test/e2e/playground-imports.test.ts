// Import boundaries (style §2.8). The playground and the CLI reach the library only through its
// public entry points: src/index.ts (the package root) and src/entry/*.ts (the subpaths in
// package.json "exports"). What the library's entry points pull in must not import Node
// built-ins (the browser build) nor the CLI's packages (vega, the charts, commander): installing
// or importing the library must not load them.
// The one exception, kept narrow: Node-only entries live in src/entry/node/<name>.ts and are
// exported as `<name>/node` (the control plane's SQLite store and HTTP server). They may import
// Node built-ins, still never the CLI nor its packages, and no other entry may reach them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./harness.ts";

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

const SRC = join(REPO, "src");
const ENTRY = join(SRC, "entry");
const entryFiles = readdirSync(ENTRY).filter((f) => f.endsWith(".ts")).map((f) => join(ENTRY, f));
const NODE_ENTRY = join(ENTRY, "node");
const nodeEntryFiles = existsSync(NODE_ENTRY) ? readdirSync(NODE_ENTRY).filter((f) => f.endsWith(".ts")).map((f) => join(NODE_ENTRY, f)) : [];
const PUBLIC = new Set([join(SRC, "index.ts"), ...entryFiles, ...nodeEntryFiles]);

const playground = tsFiles(join(REPO, "playground")).filter((f) => !f.endsWith("vite.config.ts"));
const cli = tsFiles(join(SRC, "cli"));

/** Where each relative import of `file` lands that is not allowed. */
function offBoundary(file: string, ownFolder: string, alsoAllowed: readonly string[]): string[] {
  const bad: string[] = [];
  for (const spec of importsOf(file)) {
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec);
    if (PUBLIC.has(target)) continue;
    if (target.startsWith(ownFolder + "/")) continue;
    if (alsoAllowed.some((a) => target.startsWith(join(REPO, a)))) continue;
    bad.push(`${spec} (${relative(REPO, target)})`);
  }
  return bad;
}

/** Every file reachable from `file` through relative imports, and every bare import seen on the way. */
function reach(file: string): { files: Set<string>; bare: Map<string, string> } {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const visit = (f: string): void => {
    if (files.has(f)) return;
    files.add(f);
    for (const spec of importsOf(f)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(f), spec);
        if (target.endsWith(".ts")) visit(target);
      } else if (!bare.has(spec)) bare.set(spec, relative(REPO, f));
    }
  };
  visit(file);
  return { files, bare };
}

describe("import boundary: playground and CLI use only public entry points", () => {
  it("finds the sources it checks", () => {
    expect(playground.length).toBeGreaterThan(5);
    expect(cli.length).toBeGreaterThan(5);
    expect(entryFiles.length).toBeGreaterThan(3);
  });
  it.each(playground.map((f) => [relative(REPO, f), f]))("%s imports the library only via src/index.ts or src/entry/*", (_name, file) => {
    expect(offBoundary(file, join(REPO, "playground"), ["samples/"])).toEqual([]);
  });
  it.each(cli.map((f) => [relative(REPO, f), f]))("%s imports the library only via src/index.ts or src/entry/*", (_name, file) => {
    expect(offBoundary(file, join(SRC, "cli"), [])).toEqual([]);
  });
});

describe("public entry points", () => {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { exports: Record<string, string | { types: string; default: string }> };

  it("package.json exports the root and one subpath per src/entry/*.ts, with types, as the build emits them", () => {
    const subpaths = Object.entries(pkg.exports).filter(([k]) => k !== "./package.json");
    const expected = [
      [".", { types: "./dist/index.d.ts", default: "./dist/index.js" }],
      ...entryFiles.map((f) => {
        const name = relative(ENTRY, f).replace(/\.ts$/, "");
        return [`./${name}`, { types: `./dist/entry/${name}.d.ts`, default: `./dist/entry/${name}.js` }];
      }),
      ...nodeEntryFiles.map((f) => {
        const name = relative(NODE_ENTRY, f).replace(/\.ts$/, "");
        return [`./${name}/node`, { types: `./dist/entry/node/${name}.d.ts`, default: `./dist/entry/node/${name}.js` }];
      }),
    ];
    expect(Object.fromEntries(subpaths)).toEqual(Object.fromEntries(expected));
  });

  it("the root exports fewer than 40 names", () => {
    const text = readFileSync(join(SRC, "index.ts"), "utf8");
    const names = [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
      m[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/).at(-1)!).filter((n) => n !== ""),
    );
    expect(text).not.toMatch(/export \*|export type \*/);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeLessThan(40);
  });

  it.each([...PUBLIC].map((f) => [relative(REPO, f), f]))("%s reaches no Node built-in (src/entry/node/* excepted), no CLI module and none of the CLI's packages", (_name, file) => {
    const { files, bare } = reach(file);
    const nodeOnly = nodeEntryFiles.includes(file);
    const offenders: string[] = [];
    for (const f of files) if (f.startsWith(join(SRC, "cli") + "/")) offenders.push(relative(REPO, f));
    if (!nodeOnly) for (const f of files) if (f.startsWith(NODE_ENTRY + "/")) offenders.push(relative(REPO, f));
    for (const [spec, from] of bare) {
      if (!nodeOnly && (spec.startsWith("node:") || ["fs", "path", "os", "child_process", "url", "stream", "zlib"].includes(spec))) offenders.push(`${from} imports ${spec}`);
      if (/^(vega|vega-lite|asciichart|cli-progress|commander)(\/|$)/.test(spec)) offenders.push(`${from} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });
});
