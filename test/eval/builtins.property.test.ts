// Algebraic properties of the list built-ins over random vectors (style §2.9 layer 4).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IMPLS } from "../../src/eval/impls.ts";
import type { ListImpl } from "../../src/eval/impls.ts";

const site = { start: 0, end: 0 };
const call = (id: keyof typeof IMPLS, xs: number[]) => (IMPLS[id] as ListImpl).fn(site, xs, 0, xs.length) as number;
const percentile = (xs: number[], p: number) => IMPLS.percentile_doublevec_double.shape === "fixed" ? (IMPLS.percentile_doublevec_double.fn(site, xs, p, 0) as number) : NaN;
const vec = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("list built-ins", () => {
  it("min ≤ avg ≤ max, range = max − min, std ≥ 0, len counts", () => {
    fc.assert(
      fc.property(vec, (xs) => {
        const [mn, av, mx] = [call("min_list", xs), call("avg_list", xs), call("max_list", xs)];
        expect(mn).toBeLessThanOrEqual(av + 1e-9 * Math.abs(av));
        expect(av).toBeLessThanOrEqual(mx + 1e-9 * Math.abs(mx));
        expect(call("range_list", xs)).toBe(mx - mn);
        expect(call("std_list", xs)).toBeGreaterThanOrEqual(0);
        expect(call("len_list", xs)).toBe(xs.length);
      }),
      { numRuns: 200 },
    );
  });
  it("percentile is monotone in p and spans min..max", () => {
    fc.assert(
      fc.property(vec, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (xs, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(percentile(xs, lo)).toBeLessThanOrEqual(percentile(xs, hi));
        expect(percentile(xs, 0)).toBe(call("min_list", xs));
        expect(percentile(xs, 100)).toBe(call("max_list", xs));
      }),
      { numRuns: 200 },
    );
  });
});
