// Docs as tests: every fenced `formula` block in the READMEs and docs/ checks clean, a results
// string shown right after one is what evaluating it prints, the README's library example runs and
// prints what its comment says, the diagnostics table matches the catalogue, and no page a user
// reads points outside the repository.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { parseEvalContextJson } from "../src/entry/eval.ts";
import { checkText, evaluateAutoScale } from "../src/index.ts";
import { withTable } from "../scripts/docs-table.ts";

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

function formulaBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```formula\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Markdown files under a folder of the repository (recursive), as repository paths. */
function markdownUnder(dir: string): string[] {
  return readdirSync(new URL(`../${dir}`, import.meta.url), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md") && !f.split("/").includes("node_modules"))
    .map((f) => `${dir}/${f}`)
    .sort();
}

const DOCS = markdownUnder("docs");
/** Every markdown page a user of the package or the repository reads. */
const USER_PAGES = ["README.md", "grammar/README.md", ...DOCS, ...markdownUnder("samples").filter((f) => f.endsWith("README.md"))];

describe.each(["README.md", "grammar/README.md", ...DOCS])("%s", (file) => {
  const blocks = formulaBlocks(read(file));
  if (!file.startsWith("docs/") || file === "docs/language.md") {
    it("has formula examples", () => expect(blocks.length).toBeGreaterThan(0));
  }
  it("every formula block checks clean", () => {
    for (const text of blocks) expect(checkText(text).diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
  });
});

/**
 * A `formula` block followed at once by a `text` block that starts with a results string: the
 * block evaluated in samples/contexts/pending-tasks-busy.json prints that string, and the `text`
 * block's second line, if any, is `ErrorCode: Message value`.
 */
function resultExamples(markdown: string): { formula: string; results: string; error: string | undefined }[] {
  return [...markdown.matchAll(/```formula\n((?:(?!```)[\s\S])*)```\s*```text\n(\$TargetDedicatedNodes=[^\n]*)\n(?:([^\n`][^\n]*)\n)?```/g)].map((m) => ({
    formula: m[1]!,
    results: m[2]!,
    error: m[3],
  }));
}

describe.each(DOCS)("%s results examples", (file) => {
  const examples = resultExamples(read(file));
  if (file === "docs/language.md") it("has results examples", () => expect(examples.length).toBeGreaterThan(1));
  it("every results string shown after a formula block is what evaluating the block prints", () => {
    const { context } = parseEvalContextJson(read("samples/contexts/pending-tasks-busy.json"));
    expect(context).toBeDefined();
    for (const e of examples) {
      const run = evaluateAutoScale(e.formula, context!);
      expect(run.results, e.formula).toBe(e.results);
      expect(run.error ? `${run.error.code}: ${run.error.values.map((v) => v.value).join(" | ")}` : undefined, e.formula).toBe(e.error);
    }
  });
});

describe("user-facing pages", () => {
  it("include docs/ and the samples' READMEs", () => {
    expect(USER_PAGES).toEqual(expect.arrayContaining(["docs/language.md", "docs/README.md", "samples/contexts/README.md"]));
  });
  it.each(USER_PAGES)("%s neither links nor refers to ../shared (not part of the repository)", (file) => {
    expect(read(file)).not.toMatch(/\.\.\/shared|shared\/(spec|style)/);
  });
  it.each(USER_PAGES)("%s links only to files that exist in the repository", (file) => {
    const root = new URL("../", import.meta.url).href;
    const base = new URL(`../${file}`, import.meta.url);
    const targets = [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    for (const t of targets) {
      const url = new URL(t, base);
      expect(url.href.startsWith(root), `${file} → ${t} leaves the repository`).toBe(true);
      expect(() => readFileSync(url), `${file} → ${t}`).not.toThrow(/ENOENT/);
    }
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
    // "autoscale-formula" is src/index.ts; a subpath "autoscale-formula/x" is src/entry/x.ts.
    const entry = (sub: string | undefined): string => pathToFileURL(new URL(sub ? `../src/entry/${sub}.ts` : "../src/index.ts", import.meta.url).pathname).href;
    const file = join(mkdtempSync(join(tmpdir(), "readme-")), "example.ts");
    writeFileSync(file, block!.replace(/"autoscale-formula(?:\/([a-z]+))?"/g, (_m, sub: string | undefined) => JSON.stringify(entry(sub))));
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
