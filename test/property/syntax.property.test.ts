import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/base/diagnostics.ts";
import { lex } from "../../src/syntax/lexer.ts";
import { parse } from "../../src/syntax/parse.ts";
import { formatFormula, print } from "../../src/syntax/print.ts";
import { stripSpans } from "../lang/syntax-utils.ts";
import { formulaArb, formulaishArb } from "./arbitraries-syntax.ts";

const spansInside = (text: string, ds: readonly Diagnostic[]): void => {
  for (const d of ds) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
  }
};

describe("syntax properties", () => {
  it.each([
    { name: "arbitrary strings", arb: fc.string({ maxLength: 80, unit: "binary" }) },
    { name: "formula-ish fragments", arb: formulaishArb },
  ])("$name: lex and parse never throw; every span lies inside the text", ({ arb }) => {
    fc.assert(
      fc.property(arb, (text) => {
        const lexed = lex(text);
        spansInside(text, lexed.diagnostics);
        const parsed = parse(text);
        expect(parsed.ast).toBeDefined();
        expect(parsed.diagnostics.map((d) => d.code)).not.toContain("P211"); // the internal-error fallback stays unused
        spansInside(text, parsed.diagnostics);
        formatFormula(text);
      }),
      { numRuns: 200 },
    );
  });

  it("random well-formed ASTs round-trip: parse(print(ast)) equals ast modulo ids and spans", () => {
    fc.assert(
      fc.property(formulaArb, (ast) => {
        const text = print(ast);
        const back = parse(text);
        expect(back.diagnostics).toEqual([]);
        expect(stripSpans(back.ast!)).toEqual(stripSpans(ast));
        expect(print(back.ast!, text)).toBe(text); // and printing is a fixed point
      }),
      { numRuns: 200 },
    );
  });
});
