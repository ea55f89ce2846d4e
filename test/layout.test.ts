// Dependency direction between the stages of src/ (house style §2.2): base ← syntax ← check ← eval;
// metrics is a leaf beside the language. Scans every import of every module under src/.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

/** Stage folder → the stage folders it must never import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  base: ["syntax", "check", "eval", "metrics", "simulate", "resizer", "cli", "analyze"],
  syntax: ["check", "eval", "metrics", "simulate", "resizer", "cli", "analyze"],
  check: ["eval", "metrics", "simulate", "resizer", "cli", "analyze"],
  metrics: ["syntax", "check", "eval", "simulate", "resizer", "cli"],
  eval: ["simulate", "cli", "analyze"],
  analyze: ["simulate", "resizer", "cli"],
};

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

  it("the scan sees every kind of import", () => {
    const text = `import { a } from "../check/x.ts";\nimport type { B } from '../eval/y.ts';\nexport { c } from "./z.ts";\nconst m = await import("../cli/w.ts");\nimport "node:fs";`;
    expect(importsOf(text)).toEqual(["../check/x.ts", "../eval/y.ts", "./z.ts", "../cli/w.ts"]);
  });
});
