// The clean-formula fast path (src/syntax/clean-parse.ts, inside `parse`) against the Chevrotain
// path it shortcuts (`parseReference`: parser.ts + cst-to-ast.ts): the same ParseResult (AST with
// ids and spans, diagnostics, comments) for every input; and the fast path takes exactly the
// inputs the reference parses without a diagnostic (so it is both sound and actually used).

import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseClean, parseCleanPrefix } from "../../src/syntax/clean-parse.ts";
import { lex } from "../../src/syntax/lexer.ts";
import { MAX_NESTING } from "../../src/syntax/nesting.ts";
import { parse, parseReference } from "../../src/syntax/parse.ts";
import { print } from "../../src/syntax/print.ts";
import { largeFormula } from "../../bench/parse.ts";
import { formulaArb, formulaishArb } from "./arbitraries-syntax.ts";
import { wellTypedFormula } from "./arbitraries-typed.ts";

/** Did the fast path take the whole of `text`? */
function fastPathTakes(text: string): boolean {
  const lexed = lex(text);
  return parseClean(lexed.tokens, text, lexed.comments) !== undefined;
}

/** Tokens that can deepen the tree; the fast path gives up on a statement with more than MAX_NESTING. */
const deepening = (text: string): number => lex(text).tokens.filter((t) => /^(?:[-+*/!?.(]|[<>=!]=|[<>]|&&|\|\|)$/.test(t.image)).length;

/**
 * Same result both ways; the fast path takes a text only when the reference finds no syntax error
 * in it, and takes every text the reference finds nothing at all wrong with (unless deeply nested).
 */
function agree(text: string): void {
  const reference = parseReference(text);
  expect(parse(text)).toStrictEqual(reference);
  if (fastPathTakes(text)) expect(reference.diagnostics.filter((d) => !d.code.startsWith("L"))).toEqual([]);
  else if (deepening(text) <= MAX_NESTING && lex(text).diagnostics.length === 0) expect(reference.diagnostics.length).toBeGreaterThan(0);
}

const ws = fc.constantFrom("", " ", "  ", "\n", "\t", " // note\n", "\r\n");
const name = fc.constantFrom("a", "$b", "x1", "$TargetDedicatedNodes", "max", "TimeInterval_Minute", "taskcompletion", "GetSample", "hour");
const number = fc.constantFrom("0", "1", "1.5", "20", "0.25", "100000");
const string = fc.constantFrom('""', '"s"', '"Mon, 06 Oct 2014 10:20:00 GMT"');
const binary = fc.constantFrom("+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||");

/**
 * Expression TEXT with redundant parentheses, prefix chains, suffix chains and free spacing, glued
 * without regard to precedence (so both parsers must agree on the tree the text really means).
 */
const exprText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const args = fc.array(tie("e"), { maxLength: 3 }).chain((xs) => ws.map((w) => `(${w}${xs.join(`${w},`)})`));
  return {
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      number,
      string,
      name,
      fc.tuple(ws, tie("e"), ws).map(([w1, e, w2]) => `(${w1}${e}${w2})`),
      fc.tuple(fc.constantFrom("-", "!", "- -", "!-"), ws, tie("e")).map(([op, w, e]) => `${op}${w}${e}`),
      fc.tuple(tie("e"), ws, binary, ws, tie("e")).map((p) => p.join("")),
      fc.tuple(tie("e"), ws, tie("e"), ws, tie("e")).map(([t, w1, c, w2, a]) => `${t}${w1}?${c}:${w2}${a}`),
      fc.tuple(name, args).map(([n, a]) => `${n}${a}`),
      fc.tuple(tie("e"), name, fc.option(args, { nil: "" })).map(([r, n, a]) => `${r}.${n}${a}`),
    ),
  };
}).e;

const statementText = fc.tuple(name, ws, exprText).map(([n, w, e]) => `${n}${w}=${w}${e}`);
const formulaText = fc
  .tuple(fc.array(statementText, { minLength: 1, maxLength: 5 }), ws, fc.boolean())
  .map(([ss, w, trailing]) => ss.join(`;${w}`) + (trailing ? ";" : ""));

