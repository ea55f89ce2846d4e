import { EOF, type IToken, type TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { forEachChild, type Node } from "../../src/syntax/ast.ts";
import { childKeys, newChildren } from "../../src/syntax/cst-children.ts";
import { lex } from "../../src/syntax/lexer.ts";
import { parse } from "../../src/syntax/parse.ts";
import { GUARDS, parser, RULE_NAMES, STARTS } from "../../src/syntax/parser.ts";
import { ALL_TOKENS } from "../../src/syntax/tokens.ts";
import { printTree } from "../../src/syntax/print.ts";
import { codesAt } from "./syntax-utils.ts";

const tree = (text: string): string => {
  const r = parse(text);
  expect(r.diagnostics).toEqual([]);
  return printTree(r.ast!);
};
const codes = (text: string): string[] => codesAt(text, parse(text).diagnostics);

describe("parse: trees (§3.2 precedence and associativity)", () => {
  it.each([
    { input: "a = 1", expected: "(= a 1)" },
    { input: "a = 1 + 2 * 3", expected: "(= a (+ 1 (* 2 3)))" },
    { input: "a = 1 - 2 - 3", expected: "(= a (- (- 1 2) 3))" },
    { input: "a = 8 / 4 / 2", expected: "(= a (/ (/ 8 4) 2))" },
    { input: "a = (1 - 2) * 3", expected: "(= a (* (- 1 2) 3))" },
    { input: "a = b < c == d > e", expected: "(= a (== (< b c) (> d e)))" },
    { input: "a = b == c != d", expected: "(= a (!= (== b c) d))" },
    { input: "a = b || c && d", expected: "(= a (|| b (&& c d)))" },
    { input: "a = b && c || d && e", expected: "(= a (|| (&& b c) (&& d e)))" },
    { input: "a = b + 1 < c && d", expected: "(= a (&& (< (+ b 1) c) d))" },
    { input: "a = b ? c : d ? e : f", expected: "(= a (?: b c (?: d e f)))" },
    { input: "a = b ? c ? d : e : f", expected: "(= a (?: b (?: c d e) f))" },
    { input: "a = (b ? c : d) ? e : f", expected: "(= a (?: (?: b c d) e f))" },
    { input: "a = b || c ? d : e", expected: "(= a (?: (|| b c) d e))" },
    { input: "a = -b * c", expected: "(= a (* (- b) c))" },
    { input: "a = -b.hour", expected: "(= a (- (member b hour)))" },
    { input: "a = !!b", expected: "(= a (! (! b)))" },
    { input: "a = - -6 * TimeInterval_Hour", expected: "(= a (* (- (- 6)) TimeInterval_Hour))" },
    { input: "a = time().weekday", expected: "(= a (member (call time) weekday))" },
    { input: "a = $PendingTasks.GetSample(1, 2)", expected: "(= a (method $PendingTasks GetSample 1 2))" },
    { input: "a = max(0, $x.GetSample(TimeInterval_Minute * 15))", expected: "(= a (call max 0 (method $x GetSample (* TimeInterval_Minute 15))))" },
    { input: 'a = time("Mon, 06 Oct 2014 10:20:00 GMT")', expected: '(= a (call time "Mon, 06 Oct 2014 10:20:00 GMT"))' },
    { input: "$NodeDeallocationOption = taskcompletion;", expected: "(= $NodeDeallocationOption taskcompletion)" },
    { input: "a = 1; b = 2;", expected: "(= a 1)\n(= b 2)" },
    { input: "a = (((1)))", expected: "(= a 1)" },
    { input: "a = $x\n  .GetSample(1)\n  .y", expected: "(= a (member (method $x GetSample 1) y))" },
  ])("$input", ({ input, expected }) => {
    expect(tree(input)).toBe(expected);
  });
});

describe("parse: syntax diagnostics (§11.1)", () => {
  it.each([
    { input: "a = ;", expected: ["P201@1:5"] },
    { input: "a = 1 +", expected: ["P208@1:8"] },
    { input: "a = (1", expected: ["P208@1:7"] },
    { input: "a = f(1, 2;\nb = 3", expected: ["P201@1:11"] },
    { input: "a = 1 b = 2", expected: ["P202@1:6"] },
    { input: "a = 1\nb = 2", expected: ["P202@1:6"] },
    { input: "$x", expected: ["P203@1:1"] },
    { input: "a = 1; something_useless; b = 2", expected: ["P203@1:8"] },
    { input: "f(x) = 3", expected: ["P204@1:1"] },
    { input: "$x.hour = 3", expected: ["P204@1:1"] },
    { input: "1 = 2", expected: ["P204@1:1"] },
    { input: "a = 1;;", expected: ["P205@1:7"] },
    { input: "; a = 1", expected: ["P205@1:1"] },
    { input: "", expected: ["P209@1:1"] },
    { input: "  // just a comment\n", expected: ["P209@1:1"] },
    { input: ";", expected: ["P209@1:1"] },
    { input: "a = b = c", expected: ["P210@1:7"] },
    { input: "a = f(b = 1)", expected: ["P210@1:9"] },
    { input: "a = 1 )", expected: ["P201@1:7"] },
    { input: ") a = 1", expected: ["P201@1:1"] },
    { input: "a = 1; ) ) b = 2", expected: ["P201@1:8"] },
  ])("$input → $expected", ({ input, expected }) => {
    expect(codes(input)).toEqual(expected);
  });

  it("names tokens in words people use", () => {
    const msg = (t: string) => parse(t).diagnostics.map((d) => d.message);
    expect(msg("a = f(1, 2;")).toEqual(["Expected ')' but found ';'."]);
    expect(msg("a = ;")).toEqual(["Expected an expression but found ';'."]);
    expect(msg("a = 1 +")).toEqual(["Unexpected end of formula: expected an expression."]);
    expect(msg("f(x) = 3")[0]).toContain("'f(x)' is not a name");
  });

  it("reports three broken statements in one pass", () => {
    const text = "a = ;\nb = 1 +;\nc = max(1,;\nd = 4;";
    expect(codes(text)).toEqual(["P201@1:5", "P201@2:8", "P201@3:11"]);
    expect(printTree(parse(text).ast!)).toBe("(= d 4)");
  });

  it("E3 (2020 text): the missing ';' is reported on the min(400, …) line", () => {
    const text = [
      "$totalDedicatedNodes =",
      "    (min($CPUPercent.GetSample(TimeInterval_Minute * 10)) > 0.7) ?",
      "    ($CurrentDedicatedNodes * 1.1) : $CurrentDedicatedNodes;",
      "$totalDedicatedNodes =",
      "    (avg($CPUPercent.GetSample(TimeInterval_Minute * 60)) < 0.2) ?",
      "    ($CurrentDedicatedNodes * 0.9) : $totalDedicatedNodes;",
      "$TargetDedicatedNodes = min(400, $totalDedicatedNodes)",
      "$NodeDeallocationOption = taskcompletion;",
    ].join("\n");
    expect(codes(text)).toEqual(["P202@7:55"]);
    expect(parse(text).ast!.statements).toHaveLength(4);
  });

  it("E25 ({pool_node_count} = 10): the missing ';' is reported on the $TargetDedicatedNodes line", () => {
    const text = [
      "    startingNumberOfVMs = 10;",
      "    maxNumberofVMs = 10;",
      "    pTaskSamplePerc = $PendingTasks.GetSamplePercent(120 * TimeInterval_Second);",
      "    pTaskSample = pTaskSamplePerc < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(120 * TimeInterval_Second));",
      "    $TargetDedicatedNodes=min(maxNumberofVMs, pTaskSample)",
      "    $NodeDeallocationOption = taskcompletion;",
    ].join("\n");
    expect(codes(text)).toEqual(["P202@5:59"]);
  });

  it("E16: the BatchExplorer backslash-escaped quotes give L109 and nothing else", () => {
    const text = [
      "initialPoolSize = 4;",
      "$TargetDedicatedNodes = initialPoolSize;",
      'lifespan = time() - time(\\"Mon, 06 Oct 2014 10:20:00 GMT\\");',
      "span = TimeInterval_Minute * 60;",
    ].join("\n");
    expect(codes(text)).toEqual(["L109@3:26"]);
    // the string stands in for what was meant, so the statement is kept for checking
    expect(printTree(parse(text).ast!).split("\n")[2]).toBe('(= lifespan (- (call time) (call time "Mon, 06 Oct 2014 10:20:00 GMT")))');
  });
});

describe("parse: limits (§11.1)", () => {
  it("more than 100 statements is P206, at the 101st", () => {
    const text = Array.from({ length: 101 }, (_, i) => `v${i} = ${i};`).join("\n");
    expect(codes(text)).toEqual(["P206@101:1"]);
    expect(codes(text.split("\n").slice(0, 100).join("\n"))).toEqual([]);
  });

  it("256 nested parentheses are fine, 257 are P207", () => {
    const nest = (n: number) => `a = ${"(".repeat(n)}1${")".repeat(n)}`;
    expect(codes(nest(256))).toEqual([]);
    expect(codes(nest(257))).toEqual(["P207@1:261"]);
  });

  it.each([
    { name: "10,000 parentheses", text: `a = ${"(".repeat(10_000)}1${")".repeat(10_000)}; b = 2` },
    { name: "10,000 unary minuses", text: `a = ${"-".repeat(10_000)}1; b = 2` },
    { name: "10,000 ternaries", text: `a = ${"c ? d : ".repeat(10_000)}1; b = 2` },
    { name: "10,000 calls", text: `a = ${"f(".repeat(10_000)}1${")".repeat(10_000)}; b = 2` },
    { name: "a 3,000-term sum", text: `a = ${"1 + ".repeat(3_000)}1; b = 2` },
    { name: "3,000 members", text: `a = x${".y".repeat(3_000)}; b = 2` },
    { name: "unbalanced 10,000 '('", text: `a = ${"(".repeat(10_000)}; b = 2` },
  ])("$name: P207 without overflowing the stack; other statements survive", ({ text }) => {
    const r = parse(text);
    expect(r.diagnostics.map((d) => d.code)).toContain("P207");
    expect(r.diagnostics.map((d) => d.code)).not.toContain("P211");
    expect(printTree(r.ast!)).toBe("(= b 2)");
  });
});

describe("parse: AST invariants", () => {
  const text = "// c\n$x = (1 + 2) * -max($y.GetSample(1), 3).hour ? time(\"a\") : 0;\nz = $x;";
  const { ast } = parse(text);
  const nodes: Node[] = [];
  const walk = (n: Node) => {
    nodes.push(n);
    forEachChild(n, walk);
  };
  walk(ast!);

  it("ids are dense, unique and assigned children first", () => {
    expect(nodes.map((n) => n.id).sort((a, b) => a - b)).toEqual(nodes.map((_, i) => i));
    for (const n of nodes) forEachChild(n, (c) => expect(c.id).toBeLessThan(n.id));
  });

  it("spans are half-open, nest, and parentheses are not nodes", () => {
    for (const n of nodes) {
      expect(n.span.start).toBeLessThanOrEqual(n.span.end);
      forEachChild(n, (c) => {
        expect(c.span.start).toBeGreaterThanOrEqual(n.span.start);
        expect(c.span.end).toBeLessThanOrEqual(n.span.end);
      });
    }
    const slices = nodes.filter((n) => n.kind !== "Formula").map((n) => text.slice(n.span.start, n.span.end));
    expect(slices).toContain("1 + 2"); // the inner expression, without its parentheses
    expect(slices).toContain("(1 + 2) * -max($y.GetSample(1), 3).hour"); // the product includes them
    expect(slices).toContain("-max($y.GetSample(1), 3).hour");
    expect(slices).toContain('$x = (1 + 2) * -max($y.GetSample(1), 3).hour ? time("a") : 0');
  });

  it("keeps comments on the formula", () => {
    expect(ast!.comments).toEqual([{ text: "// c", span: { start: 0, end: 4 } }]);
  });
});

describe("parser: CST building hooks (performance, parser.ts / cst-children.ts)", () => {
  const rules = parser.getGAstProductions();

  it("gives every rule's nodes exactly the keys its grammar can produce", () => {
    expect(Object.keys(rules).sort()).toEqual([...RULE_NAMES].sort());
    for (const name of RULE_NAMES) expect(Object.keys(newChildren(name)).sort(), name).toEqual(childKeys(rules[name]!).sort());
  });

  it("uses no key that ordinary objects inherit", () => {
    for (const name of RULE_NAMES) for (const key of childKeys(rules[name]!)) expect(key in Object.prototype, key).toBe(false);
  });

  it("builds nodes through the overridden hooks: every key present, absent ones undefined", () => {
    parser.input = lex("a = f(1).b;").tokens as IToken[];
    const cst = parser.formula();
    expect(parser.errors).toEqual([]);
    expect(Object.keys(cst.children).sort()).toEqual(["Semicolon", "statement", "stray"]);
    expect(cst.children["stray"]).toBeUndefined();
    expect(cst.children["Semicolon"]).toHaveLength(1);
  });
});

describe("parser: lookahead guards (performance, parser.ts)", () => {
  // Chevrotain's own lookahead function of each guarded production (internal: key = DSL kind | occurrence).
  const MANY = 0x300;
  const OPTION = 0x200;
  const p = parser as unknown as {
    fullRuleNameToShort: Record<string, number>;
    lookAheadFuncsCache: Record<number, Record<number, (this: unknown) => boolean>>;
    tokVector: IToken[];
    currIdx: number;
  };
  const lookahead = (rule: string, key: number) => p.lookAheadFuncsCache[p.fullRuleNameToShort[rule]!]![key]!;
  const guarded: [rule: string, key: number, flag: number, skipWhen: boolean][] = [];
  const flag = (first: TokenType) => GUARDS.find(([, t]) => t === first)![0];
  const [UnaryOp, Dot, BinaryOperator, Question, Assign, LParen, RParen] = GUARDS.map(([, t]) => t);
  for (const rule of ["expression", "operand"]) {
    guarded.push([rule, MANY | 0, flag(UnaryOp!), false], [rule, MANY | 2, flag(Dot!), false], [rule, OPTION | 0, flag(LParen!), false]);
    guarded.push([rule, MANY | 3, flag(RParen!), true]);
  }
  guarded.push(["expression", MANY | 4, flag(BinaryOperator!), false], ["expression", OPTION | 3, flag(Question!), false]);
  guarded.push(["expression", OPTION | 4, flag(Assign!), false]);
  guarded.push(["postfixSuffix", OPTION | 0, flag(LParen!), false], ["postfixSuffix", MANY | 3, flag(RParen!), true]);

  it("skips a production exactly when Chevrotain's lookahead would not enter it, for every token type", () => {
    const types = [...(ALL_TOKENS as TokenType[]), EOF];
    let checked = 0;
    for (const [rule, key, f, skipWhen] of guarded) {
      const la = lookahead(rule, key);
      expect(la, `${rule} ${key.toString(16)}`).toBeTypeOf("function");
      for (const type of types) {
        p.tokVector = [{ image: "", startOffset: 0, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken];
        p.currIdx = -1;
        const enters = la.call(parser) === true;
        const matches = ((STARTS[type.tokenTypeIdx!] ?? 0) & f) !== 0;
        // A skip (guard says no) must be a production that does not start; for MANY3 the guard
        // skips on `)`, where it must not start either.
        if (skipWhen ? matches : !matches) expect(enters, `${rule} ${key.toString(16)} ${type.name}`).toBe(false);
        if (!skipWhen) expect(enters, `${rule} ${key.toString(16)} ${type.name}`).toBe(matches);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
