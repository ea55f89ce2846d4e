// Issue 9: samples given newest-first or shuffled were inserted one at a time (O(n²)). The loaders
// now collect each metric's samples and sort once (stable); the series must be exactly what
// appending the samples one by one gives, duplicate timestamps included (insertion order kept).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSamplesCsv } from "../../src/entry/metrics.ts";
import { evaluateAutoScale } from "../../src/index.ts";
import { samplesFromRecord } from "../../src/metrics/load.ts";
import { TimeSeries } from "../../src/metrics/series.ts";

/** The old intake: one append per sample, in the given order. */
function appended(samples: readonly (readonly [number, number])[]): TimeSeries {
  const s = new TimeSeries();
  for (const [t, v] of samples) s.append(t, v);
  return s;
}

const pairs = (s: TimeSeries): [number, number][] => [...s.times].map((t, i) => [t, s.valueAt(i)]);

// few distinct times, so duplicates are common
const sample = fc.tuple(fc.integer({ min: 0, max: 40 }).map((k) => 1_700_000_000_000 + k * 30_000), fc.integer({ min: -5, max: 5 }));

describe("issue 9: sample intake sorts once", () => {
  it("TimeSeries.fromOrdered equals appending one by one (duplicates keep insertion order)", () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 200 }), (list) => {
        const built = TimeSeries.fromOrdered(list.map((p) => p[0]), list.map((p) => p[1]));
        expect(pairs(built)).toEqual(pairs(appended(list)));
      }),
      { numRuns: 300 },
    );
  });

  it("samplesFromRecord: shuffled and reversed input give the series of the old append loop", () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 100 }), fc.array(sample, { maxLength: 20 }), (a, b) => {
        // two spellings of one metric: the second list's samples come after the first's
        const { store, diagnostics } = samplesFromRecord({ PendingTasks: a, $PendingTasks: b });
        expect(diagnostics).toEqual([]);
        expect(pairs(store.get("$PendingTasks"))).toEqual(pairs(appended([...a, ...b])));
      }),
      { numRuns: 200 },
    );
  });

  it("loadSamplesCsv: descending rows give the same series as ascending rows", () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${1_700_000_000_000 + i * 30_000},${i},${i % 7}`);
    const up = loadSamplesCsv(`timestamp,PendingTasks,CPUPercent\n${rows.join("\n")}\n`);
    const down = loadSamplesCsv(`timestamp,PendingTasks,CPUPercent\n${[...rows].reverse().join("\n")}\n`);
    expect(down.diagnostics).toEqual([]);
    expect(down.store.names()).toEqual(up.store.names());
    for (const m of up.store.names()) expect(pairs(down.store.get(m))).toEqual(pairs(up.store.get(m)));
  });

  it("evaluateAutoScale on shuffled samples answers what it answers on sorted samples", () => {
    const now = Date.UTC(2024, 0, 1, 12);
    const sorted = Array.from({ length: 5_000 }, (_, i) => [now - 60_000 - i * 30_000, i % 13] as [number, number]).reverse();
    const shuffled = [...sorted];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const formula = "$a = avg($PendingTasks.GetSample(TimeInterval_Hour)); $b = max($PendingTasks.GetSample(1)); $TargetDedicatedNodes = $a + $b;";
    const pool = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
    const a = evaluateAutoScale(formula, { now, pool, samples: { $PendingTasks: sorted } });
    const b = evaluateAutoScale(formula, { now, pool, samples: { $PendingTasks: shuffled } });
    expect(a.error).toBeUndefined();
    expect(b).toEqual(a);
  });
});
