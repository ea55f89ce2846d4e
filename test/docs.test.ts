// Docs as tests: every fenced `formula` block in the READMEs checks clean, and the README's
// diagnostics table matches the catalogue.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../src/index.ts";
import { withTable } from "../scripts/docs-table.ts";

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

function formulaBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```formula\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe.each(["README.md", "grammar/README.md"])("%s", (file) => {
  const blocks = formulaBlocks(read(file));
  it("has formula examples", () => expect(blocks.length).toBeGreaterThan(0));
  it.each(blocks.map((b, i) => [i, b] as const))("formula block %i checks clean", (_, text) => {
    expect(checkText(text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("README diagnostics table", () => {
  it("is up to date with Messages (run `npm run docs` to refresh)", () => {
    const readme = read("README.md");
    expect(withTable(readme)).toBe(readme);
  });
});
