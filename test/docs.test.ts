// Docs as tests: every fenced `formula` block in the READMEs checks clean, the README's library
// example runs and prints what its comment says, and the diagnostics table matches the catalogue.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
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

describe("README library example", () => {
  it("runs against the sources and prints the results string its comment promises", async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(read("README.md"))?.[1];
    expect(block).toBeDefined();
    const index = pathToFileURL(new URL("../src/index.ts", import.meta.url).pathname).href;
    const file = join(mkdtempSync(join(tmpdir(), "readme-")), "example.ts");
    writeFileSync(file, block!.replace('"autoscale-formula"', JSON.stringify(index)));
    const promised = /^\/\/ (\$TargetDedicatedNodes=.*)$/m.exec(block!)?.[1];
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(pathToFileURL(file).href);
      const printed = log.mock.calls.map((c) => c.map(String).join(" "));
      expect(printed).toContain(promised);
      expect(log.mock.calls.at(-1)?.[0]).toMatchObject({ dedicated: expect.any(Number) }); // the dry-run summary
    } finally {
      log.mockRestore();
    }
  });
});
