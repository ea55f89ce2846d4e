// The formatter never grows a formula past the 8192-character limit (spec §11.1) when the input was
// under it (issue 9): the canonical layout, else a compact one, else the text as it is.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exprArb } from "../property/arbitraries-syntax.ts";
import { checkText } from "../../src/check/check.ts";
import { MAX_FORMULA_LENGTH } from "../../src/syntax/lexer.ts";
import { parse } from "../../src/syntax/parse.ts";
import { formatFormula, printExpr, printTree, printWithLayout } from "../../src/syntax/print.ts";

/** A dense formula of about `size` characters: long operator chains without spaces, under 100 statements. */
function dense(size: number): string {
  const ops = ["+", "-", "*", "/", "<", ">", "==", "&&"];
  let text = "a=1;b=2;\n// dense\n";
  for (let i = 0; text.length < size; i++) {
    let e = "a";
    for (let k = 0; k < 40; k++) e += ops[(i + k) % ops.length]! + (k % 2 ? "b" : "a");
    text += `c=${e};${i % 10 === 0 ? " // note\n\n" : ""}`;
  }
  return text.slice(0, text.lastIndexOf(";", size) + 1);
}

const layout = (text: string) => printWithLayout(parse(text).ast!, text);

describe("formatter and the 8192-character limit", () => {
  it("an ~8,100-character formula whose canonical layout is far longer prints compactly, under the limit", () => {
    const text = dense(8110);
    expect(text.length).toBeGreaterThan(8000);
    expect(text.length).toBeLessThanOrEqual(MAX_FORMULA_LENGTH);
    expect(checkText(text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const ast = parse(text).ast!;
    // What the formatter printed before: every statement `name = <canonical expression>;` on a line.
    const canonical = ast.statements.map((s) => (s.kind === "Assignment" ? `${s.target.name} = ${printExpr(s.value)};\n` : "")).join("");
    expect(canonical.length).toBeGreaterThan(1.8 * text.length);
    const out = layout(text);
    expect(out.layout).toBe("compact");
    expect(out.text.length).toBeLessThanOrEqual(MAX_FORMULA_LENGTH);
    expect(formatFormula(text)).toBe(out.text);
    // same tree, comments kept, and formatting again changes nothing
    const back = parse(out.text);
    expect(back.diagnostics).toEqual([]);
    expect(printTree(back.ast!)).toBe(printTree(ast));
    expect(back.comments.map((c) => c.text)).toEqual(parse(text).comments.map((c) => c.text));
    expect(formatFormula(out.text)).toBe(out.text);
  });

  it("when even the compact layout would pass the limit, the text is left as it is", () => {
    // 100 statements on one line: the compact layout puts each on a line of its own, one character more each.
    const name = `v${"x".repeat(75)}`;
    const text = Array.from({ length: 100 }, (_, i) => `${name}${String(i).padStart(2, "0")}=1;`).join("");
    expect(text.length).toBe(8100);
    expect(checkText(text).diagnostics).toEqual([]);
    expect(layout(text)).toEqual({ text, layout: "source" });
    expect(formatFormula(text)).toBe(text);
  });

  it("a formula that fits keeps the canonical layout, blank lines included", () => {
    const text = "a=1;\n\nb=a+2; // two";
    expect(layout(text)).toEqual({ text: "a = 1;\n\nb = a + 2; // two\n", layout: "canonical" });
  });

  it("compact expressions parse back to the same tree (no two operators lex as one without a space)", () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const canonical = parse(`x = ${printExpr(e)}`);
        const compact = parse(`x=${printExpr(e, true)}`);
        expect(compact.diagnostics).toEqual(canonical.diagnostics.map((d) => ({ ...d, span: expect.anything() })));
        expect(printTree(compact.ast!)).toBe(printTree(canonical.ast!));
      }),
      { numRuns: 500 },
    );
  });
});

describe("autoscale fmt says when it could not use the canonical layout", () => {
  it("compact: the text on stdout, a one-line note on stderr, exit 0", async () => {
    const { runCli } = await import("../../src/cli/program.ts");
    const { fakeIo } = await import("../cli/fake-io.ts");
    const text = dense(8110);
    const { io, captured } = fakeIo({ "d.formula": text });
    expect(await runCli(io, ["fmt", "d.formula"])).toBe(0);
    expect(captured.out).toBe(layout(text).text);
    expect(captured.err).toBe("autoscale fmt: 'd.formula': the canonical layout would pass 8192 characters; printed compactly (no optional spaces)\n");
  });

  it("a formula that fits: no note", async () => {
    const { runCli } = await import("../../src/cli/program.ts");
    const { fakeIo } = await import("../cli/fake-io.ts");
    const { io, captured } = fakeIo({ "s.formula": "a=1;" });
    expect(await runCli(io, ["fmt", "s.formula"])).toBe(0);
    expect(captured.err).toBe("");
  });
});
