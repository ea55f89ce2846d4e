import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDouble, formatDoubleSlow, formatInterval, formatTimestamp, formatValue, formatVector } from "../../src/eval/values-format.ts";
import { dealloc, Interval, Timestamp } from "../../src/eval/runtime.ts";

describe(".NET G6 doubles (spec §11.5)", () => {
  it.each([
    [0.5, "0.5"],
    [290 / 3, "96.6667"],
    [1e6, "1E+06"],
    [16777216, "1.67772E+07"],
    [1e-5, "1E-05"],
    [0.0001, "0.0001"],
    [123456, "123456"],
    [999999, "999999"],
    [999999.5, "1E+06"], // rounding carries into the exponent
    [1234565, "1.23457E+06"], // exact tie rounds away from zero
    [-2.5, "-2.5"],
    [0.000123456789, "0.000123457"],
    [1e21, "1E+21"],
    [1.5e-300, "1.5E-300"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [-0, "-0"], // .NET Core 3.0+ prints negative zero with its sign
    [0, "0"],
    [0.1 + 0.2, "0.3"],
    [100, "100"],
    [-1e-7, "-1E-07"],
  ])("%s → %s", (x, s) => expect(formatDouble(x)).toBe(s));

  it("the fast paths (integers, toPrecision in the fixed range) print what the general path prints", () => {
    const fixedRange = fc.double({ min: 1e-4, max: 999_999.999, noNaN: true }).map((x) => x);
    const decimals = fc.tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 7 })).map(([m, k]) => m / 10 ** k);
    const ties = fc.tuple(fc.integer({ min: 100_000, max: 999_999 }), fc.integer({ min: -4, max: 0 })).map(([m, k]) => (m + 0.5) * 10 ** k);
    fc.assert(
      fc.property(fc.oneof(fixedRange, decimals, ties, fixedRange.map((x) => -x)), (x) => {
        if (x === 0) return true;
        expect(formatDouble(x)).toBe(formatDoubleSlow(x));
        return true;
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("other values", () => {
  it("timestamps: ISO UTC with milliseconds", () => {
    expect(formatTimestamp(Date.parse("2016-10-13T19:18:47.805Z"))).toBe("2016-10-13T19:18:47.805Z");
    expect(formatTimestamp(Date.parse("2016-10-13T19:18:47Z") + 0.9)).toBe("2016-10-13T19:18:47.000Z");
    expect(formatTimestamp(-62135596800000)).toBe("0001-01-01T00:00:00.000Z");
  });
  it.each([
    [15 * 60_000, "00:15:00"],
    [86_400_000, "1.00:00:00"],
    [0.0001, "00:00:00.0000001"],
    [1500, "00:00:01.5000000"],
    [-30_000, "-00:00:30"],
    [0, "00:00:00"],
    [365 * 86_400_000, "365.00:00:00"],
    [90061001, "1.01:01:01.0010000"],
  ])("interval %s ms → %s", (ms, s) => expect(formatInterval(ms)).toBe(s));
  it("vectors, strings, keywords", () => {
    expect(formatVector([1, 2.5, 3])).toBe("[1,2.5,3]");
    expect(formatVector([])).toBe("[]");
    expect(formatValue([1e6, NaN])).toBe("[1E+06,NaN]");
    expect(formatValue("Mon, 06 Oct 2014")).toBe("Mon, 06 Oct 2014");
    expect(formatValue(dealloc("taskcompletion"))).toBe("taskcompletion");
    expect(formatValue(new Interval(60_000))).toBe("00:01:00");
    expect(formatValue(new Timestamp(0))).toBe("1970-01-01T00:00:00.000Z");
  });
});

describe("formatTimestamp agrees with Date over the .NET range", () => {
  it("matches toISOString at many instants", () => {
    const samples = [0, -1, 951_782_400_000 /* 2000-02-29 */, 4_107_542_399_999, -62_135_596_800_000, 253_402_300_799_999, 1_714_564_800_123];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(-62_135_596_800_000 + ((i * 7_919_911) % 3_155_000) * 100_000_000 + i * 12_345));
    for (const t of samples) expect(formatTimestamp(t)).toBe(new Date(t).toISOString());
  });
});
