// Dependency direction between the stages of src/: each imports only the stages before it in
// ORDER (the README's Layout table). Scans every import of every module under src/.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

/**
 * The stages in dependency order (README, Layout): a folder imports only folders before it in this
 * list (and itself). The CLI and the playground go through src/entry and src/index.ts only
 * (test/e2e/playground-imports.test.ts).
 */
const ORDER = ["base", "syntax", "check", "metrics", "eval", "analyze", "testing", "resizer", "simulate", "control", "entry", "cli"] as const;

/** Stage folder → the stage folders it must never import: every stage after it. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = Object.fromEntries(ORDER.map((stage, i) => [stage, ORDER.slice(i + 1)]));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative specifiers of `import … from`, `export … from` and `import("…")`. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) found.push(m[1]!);
  return found.filter((s) => s.startsWith("."));
}

/** The src/ stage folder a path lies in (undefined: outside src/ or at its top). */
function stageOf(file: string): string | undefined {
  const rel = relative(SRC, file);
  if (rel.startsWith("..")) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of modules(SRC)) {
    const from = stageOf(file);
    if (from === undefined) continue;
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const to = stageOf(resolve(dirname(file), spec));
      if (to !== undefined && (FORBIDDEN[from] ?? []).includes(to)) found.push(`${relative(SRC, file)} imports ${spec} (${from} must not import ${to})`);
    }
  }
  return found;
}

describe("layout: dependency direction of src/", () => {
  it("no stage imports a stage above it", () => {
    expect(violations()).toEqual([]);
  });

  it("every folder of src/ has its place in the order", () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(ORDER as readonly string[]).includes(f))).toEqual([]);
  });

  it("the scan sees every kind of import", () => {
    const text = `import { a } from "../check/x.ts";\nimport type { B } from '../eval/y.ts';\nexport { c } from "./z.ts";\nconst m = await import("../cli/w.ts");\nimport "node:fs";`;
    expect(importsOf(text)).toEqual(["../check/x.ts", "../eval/y.ts", "./z.ts", "../cli/w.ts"]);
  });
});
