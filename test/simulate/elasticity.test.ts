// Elasticity metrics and cost (issue 11): every figure of a tiny series derived by hand, then the
// metrics of a real run checked against the summary's own supply/demand integrals.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { costOf, parsePrices } from "../../src/simulate/measure/cost.ts";
import { countResizes, elasticityOf, elasticityOfRun, supplyDemandOf } from "../../src/simulate/measure/elasticity.ts";
import { loadWorkload } from "../../src/simulate/load.ts";
import { simulate } from "../../src/simulate/simulate.ts";
import type { TimelineEntry } from "../../src/simulate/types.ts";

describe("elasticity metrics on a hand-derived series", () => {
  // 8 samples, 30 s apart (t = 0 … 210 s):
  //   i        0  1  2  3  4  5  6  7
  //   supply   0  0  1  2  3  1  1  1
  //   demand   0  2  2  2  1  0  2  1
  // Under (d > s) at i = 1, 2, 6: (d−s)/max(d,1) = 2/2, 1/2, 1/2 → sum 2 → θU = 100·2/8 = 25 %; τU = 3/8 = 37.5 %.
  // Over (s > d) at i = 4, 5: (s−d)/max(d,1) = 2/1, 1/max(0,1) = 1 → sum 3 → θO = 100·3/8 = 37.5 %; τO = 2/8 = 25 %.
  // Steps (sgn Δs, sgn Δd): 1 (0,+) 2 (+,0) 3 (+,0) 4 (+,−) 5 (−,−) 6 (0,+) 7 (0,−):
  //   directions differ in 6 of 7 → instability k = 600/7 = 85.714 %; opposite only step 4 → 100/7 = 14.286 %.
  //   supply moves in steps 2,3,4,5 (4), demand in 1,4,5,6,7 (5); span 210 s = 7/120 h → jitter (4−5)/(7/120) = −17.143 /h.
  // Bursts: i=1 (d 2 > s 0 after d ≤ s): supply rises above 0 at i=2 → first node after 30 s;
  //   i=6 (d 2 > s 1 after d ≤ s at i=5): at i=7 d ≤ s with supply still 1 → absorbed. 2 bursts, 1 absorbed, mean = max = 30 s.
  const series = {
    times: [0, 30, 60, 90, 120, 150, 180, 210].map((s) => s * 1000),
    supply: [0, 0, 1, 2, 3, 1, 1, 1],
    demand: [0, 2, 2, 2, 1, 0, 2, 1],
  };

  it("every figure", () => {
    const m = elasticityOf(series, 3);
    expect(m.underAccuracy).toBeCloseTo(25, 10);
    expect(m.underTimeshare).toBeCloseTo(37.5, 10);
    expect(m.overAccuracy).toBeCloseTo(37.5, 10);
    expect(m.overTimeshare).toBeCloseTo(25, 10);
    expect(m.instability).toBeCloseTo(600 / 7, 10);
    expect(m.oppositeMoves).toBeCloseTo(100 / 7, 10);
    expect(m.jitter).toBeCloseTo(-120 / 7, 10);
    expect(m.resizes).toBe(3);
    expect(m.bursts).toBe(2);
    expect(m.burstsAbsorbed).toBe(1);
    expect(m.firstNodeMean).toBe(30_000);
    expect(m.firstNodeMax).toBe(30_000);
  });

  it("resizes: evaluations whose integer targets changed (targets 2, 2, 3, 0 from 0 → 3)", () => {
    const entry = (dedicated: number) => ({ poolTargets: { dedicated, lowPriority: 0 } }) as TimelineEntry;
    expect(countResizes([entry(2), entry(2), entry(3), entry(0)])).toBe(3);
    expect(countResizes([entry(2)], { dedicated: 2, lowPriority: 0 })).toBe(0);
  });
});

describe("elasticity and cost of a real run", () => {
  const formula = readFileSync(new URL("../../samples/dry-run/queue-depth.formula", import.meta.url), "utf8");
  const trace = loadWorkload(readFileSync(new URL("../../samples/workloads/daily-batch.csv", import.meta.url), "utf8")).workload;
  const r = simulate(formula, trace, { intervalMs: 5 * 60_000 });

  it("supply/demand integrals match the summary's above/below demand", () => {
    const sd = supplyDemandOf(r)!;
    let excess = 0;
    let shortfall = 0;
    for (let i = 0; i < sd.times.length; i++) {
      const d = sd.demand[i]! - sd.supply[i]!;
      if (d > 0) shortfall += d;
      else excess -= d;
    }
    expect((shortfall * 30) / 3600).toBeCloseTo(r.summary!.demand.shortfallNodeHours, 9);
    expect((excess * 30) / 3600).toBeCloseTo(r.summary!.demand.excessNodeHours, 9);
    const m = elasticityOfRun(r)!;
    expect(m.resizes).toBeGreaterThan(2);
    expect(m.bursts).toBeGreaterThan(0);
  });

  it("idle node-hours lie within the billed ones; cost is node-hours × price", () => {
    const s = r.summary!;
    expect(s.idleNodeHours.dedicated).toBeGreaterThan(0);
    expect(s.idleNodeHours.dedicated).toBeLessThanOrEqual(s.nodeHours.dedicated);
    const { prices } = parsePrices("dedicated=0.192,lowpriority=0.038");
    const c = costOf(s, prices!);
    expect(c.total).toBeCloseTo(s.nodeHours.dedicated * 0.192 + s.nodeHours.lowPriority * 0.038, 12);
    expect(c.idle).toBeCloseTo(s.idleNodeHours.dedicated * 0.192 + s.idleNodeHours.lowPriority * 0.038, 12);
  });

  it.each([
    ["dedicated=0.192,lowpriority=0.038", { dedicated: 0.192, lowPriority: 0.038 }],
    ["dedicated=1", { dedicated: 1, lowPriority: 0 }],
    ['{"dedicated": 0.5, "lowPriority": 0.1}', { dedicated: 0.5, lowPriority: 0.1 }],
    ["spot=0.02", { dedicated: 0, lowPriority: 0.02 }],
  ])("prices %s", (text, prices) => {
    expect(parsePrices(text)).toEqual({ prices });
  });

  it.each([["dedicated=-1", "not a non-negative"], ["gpu=3", "unknown node kind 'gpu'"], ["dedicated", "is not kind=price"], ["{", "invalid JSON"]])("bad prices %s", (text, problem) => {
    expect(parsePrices(text).problem).toContain(problem);
  });
});
