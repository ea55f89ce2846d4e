import { describe, expect, it } from "vitest";
import { lex, MAX_FORMULA_LENGTH } from "../../src/syntax/lexer.ts";

const kinds = (text: string): string => lex(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`).join(" ");

describe("lex: tokens", () => {
  it.each([
    { input: "a = 1;", expected: "Identifier:a Assign:= NumberLiteral:1 Semicolon:;" },
    { input: "$x=0.25", expected: "Identifier:$x Assign:= NumberLiteral:0.25" },
    { input: "TimeInterval_Minute * 15", expected: "TimeInterval_Minute:TimeInterval_Minute Star:* NumberLiteral:15" },
    { input: "TimeInterval_100ns TimeInterval_Year", expected: "TimeInterval_100ns:TimeInterval_100ns TimeInterval_Year:TimeInterval_Year" },
    // longer_alt: a longer name is an identifier, not constant + junk
    { input: "TimeInterval_MinuteX requeued", expected: "Identifier:TimeInterval_MinuteX Identifier:requeued" },
    // case-only variants are plain identifiers (the checker suggests the spelling)
    { input: "timeinterval_minute Requeue", expected: "Identifier:timeinterval_minute Identifier:Requeue" },
    { input: "requeue terminate taskcompletion retaineddata", expected: "requeue:requeue terminate:terminate taskcompletion:taskcompletion retaineddata:retaineddata" },
    { input: "<= < >= > == != && || ! = - + * /", expected: "LessEqual:<= Less:< GreaterEqual:>= Greater:> EqualEqual:== NotEqual:!= AndAnd:&& OrOr:|| Bang:! Assign:= Minus:- Plus:+ Star:* Slash:/" },
    { input: "a?b:c", expected: "Identifier:a Question:? Identifier:b Colon:: Identifier:c" },
    { input: "$PendingTasks.GetSample(1, 2)", expected: "Identifier:$PendingTasks Dot:. Identifier:GetSample LParen:( NumberLiteral:1 Comma:, NumberLiteral:2 RParen:)" },
    { input: 'time("Mon, 06 Oct 2014 10:20:00 GMT")', expected: 'Identifier:time LParen:( StringLiteral:"Mon, 06 Oct 2014 10:20:00 GMT" RParen:)' },
    { input: "5.hour", expected: "NumberLiteral:5 Dot:. Identifier:hour" },
    { input: "a // c\n\tb\r\n", expected: "Identifier:a Identifier:b" },
  ])("$input", ({ input, expected }) => {
    expect(kinds(input)).toBe(expected);
    expect(lex(input).diagnostics).toEqual([]);
  });
});

describe("lex: rejected forms (§11.1) get their own diagnostic", () => {
  it.each([
    { input: "/* c */ a = 1", code: "L103", span: [0, 7] },
    { input: "a = 1 /* never closed\n b = 2", code: "L103", span: [6, 28] },
    { input: "a = .5", code: "L104", span: [4, 6] },
    { input: "a = 5.", code: "L105", span: [4, 6] },
    { input: "a = 1e3", code: "L106", span: [4, 7] },
    { input: "a = 2.5E-2", code: "L106", span: [4, 10] },
    { input: "a = 0x1F", code: "L107", span: [4, 8] },
    { input: "a = time('now')", code: "L108", span: [9, 14] },
    { input: 'a = time(\\"Mon, 06 Oct 2014 10:20:00 GMT\\")', code: "L109", span: [9, 42] },
    { input: 'a = "x\\"y"', code: "L109", span: [4, 10] },
    { input: 'a = "abc\nb = 1', code: "L102", span: [4, 8] },
    { input: "a = [1, 2, 3]", code: "L111", span: [4, 13] },
    { input: "a = 5 % 3", code: "L101", span: [6, 7] },
    { input: "a = 1 @ 2", code: "L101", span: [6, 7] },
    { input: "a = 1 & 2", code: "L101", span: [6, 7] },
  ])("$input → $code", ({ input, code, span }) => {
    const ds = lex(input).diagnostics;
    expect(ds.map((d) => [d.code, d.span.start, d.span.end])).toEqual([[code, span[0], span[1]]]);
  });

  it("messages carry the hint for the written text", () => {
    const msg = (t: string) => lex(t).diagnostics[0]!.message;
    expect(msg("a = .5")).toContain("'0.5'");
    expect(msg("a = 5.")).toContain("'5.0' or '5'");
    expect(msg("a = 'x'")).toContain('"x"');
    expect(msg("a = 0x1F")).toContain("0x1F");
    expect(msg("a = 5 % 3")).toContain("'%'");
  });

  it("error tokens stand in for what was meant, so the parser goes on", () => {
    expect(kinds("a = .5")).toBe("Identifier:a Assign:= LeadingDotNumber:.5");
    expect(lex("a = 'x'").tokens[2]!.tokenType.CATEGORIES!.map((c) => c.name)).toContain("StringLiteral");
  });

  it("keeps comments with spans for the formatter", () => {
    expect(lex("a = 1; // one\n// two\n").comments).toEqual([
      { text: "// one", span: { start: 7, end: 13 } },
      { text: "// two", span: { start: 14, end: 20 } },
    ]);
  });

  it(`reports formulas over ${MAX_FORMULA_LENGTH} characters (L110) and still lexes the rest`, () => {
    const text = `a = 1;${" ".repeat(MAX_FORMULA_LENGTH)}b = .5`;
    const r = lex(text);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(["L104", "L110"]);
    expect(r.diagnostics.find((d) => d.code === "L110")!.message).toContain(String(text.length));
    expect(lex("a".repeat(MAX_FORMULA_LENGTH)).diagnostics).toEqual([]);
  });
});
