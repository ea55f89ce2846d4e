// Issue 9: `check` threw on about 5% of randomly mutated ASTs (an assignment target without a
// name, a null operand, …) and gave no answer at all for `{ statements: [null] }`. The AST's shape
// is now validated at check's entry (src/check/validate-ast.ts): bad shapes are C322 NotFormula.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, checkText, parse } from "../../src/index.ts";
import type { Formula } from "../../src/syntax/ast.ts";
import { formulaArb } from "../property/arbitraries-syntax.ts";

const codes = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);

/** Every (container, key) slot of a tree: object fields and list elements. */
function slots(root: unknown): [Record<string | number, unknown>, string | number][] {
  const out: [Record<string | number, unknown>, string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null) continue;
    for (const k of Object.keys(x)) {
      const key = Array.isArray(x) ? Number(k) : k;
      out.push([x as Record<string | number, unknown>, key]);
      stack.push((x as Record<string, unknown>)[k]);
    }
  }
  return out;
}

const JUNK: readonly unknown[] = [null, undefined, 0, -1, 1.5, Number.NaN, "", "x", "Ident", [], [null], {}, { kind: "Ident" }, true, 2 ** 53, { start: 5, end: 1 }];
const junkArb = fc.oneof(fc.constantFrom(...JUNK), fc.constant("DELETE"));
const mutation = fc.tuple(fc.nat(), junkArb);

const REAL = [
  "$TargetDedicatedNodes = max(0, min($PendingTasks.GetSample(1), 10)); $NodeDeallocationOption = taskcompletion;",
  "$t = time(); $h = $t.hour; $TargetLowPriorityNodes = ($h < 8 || $h > 18) ? 0 : -avg($CPUPercent.GetSample(TimeInterval_Minute * 5, 70)) + 3;",
];

function mutate(ast: Formula, mutations: readonly (readonly [number, unknown])[]): unknown {
  const copy = structuredClone(ast) as unknown;
  for (const [pick, junk] of mutations) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [container, key] = all[pick % all.length]!;
    if (junk === "DELETE") delete container[key];
    else container[key] = structuredClone(junk);
  }
  return copy;
}

describe("issue 9: check never throws on a mutated AST", () => {
  it("property: drop or replace fields with null, numbers, strings, lists, objects", () => {
    const base = fc.oneof(formulaArb, fc.constantFrom(...REAL.map((t) => parse(t).ast!)));
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ast, ms, withText) => {
        const mutated = mutate(ast, ms);
        const r = check(mutated as Formula, withText ? { text: REAL[0]! } : {});
        expect(Array.isArray(r.diagnostics)).toBe(true);
        for (const d of r.diagnostics) expect(typeof d.message).toBe("string");
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ["a null statement", { statements: [null] }],
    ["a statement without a kind", { statements: [{ id: 0, span: { start: 0, end: 0 } }] }],
    ["a target without a name", { statements: [{ kind: "Assignment", id: 0, span: { start: 0, end: 1 }, target: { kind: "Ident", id: 1, span: { start: 0, end: 1 } }, value: { kind: "NumberLit", id: 2, span: { start: 0, end: 1 }, value: 1, raw: "1" } }] }],
    ["an unknown operator", { statements: [{ kind: "ExpressionStatement", id: 0, span: { start: 0, end: 1 }, expression: { kind: "BinaryExpr", id: 1, span: { start: 0, end: 1 }, opSpan: { start: 0, end: 1 }, op: "%", left: { kind: "NumberLit", id: 2, span: { start: 0, end: 1 }, value: 1, raw: "1" }, right: { kind: "NumberLit", id: 3, span: { start: 0, end: 1 }, value: 1, raw: "1" } } }] }],
    ["args that are not a list", { statements: [{ kind: "ExpressionStatement", id: 0, span: { start: 0, end: 1 }, expression: { kind: "CallExpr", id: 1, span: { start: 0, end: 1 }, callee: "max", calleeSpan: { start: 0, end: 1 }, argsSpan: { start: 0, end: 1 }, args: 3 } }] }],
  ])("%s is C322", (_name, ast) => {
    const r = check(ast as never);
    expect(codes(r.diagnostics)).toEqual(["C322"]);
    expect(r.diagnostics[0]!.message).toMatch(/^Expected a formula \(the AST that parse returns\), got an AST whose statements\[0\]/);
  });

  it("a cycle and a throwing getter are C322, a very deep tree P207", () => {
    const ast = structuredClone(parse("$a = -1;").ast!) as unknown as { statements: { value: { operand: unknown } }[] };
    ast.statements[0]!.value.operand = ast.statements[0]!.value;
    expect(codes(check(ast as never).diagnostics)).toEqual(["C322"]);

    let deep: unknown = { kind: "NumberLit", id: 0, span: { start: 0, end: 1 }, value: 1, raw: "1" };
    for (let i = 1; i < 100_000; i++) deep = { kind: "UnaryExpr", id: i, span: { start: 0, end: 1 }, op: "-", operand: deep };
    const tall = { statements: [{ kind: "ExpressionStatement", id: 100_000, span: { start: 0, end: 1 }, expression: deep }] };
    expect(codes(check(tall as never).diagnostics)).toEqual(["P207"]);

    const trap = { statements: [{ get kind(): string { throw new Error("boom"); } }] };
    expect(codes(check(trap as never).diagnostics)).toEqual(["C322"]);
    expect(codes(check(new Proxy({}, { get: () => { throw new Error("proxy"); } }) as never).diagnostics)).toEqual(["C322"]);
  });

  it("options of the wrong kind are ignored", () => {
    const ast = parse("$TargetDedicatedNodes = $x + 1;").ast!;
    for (const options of [null, 5, { text: 5 }, { text: null, retiredMetricWarnings: "yes" }]) {
      expect(codes(check(ast, options as never).diagnostics)).toEqual(codes(check(ast).diagnostics));
    }
  });

  it("ASTs from parse still check as before", () => {
    for (const text of REAL) expect(codes(checkText(text).diagnostics)).toEqual([]);
  });
});
