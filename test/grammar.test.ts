// The grammar artifacts are generated from the live parser; this fails when they are stale.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateGrammarArtifacts } from "../grammar/generate.ts";
import { RULE_NAMES, parser } from "../src/syntax/parser.ts";

describe("grammar artifacts", () => {
  const root = new URL("../", import.meta.url);
  it.each(Object.entries(generateGrammarArtifacts()))("%s is up to date (run `npm run grammar`)", (path, text) => {
    expect(readFileSync(new URL(path, root), "utf8")).toBe(text);
  });

  it("RULE_NAMES lists every parser rule", () => {
    expect(Object.keys(parser.getGAstProductions()).sort()).toEqual([...RULE_NAMES].sort());
  });

  it("grammar/README.md maps every parser rule", () => {
    const readme = readFileSync(new URL("grammar/README.md", root), "utf8");
    for (const rule of RULE_NAMES) expect(readme).toContain(`\`${rule}\``);
  });
});
