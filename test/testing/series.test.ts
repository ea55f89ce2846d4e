import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_SERIES_VALUES, parseSeries } from "../../src/testing/series.ts";

describe("series notation (promtool)", () => {
  it.each([
    ["1", [1]],
    ["12x2", [12, 12, 12]],
    ["0+5x3", [0, 5, 10, 15]],
    ["10-2x2", [10, 8, 6]],
    ["-1+0.5x2", [-1, -0.5, 0]],
    ["_", [undefined]],
    ["_x3", [undefined, undefined, undefined]],
    ["1 _ 3", [1, undefined, 3]],
    ["  1x1   2  ", [1, 1, 2]],
    ["0.5 .25", [0.5, 0.25]],
  ] as const)("%s", (text, values) => {
    expect(parseSeries(text)).toEqual({ values });
  });

  it("a number is one value", () => {
    expect(parseSeries(7)).toEqual({ values: [7] });
  });

  it.each([
    ["", "the series is empty", 0],
    ["1 x3", "'x3' is not a series piece", 2],
    ["1 2 abc", "'abc' is not a series piece", 4],
    ["_+1x3", "a missing sample has no step", 0],
    ["1x200000", "more than 100,000 values", 0],
  ])("error: %j", (text, message, offset) => {
    const r = parseSeries(text);
    expect("error" in r && r.error).toContain(message);
    expect("error" in r && r.offset).toBe(offset);
  });

  it("a+bxn has n+1 values a+i·b, computed without accumulated rounding", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 500 }), (a, b, n) => {
        const text = `${a}${b < 0 ? "-" : "+"}${Math.abs(b) / 10}x${n}`;
        const r = parseSeries(text);
        if (!("values" in r)) return false;
        return r.values.length === n + 1 && r.values.every((v, i) => v === a + i * (b / 10));
      }),
    );
  });

  it("never expands past the limit", () => {
    const r = parseSeries(`1x${MAX_SERIES_VALUES - 1} 2`);
    expect("error" in r).toBe(true);
  });
});
