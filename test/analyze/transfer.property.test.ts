// Each abstract built-in over-approximates its implementation: for random argument intervals
// (including ±∞ ends, the ±Infinity and NaN flags) and random concrete arguments inside them, the
// value impls.ts computes lies inside the interval TRANSFER computes (evaluation errors excepted).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../src/check/builtins.ts";
import { IMPLS, flatten } from "../../src/eval/impls.ts";
import { EvalError } from "../../src/eval/runtime.ts";
import { contains, iv, type Iv } from "../../src/analyze/interval.ts";
import { TRANSFER, type AbsValue } from "../../src/analyze/values.ts";

/** An interval and a concrete double inside it. */
const arbNum: fc.Arbitrary<{ abs: Iv; value: number }> = fc
  .record({
    a: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(-Infinity, 0, 1e308, -1e308)),
    b: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(Infinity, 0, 0.1, 1e308)),
    inf: fc.boolean(),
    nan: fc.boolean(),
    t: fc.double({ min: 0, max: 1, noNaN: true }),
    pick: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ a, b, inf, nan, t, pick }) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const abs = iv(lo, hi, inf, nan);
    let value: number;
    if (pick === 0 && abs.nan) value = NaN;
    else if (pick === 1 && abs.inf && hi === Infinity) value = Infinity;
    else if (pick === 2 && abs.inf && lo === -Infinity) value = -Infinity;
    else if (pick === 3) value = Math.max(lo, -Number.MAX_VALUE);
    else if (pick === 4) value = Math.min(hi, Number.MAX_VALUE);
    else {
      const l = Math.max(lo, -1e300), h = Math.min(hi, 1e300);
      value = l + (h - l) * t;
      if (!(value >= l && value <= h)) value = l;
    }
    return { abs, value };
  })
  .filter(({ abs, value }) => contains(abs, value));

/** A vector: element interval, length interval, and a concrete array inside both. */
const arbVec: fc.Arbitrary<{ abs: AbsValue; value: number[] }> = fc
  .record({ elem: arbNum, lens: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean()), picks: fc.array(arbNum, { maxLength: 5 }) })
  .map(({ elem, lens, picks }) => {
    const [lo, hi] = lens[0] <= lens[1] ? [lens[0], lens[1]] : [lens[1], lens[0]];
    const len = iv(lo, lens[2] ? Infinity : hi);
    // elements: values of the other draws clamped into elem's range, or elem's own value
    const n = Math.min(lo + picks.length, lens[2] ? 5 : hi);
    const value = Array.from({ length: n }, (_, k) => {
      const x = picks[k]?.value ?? elem.value;
      return contains(elem.abs, x) ? x : elem.value;
    });
    return { abs: { kind: "vec", elem: elem.abs, len } as AbsValue, value };
  });

const SITE = { start: 0, end: 0 };
const numeric = BUILTINS.filter(
  (o) => (o.kind === "function" || o.kind === "operator") && (o.result === "double" || o.result === "doubleVec") && o.params.length > 0 && o.params.every((p) => p.type === "double" || p.type === "doubleVec" || p.type === "doubleVecList") && !["and_double_double", "or_double_double"].includes(o.id),
);

describe("abstract built-ins contain every concrete result", () => {
  it("covers the numeric overloads", () => {
    expect(numeric.length).toBeGreaterThan(40);
  });
  it.each(numeric.map((o) => [o.id, o]))("%s", (_id, o) => {
    const argArb = (type: string) => (type === "double" ? arbNum.map(({ abs, value }) => ({ abs: { kind: "num", iv: abs } as AbsValue, value: value as number | number[] })) : arbVec);
    const list = o.params.some((p) => p.rest);
    const args = list ? fc.array(fc.oneof(argArb("double"), argArb("doubleVec")), { minLength: 1, maxLength: 3 }) : fc.tuple(...o.params.map((p) => argArb(p.type)));
    fc.assert(
      fc.property(args, (xs) => {
        const impl = IMPLS[o.id];
        let result: unknown;
        try {
          if (impl.shape === "list") {
            const flat = flatten(xs.map((x) => x.value));
            result = impl.fn(SITE, flat, 0, flat.length);
          } else if (impl.shape === "fixed") result = impl.fn(SITE, xs[0]!.value, xs[1]?.value as never, undefined as never);
          else return;
        } catch (e) {
          if (e instanceof EvalError) return;
          throw e;
        }
        const abs = TRANSFER[o.id](xs.map((x) => x.abs));
        const show = () => `${o.id}(${xs.map((x) => JSON.stringify(x.abs) + "∋" + String(x.value)).join(", ")}) = ${String(result)} ∉ ${JSON.stringify(abs)}`;
        if (typeof result === "number") {
          if (abs.kind !== "num" || !contains(abs.iv, result)) throw new Error(show());
        } else {
          const v = result as number[];
          if (abs.kind !== "vec" || !contains(abs.len, v.length) || v.some((x) => !contains(abs.elem, x))) throw new Error(show());
        }
      }),
      { numRuns: 1500 },
    );
  });
});
