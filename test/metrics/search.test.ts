// The hinted (galloping) searches TimeSeries uses must give exactly the plain binary search's
// answer for every hint, including duplicates, infinities, NaN queries and out-of-range hints.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lowerBound, lowerBoundFrom, SAMPLE_PERIOD_MS, TimeSeries, upperBound, upperBoundFrom } from "../../src/metrics/series.ts";
import { lastSamplesRange, selectWindow } from "../../src/metrics/window.ts";

const time = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom(Infinity, -Infinity));

describe("hinted searches", () => {
  it("agree with the plain binary searches for any hint", () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 40 }), fc.oneof(time, fc.constant(NaN)), fc.integer({ min: -3, max: 45 }), (ts, x, hint) => {
        const a = Float64Array.from(ts.sort((p, q) => p - q));
        expect(lowerBoundFrom(a, a.length, x, hint)).toBe(lowerBound(a, a.length, x));
        expect(upperBoundFrom(a, a.length, x, hint)).toBe(upperBound(a, a.length, x));
      }),
      { numRuns: 200 },
    );
  });
  it("TimeSeries answers a sequence of queries like a fresh binary search", () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 40 }), fc.array(fc.oneof(time, fc.constant(NaN)), { maxLength: 20 }), (ts, queries) => {
        const s = TimeSeries.from(ts.map((t) => [t, 0] as const));
        const a = s.times;
        for (const q of queries) {
          expect(s.upperBound(q)).toBe(upperBound(a, a.length, q));
          expect(s.lowerBound(q)).toBe(lowerBound(a, a.length, q));
        }
      }),
      { numRuns: 200 },
    );
  });
  it("falls back to the plain search once a NaN time is stored", () => {
    const s = new TimeSeries();
    for (const t of [1, 2, 3, 4, 5]) s.append(t, 0);
    s.append(NaN, 0);
    const a = s.times;
    for (const q of [0, 2, 3, 6]) {
      expect(s.upperBound(q)).toBe(upperBound(a, a.length, q));
      expect(s.lowerBound(q)).toBe(lowerBound(a, a.length, q));
    }
  });
});

/** The window selection as first written: three plain binary searches, nothing skipped. */
function referenceWindow(a: Float64Array, now: number, delay: number, retention: number, from: number, to: number) {
  const visBegin = Number.isFinite(retention) ? lowerBound(a, a.length, now - retention) : 0;
  const visEnd = Math.max(visBegin, upperBound(a, a.length, now - delay));
  const begin = Math.max(visBegin, upperBound(a, a.length, from));
  const end = Math.max(begin, Math.min(visEnd, upperBound(a, a.length, to)));
  const expected = Math.floor((to > from ? to - from : 0) / SAMPLE_PERIOD_MS);
  return { begin, end, expected, available: end - begin, percent: expected === 0 ? 100 : Math.min(100, (100 * (end - begin)) / expected) };
}

describe("window selection with hinted searches", () => {
  it("matches three plain binary searches, for any sequence of queries", () => {
    const t = fc.integer({ min: -40, max: 40 }).map((k) => k * 7_500);
    const query = fc.record({ now: t, delay: fc.constantFrom(-30_000, 0, 30_000, 60_000), retention: fc.constantFrom(Infinity, 90_000), from: t, to: t, n: fc.integer({ min: -1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(t, { maxLength: 30 }), fc.boolean(), fc.array(query, { minLength: 1, maxLength: 8 }), (ts, withNaN, queries) => {
        const s = TimeSeries.from(ts.map((x) => [x, 0] as const));
        if (withNaN) s.append(NaN, 0);
        const a = s.times;
        for (const q of queries) {
          const view = { now: q.now, availabilityDelayMs: q.delay, retentionMs: q.retention };
          const from = Math.min(q.from, q.to);
          const to = Math.max(q.from, q.to);
          expect(selectWindow(s, view, from, to)).toEqual(referenceWindow(a, q.now, q.delay, q.retention, from, to));
          expect(selectWindow(s, view, from, q.now)).toEqual(referenceWindow(a, q.now, q.delay, q.retention, from, q.now));
          const ref = referenceWindow(a, q.now, q.delay, q.retention, -Infinity, Infinity);
          const vis = { begin: Number.isFinite(q.retention) ? lowerBound(a, a.length, q.now - q.retention) : 0, end: 0 };
          vis.end = Math.max(vis.begin, upperBound(a, a.length, q.now - q.delay));
          const want = q.n >= 1 ? Math.min(q.n, vis.end - vis.begin) : 0;
          expect(lastSamplesRange(s, view, q.n)).toEqual({ begin: vis.end - want, end: vis.end });
          expect(ref.begin).toBe(vis.begin);
        }
      }),
      { numRuns: 200 },
    );
  });
});