describe("clean-formula fast path == Chevrotain path", () => {
  it.each([
    "a = 1",
    "a = 1;",
    "a = (1);",
    "a = -(b).c(1, 2).d;",
    "a = (x ? y : z) ? 1 : 2 + 3 * 4 - 5 / 6 < 7 == 8 && 9 || 10;",
    "a = x ? y ? 1 : 2 : z ? 3 : 4;",
    "a = f()();", // a call on a call: missing `;`
    "a = 1 = 2;", // chained assignment
    "(a) = 1;", // parenthesised target
    "a.b = 1;",
    "a = 1;;",
    ";a = 1",
    "a = 1 b = 2",
    "1 + 2;",
    "",
    "// only a comment",
    "a = 1; )",
    "a = max(1,);",
    "a = max(1 2);",
    "a = x ? 1;",
    "a = .5;", // lexical errors: parsed as the literal meant, as Chevrotain does
    "a = 0x1F + 1e3 + 5. + [1,2]; b = 'x' + \\\"y\\\"; c = 1 % 2; d = \"open",
    `a = ${"(".repeat(300)}1${")".repeat(300)};`, // nesting guard: left to Chevrotain
    `a = ${"(".repeat(10_000)}1${")".repeat(10_000)};`, // no stack overflow in the fast path either
    `a = max(${Array.from({ length: 3 }, () => Array(150).fill("x").join(" + ")).join(", ")});`, // 449 operators, depth bound 150: clean, but given up
    Array.from({ length: 101 }, (_, i) => `v${i} = ${i};`).join("\n"), // too many statements
    Array.from({ length: 100 }, (_, i) => `v${i} = ${i};`).join("\n"),
  ])("table: %j", (text) => {
    agree(text);
  });

  it("gives up on many deepening tokens even when the nesting guard would not object", () => {
    const text = `a = max(${Array.from({ length: 3 }, () => Array(150).fill("x").join(" + ")).join(", ")});`;
    expect(parseReference(text).diagnostics).toEqual([]);
    expect(fastPathTakes(text)).toBe(false);
    expect(parse(text)).toStrictEqual(parseReference(text));
  });

  it("every spec sample and the 8 KB benchmark formula take the fast path, with the same AST", () => {
    const dir = new URL("../../samples/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".formula"));
    expect(files.length).toBeGreaterThan(20);
    for (const text of [...files.map((f) => readFileSync(new URL(f, dir), "utf8")), largeFormula()]) {
      agree(text);
      expect(fastPathTakes(text)).toBe(true);
    }
  });

  it("printed random ASTs", () => {
    fc.assert(fc.property(formulaArb, (ast) => agree(print(ast))), { numRuns: 300 });
  });

  it("random formula text: redundant parentheses, prefix and suffix chains, free spacing, comments", () => {
    fc.assert(fc.property(formulaText, agree), { numRuns: 600 });
  });

  it("random formula text with §11.1 lexical error forms in place of literals and operators", () => {
    const forms: readonly (readonly [string, string])[] = [
      ["1.5", ".5"], ["0.25", "2.5e-1"], ["20", "0x14"], ["100000", "1e5"], ["1", "1."], ['"s"', "'s'"], ['"s"', '\\"s\\"'],
      ['""', "[1,2]"], ["&&", "&"], ["||", "|"], ["*", "%"], [" ", " /* c */ "],
    ];
    fc.assert(
      fc.property(formulaText, fc.array(fc.nat(forms.length - 1), { minLength: 1, maxLength: 3 }), (text, picks) => {
        let t = text;
        for (const k of picks) t = t.replace(forms[k]![0], forms[k]![1]);
        agree(t);
      }),
      { numRuns: 600 },
    );
  });

  it("random well-typed formulas", () => {
    fc.assert(fc.property(wellTypedFormula(), agree), { numRuns: 200 });
  });

  it("formula-ish token soup (mostly broken: the fast path must give up on all of it)", () => {
    fc.assert(fc.property(formulaishArb, agree), { numRuns: 1000 });
  });

  it("clean opening statements, then a mistake: Chevrotain takes over at the mistake's statement", () => {
    let resumed = 0;
    fc.assert(
      fc.property(fc.array(statementText, { minLength: 1, maxLength: 4 }), formulaishArb, fc.array(statementText, { maxLength: 2 }), (clean, junk, after) => {
        const text = `${clean.join(";\n")};\n${junk}${after.map((a) => `;\n${a}`).join("")}`;
        agree(text);
        const lexed = lex(text);
        if (lexed.diagnostics.length === 0 && parseCleanPrefix(lexed.tokens).resume > 0) resumed++;
      }),
      { numRuns: 800 },
    );
    expect(resumed).toBeGreaterThan(200); // the prefix path really runs
  });

  it("a mistake in the 101st statement after 100 clean ones still counts all 101", () => {
    const text = `${Array.from({ length: 100 }, (_, i) => `v${i} = ${i};`).join("\n")}\nv100 = ;`;
    expect(parseCleanPrefix(lex(text).tokens).statements).toHaveLength(100);
    agree(text);
    expect(parse(text).diagnostics.map((d) => d.code)).toContain("P206");
  });

  it("clean formulas cut short or with one token dropped", () => {
    fc.assert(
      fc.property(formulaText, fc.nat(), fc.boolean(), (text, at, drop) => {
        const tokens = lex(text).tokens;
        const t = tokens[at % tokens.length]!;
        agree(drop ? text.slice(0, t.startOffset) + text.slice(t.startOffset + t.image.length) : text.slice(0, t.startOffset));
      }),
      { numRuns: 400 },
    );
  });
});
