// waitStats (src/simulate/summary.ts): whole-millisecond waits take two selections instead of a
// sort; every figure must be the sort's (nearest rank on the sorted waits, the sum in sorted order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { waitStats } from "../../src/simulate/summary.ts";

function reference(waits: readonly number[]) {
  if (waits.length === 0) return { count: 0, mean: NaN, p50: NaN, p95: NaN, max: NaN };
  const s = Float64Array.from(waits).sort();
  let sum = 0;
  for (const w of s) sum += w;
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { count: s.length, mean: sum / s.length, p50: rank(50), p95: rank(95), max: s[s.length - 1]! };
}

describe("waitStats", () => {
  it("whole milliseconds: the same figures as sorting", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3_600_000 })), { maxLength: 400 }), (waits) => {
        expect(waitStats(Float64Array.from(waits))).toEqual(reference(waits));
      }),
      { numRuns: 500 },
    );
  });

  it("fractions, -0 and huge sums take the sort: the same figures", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(-0), fc.constant(2 ** 52)), { maxLength: 200 }), (waits) => {
        expect(waitStats(Float64Array.from(waits))).toEqual(reference(waits));
      }),
      { numRuns: 300 },
    );
  });

  it("100,000 waits", () => {
    const waits = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 60_013);
    expect(waitStats(Float64Array.from(waits))).toEqual(reference(waits));
  });
});
