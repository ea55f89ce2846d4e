// Spec §8 examples: every samples/*.formula parses and checks clean; every
// test/cases/broken/*.formula reports each `// expect-error: CODE at line:col` annotation.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkText } from "../../src/check/check.ts";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";
import { SourceText } from "../../src/base/source.ts";

const root = join(import.meta.dirname, "..", "..");
const formulas = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".formula"))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(root, dir, f), "utf8") }));

const samples = formulas("samples");
const broken = formulas("test/cases/broken");

describe("samples (spec §8)", () => {
  it("covers E1–E27 except the broken E16 and E25", () => {
    const numbers = new Set(samples.map((s) => Number(/^e(\d+)/.exec(s.name)?.[1])));
    for (let n = 1; n <= 27; n++) if (n !== 16 && n !== 25) expect(numbers.has(n), `E${n}`).toBe(true);
  });

  it.each(samples)("$name checks clean", ({ name, text }) => {
    const r = checkText(text);
    expect(r.diagnostics.map((d) => formatDiagnostic(d, text, { fileName: name }))).toEqual([]);
    expect(r.checked).toBeDefined();
  });
});

describe("broken cases", () => {
  it("has the three the spec calls broken", () => {
    expect(broken.map((b) => b.name.slice(0, 3))).toEqual(["e03", "e16", "e25"]);
  });

  it.each(broken)("$name reports its expected errors", ({ text }) => {
    const expected = [...text.matchAll(/\/\/ expect-error: (\w+) at (\d+):(\d+)/g)].map((m) => `${m[1]} at ${m[2]}:${m[3]}`);
    expect(expected.length).toBeGreaterThan(0);
    const src = new SourceText(text);
    const errors = checkText(text)
      .diagnostics.filter((d) => d.severity === "error")
      .map((d) => {
        const p = src.positionAt(d.span.start);
        return `${d.code} at ${p.line}:${p.column}`;
      });
    expect(errors).toEqual(expected);
  });
});
