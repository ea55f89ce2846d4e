// The hand-written scanner (src/syntax/scanner.ts, behind `lex`) against its executable
// specification, Chevrotain's Lexer over ALL_TOKENS (`lexReference`): same tokens (type, index,
// image, offset, object shape), same comments, same diagnostics, for every input.

import fc from "fast-check";
import type { IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { lex, lexReference, type LexResult } from "../../src/syntax/lexer.ts";

/** Everything observable about a lex result, tokens as plain records (key order included). */
const observable = (r: LexResult): unknown => ({
  tokens: r.tokens.map((t: IToken) => ({ keys: Object.keys(t).join(","), type: t.tokenType.name, idx: t.tokenTypeIdx, image: t.image, start: t.startOffset })),
  comments: r.comments,
  diagnostics: r.diagnostics,
});
const agree = (text: string): void => {
  expect(observable(lex(text))).toEqual(observable(lexReference(text)));
};

// Fragments of formulas: clean lexemes, every §11.1 error form, and the characters around them.
const FRAGMENTS = [
  "$TargetDedicatedNodes", "$x", "$", "$1", "x_1", "_", "max", "(", ")", ",", ";", ".", " ", "\t", "\n", "\r", "\r\n",
  "=", "==", "!=", "!", "<", "<=", ">", ">=", "&&", "||", "&", "|", "%", "^", "+", "-", "*", "/", "?", ":",
  "0", "5", "12", "1.5", "5.", "5.hour", ".5", ".", "1e3", "2.5E-2", "1.5e", "1e+", "0x1F", "0X", "0x", "00x1",
  "\"", "\"abc\"", "\"a\\\"b\"", "\\\"", "\\\"x\\\"", "\\", "'", "'x'", "'x", "\"unterminated", "\"a);", "\"a\\",
  "//", "// c", "/*", "*/", "/* block */", "/*/", "[", "]", "[1,2]", "[1", "@", "#", "~", "`", "{", "}",
  "TimeInterval_Minute", "TimeInterval_MinuteX", "TimeInterval_Year", "timeinterval_minute", "requeue", "requeued",
  "terminate", "taskcompletion", "retaineddata", "T", "r", "t", "é", "日本", "\u00a0", "\u2028", "😀", "\ud800", "\0",
];
const fragmentArb = fc.constantFrom(...FRAGMENTS);
const formulaish = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: fragmentArb }, { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: "binary" }) }), { maxLength }).map((xs) => xs.join(""));

describe("scanner == Chevrotain lexer", () => {
  it.each([
    "", "0x1F", "0x1Fe5", "5.", "5.hour", "5.$x", "5.5.5", "1.5e", "1.5e3", "1e-3", ".5", ".", "TimeInterval_MinuteX", "TimeInterval_Minute",
    "requeued", "requeue", "'x'", "'x", "\\\"", "\\\"a\\\"", "\"a\\\"b\"", "\"a\\\"", "\"a\\\n\"", "/* */", "/*/", "/* x", "a /* b */ c",
    "[1,2]", "[1,[2]", "]", "&", "&&", "|", "||", "%", "^", "$", "$$x", "\\", "\\x", "@@@ x", "é", "😀", "a\r\nb // c\r\n",
    "\"Mon, 06 Oct 2014);", "x = 1; // end", "\"abc", "\"a\"\"b\"", "// only",
  ])("table: %j", (text) => {
    agree(text);
  });

  it("arbitrary strings (binary units)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: "binary" }), agree), { numRuns: 1000 });
  });

  it("formula-ish strings from fragments, every §11.1 error form included", () => {
    fc.assert(fc.property(formulaish(40), agree), { numRuns: 1000 });
  });

  it("long formula-ish strings past 8192 characters", () => {
    fc.assert(
      fc.property(fc.array(formulaish(30), { minLength: 1, maxLength: 8 }), (parts) => {
        let text = parts.join("\n");
        while (text.length <= 8200) text += `$x${text.length} = max(1.5, $y) * 2; // pad\n${parts[0]}`;
        agree(text);
      }),
      { numRuns: 20 },
    );
  });

  it("the comparison can fail: a changed token is detected", () => {
    const good = lex("$x = 5.;");
    const planted: LexResult = { ...good, tokens: good.tokens.map((t) => (t.image === "5." ? { ...t, image: "5" } : t)) };
    expect(observable(planted)).not.toEqual(observable(lexReference("$x = 5.;")));
  });
});
