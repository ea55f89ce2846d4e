import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.ts";
import { formatFormula, print } from "../../src/syntax/print.ts";
import { stripSpans } from "./syntax-utils.ts";

describe("print: canonical text", () => {
  it.each([
    { input: "a=1", expected: "a = 1;\n" },
    { input: "$TargetDedicatedNodes=min(maxNumberofVMs , pendingTaskSamples)", expected: "$TargetDedicatedNodes = min(maxNumberofVMs, pendingTaskSamples);\n" },
    { input: "a = $tasks > 0? $tasks:max(0, $TargetDedicatedNodes/2)", expected: "a = $tasks > 0 ? $tasks : max(0, $TargetDedicatedNodes / 2);\n" },
    { input: "a = ((1 + 2)) + 3", expected: "a = 1 + 2 + 3;\n" },
    { input: "a = 1 - (2 - 3)", expected: "a = 1 - (2 - 3);\n" },
    { input: "a = (1 + 2) * 3", expected: "a = (1 + 2) * 3;\n" },
    { input: "a = (b ? c : d) ? e : f", expected: "a = (b ? c : d) ? e : f;\n" },
    { input: "a = b ? c : (d ? e : f)", expected: "a = b ? c : d ? e : f;\n" },
    { input: "a = (-x).hour", expected: "a = (-x).hour;\n" },
    { input: "a = -(x.hour)", expected: "a = -x.hour;\n" },
    { input: "a = -(1 + 2)", expected: "a = -(1 + 2);\n" },
    { input: "a = (b + c).GetSample(1)", expected: "a = (b + c).GetSample(1);\n" },
    { input: "a = 0.70 + 1", expected: "a = 0.70 + 1;\n" },
    { input: "a = (b < c) == (d < e)", expected: "a = b < c == d < e;\n" },
    { input: "a = b < (c == d)", expected: "a = b < (c == d);\n" },
    { input: 'a = time( "2023-04-14T10:20:30Z" )', expected: 'a = time("2023-04-14T10:20:30Z");\n' },
    { input: "a = 1;; b = 2;", expected: "a = 1;\nb = 2;\n" },
  ])("$input", ({ input, expected }) => {
    expect(formatFormula(input)).toBe(expected);
  });

  it("keeps comments: own-line ones above, trailing ones on the statement's line, one blank line", () => {
    const input = "// head\n\n\n// about a\na=1;   // trailing a\nb =\n  // inside b\n  2\n\n// tail";
    expect(formatFormula(input)).toBe("// head\n\n// about a\na = 1; // trailing a\n// inside b\nb = 2;\n\n// tail\n");
  });

  it("without the source, every comment goes on its own line", () => {
    const { ast } = parse("a = 1; // x\nb = 2;");
    expect(print(ast!)).toBe("a = 1;\n// x\nb = 2;\n");
  });

  it("refuses to format text with syntax errors", () => {
    expect(formatFormula("a = 1 +")).toBeUndefined();
    expect(formatFormula("a = .5")).toBeUndefined();
    expect(formatFormula("a = 1\nb = 2")).toBeUndefined();
  });

  const samples = new URL("../../samples/", import.meta.url);
  const files = readdirSync(samples).filter((f) => f.endsWith(".formula"));
  it.each(files)("samples/%s: formatting keeps the AST and is idempotent", (file) => {
    const text = readFileSync(new URL(file, samples), "utf8");
    const before = parse(text);
    if (before.diagnostics.some((d) => d.severity === "error")) return; // templates with placeholders
    const once = formatFormula(text)!;
    expect(stripSpans(parse(once).ast!)).toEqual(stripSpans(before.ast!));
    expect(parse(once).ast!.comments.map((c) => c.text)).toEqual(before.ast!.comments.map((c) => c.text));
    expect(formatFormula(once)).toBe(once);
  });
});
