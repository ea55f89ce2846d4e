// Every sample formula in samples/ evaluates against the sample contexts without an internal
// error, and the compiled closures agree with the reference interpreter on each.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEvalContextJson } from "../../src/eval/context.ts";
import { compile } from "../../src/eval/evaluate.ts";

const root = new URL("../../samples/", import.meta.url);
const formulas = [
  ...readdirSync(root).filter((f) => f.endsWith(".formula")),
  ...readdirSync(new URL("dry-run/", root)).filter((f) => f.endsWith(".formula")).map((f) => `dry-run/${f}`),
];
const contexts = readdirSync(new URL("contexts/", root)).filter((f) => f.endsWith(".json"));

describe("samples/*.formula × samples/contexts/*.json", () => {
  it("has samples and contexts to run", () => {
    expect(formulas.length).toBeGreaterThan(10);
    expect(contexts.length).toBeGreaterThanOrEqual(2);
  });
  it.each(contexts)("context %s parses", (c) => {
    const parsed = parseEvalContextJson(readFileSync(new URL(`contexts/${c}`, root), "utf8"));
    expect(parsed.diagnostics).toEqual([]);
  });
  it.each(formulas)("%s", (file) => {
    const text = readFileSync(new URL(file, root), "utf8");
    const { program } = compile(text);
    if (!program) return; // templates with placeholders and deliberately broken samples
    for (const c of contexts) {
      const ctx = parseEvalContextJson(readFileSync(new URL(`contexts/${c}`, root), "utf8")).context!;
      const compiled = program.evaluate(ctx);
      expect(program.interpret(ctx).run).toEqual(compiled.run);
      expect(JSON.stringify(compiled.run)).not.toContain("Internal error");
      expect(compiled.run.results).toMatch(/^\$TargetDedicatedNodes=[^;]+;\$TargetLowPriorityNodes=[^;]+;\$NodeDeallocationOption=(requeue|terminate|taskcompletion|retaineddata)(;|$)/);
    }
  });
});
