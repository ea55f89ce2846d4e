// Series sharing one times buffer (SharedTimes, the dry-run's lockstep samples) must hold exactly
// what series of their own hold after the same appends: diverging times, out-of-order inserts,
// growth past the shared capacity and dropped samples each give the series a private copy.
import { describe, expect, it } from "vitest";
import { SharedTimes, TimeSeries } from "../../src/metrics/series.ts";
import { createRng } from "../../src/resizer/rng.ts";

const contents = (s: TimeSeries) => ({ times: [...s.times], values: [...s.values] });

describe("SharedTimes", () => {
  it("lockstep series share a buffer and read as their own", () => {
    const clock = new SharedTimes(8);
    const a = new TimeSeries(8, clock);
    const b = new TimeSeries(8, clock);
    for (let i = 0; i < 5; i++) {
      a.append(i * 30_000, i);
      b.append(i * 30_000, 10 * i);
    }
    expect(contents(a)).toEqual({ times: [0, 30_000, 60_000, 90_000, 120_000], values: [0, 1, 2, 3, 4] });
    expect(contents(b).values).toEqual([0, 10, 20, 30, 40]);
    expect(clock.length).toBe(5);
  });

  it.each([1, 2, 3, 4, 5])("random appends and drops agree with private series (seed %i)", (seed) => {
    const rng = createRng(seed);
    const clock = new SharedTimes(16);
    const shared = [0, 1, 2].map(() => new TimeSeries(16, clock));
    const own = [0, 1, 2].map(() => new TimeSeries(16));
    const next = [0, 0, 0];
    for (let step = 0; step < 200; step++) {
      const k = Math.floor(rng() * 3);
      const r = rng();
      // mostly the common instant; sometimes another time, an older one, NaN, or a drop
      const t = r < 0.8 ? next[k]! * 30_000 : r < 0.88 ? next[k]! * 30_000 + 7 : r < 0.95 ? Math.floor(rng() * next[k]!) * 30_000 : r < 0.97 ? NaN : -1;
      if (t === -1) {
        const cut = Math.floor(rng() * next[k]!) * 30_000;
        shared[k]!.dropBefore(cut);
        own[k]!.dropBefore(cut);
        continue;
      }
      if (r < 0.8) next[k]!++;
      shared[k]!.append(t, step);
      own[k]!.append(t, step);
      for (let j = 0; j < 3; j++) expect(contents(shared[j]!), `step ${step} series ${j}`).toEqual(contents(own[j]!));
    }
  });
});
