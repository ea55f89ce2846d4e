// One mistake, one diagnostic (issue 9): a parser diagnostic on a lexer error, junk after junk,
// and the consequences of an unexpected character are not reported again; the nesting guard does
// not count across statements whose `;` is missing.

import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.ts";

const codes = (text: string): string[] => parse(text).diagnostics.map((d) => `${d.code}@${d.span.start}`);

describe("one mistake, one diagnostic", () => {
  it.each([
    ["^=^;^=1", ["L101@0", "L101@4"]],
    ["x = &", ["L101@4"]],
    ["x = @", ["L101@4"]],
    ["x = 1 @ 2", ["L101@6"]],
    ["x = 1; # y = 2", ["L101@7"]],
    ["x = 1 ) y = 2", ["P201@6"]],
    ["x = 1 y = 2", ["P202@5"]],
    ["$x", ["P203@0"]],
  ])("%j", (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it("an unexpected character never comes with a parser diagnostic at the same column", () => {
    for (const text of ["^", "x = ^", "x = 1 ^ ^ 2", "x = max(1, %)", "| = 1", "x = 1; & ; y = 2"]) {
      const ds = parse(text).diagnostics;
      const lexical = new Set(ds.filter((d) => d.code.startsWith("L")).map((d) => d.span.start));
      expect(ds.filter((d) => d.code.startsWith("P") && lexical.has(d.span.start)), text).toEqual([]);
    }
  });
});

describe("nesting guard across statements without ';'", () => {
  it("258 statements `a=1 ` on one line are missing ';' (P202), not nested too deeply (P207)", () => {
    const ds = parse("a=1 ".repeat(258)).diagnostics;
    expect(ds.some((d) => d.code === "P207")).toBe(false);
    expect(ds.filter((d) => d.code === "P202")).toHaveLength(257);
  });

  it("still bounds real depth: a long chain, deep parentheses, and conditionals whose ':' recovery inserts", () => {
    expect(codes(`x = 1${" + 1".repeat(300)}`)).toEqual(["P207@1030"]);
    expect(parse(`x = ${"(".repeat(300)}1${")".repeat(300)}`).diagnostics.map((d) => d.code)).toEqual(["P207"]);
    expect(parse(`x = a${" ? b c".repeat(3000)}`).diagnostics.map((d) => d.code)).toContain("P207");
  });
});
