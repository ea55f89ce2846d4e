import { describe, expect, it } from "vitest";
import { SAMPLE_PERIOD_MS, TimeSeries } from "../../src/metrics/series.ts";
import { MetricsStore, canonicalMetricName } from "../../src/metrics/store.ts";
import { historyBegin, lastSamples, sampleCount, selectWindow, type SampleView } from "../../src/metrics/window.ts";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const MIN = 60_000;
/** samples every 30 s at now − 30 s·k for k = 1..n, value = k (so the newest has value 1) */
function everyThirty(n: number): TimeSeries {
  return TimeSeries.from(Array.from({ length: n }, (_, i) => [NOW - SAMPLE_PERIOD_MS * (i + 1), i + 1] as const));
}
const view = (delay = 60_000, retention = Infinity): SampleView => ({ now: NOW, availabilityDelayMs: delay, retentionMs: retention });

describe("TimeSeries", () => {
  it("sorts samples given out of order, stable for equal times", () => {
    const s = TimeSeries.from([[3, 30], [1, 10], [2, 20], [1, 11]]);
    expect([...s.times]).toEqual([1, 1, 2, 3]);
    expect([...s.values]).toEqual([10, 11, 20, 30]);
  });
  it("appends in order and inserts out-of-order samples at their place", () => {
    const s = new TimeSeries(1);
    for (const t of [10, 20, 40]) s.append(t, t);
    s.append(30, 30);
    s.append(5, 5);
    expect([...s.times]).toEqual([5, 10, 20, 30, 40]);
    expect([...s.values]).toEqual([5, 10, 20, 30, 40]);
  });
  it("binary-searches bounds", () => {
    const s = TimeSeries.from([[10, 0], [20, 0], [20, 0], [30, 0]]);
    expect([s.lowerBound(20), s.upperBound(20), s.lowerBound(5), s.upperBound(35)]).toEqual([1, 3, 0, 4]);
  });
  it("drops samples before a time (retention)", () => {
    const s = TimeSeries.from([[10, 1], [20, 2], [30, 3]]);
    s.dropBefore(20);
    expect([...s.times]).toEqual([20, 30]);
  });
});

describe("window selection (spec §11.4)", () => {
  it("the doc's 18-of-20 case: 10 minutes, 60 s delay → 18 samples, 90 %", () => {
    const w = selectWindow(everyThirty(40), view(), NOW - 10 * MIN, NOW);
    expect([w.expected, w.available, w.percent]).toEqual([20, 18, 90]);
  });
  it("29 of 30 samples over 15 minutes with a 30 s delay → 96.666…%", () => {
    const w = selectWindow(everyThirty(40), view(30_000), NOW - 15 * MIN, NOW);
    expect([w.expected, w.available]).toEqual([30, 29]);
    expect(w.percent).toBeCloseTo(96.6667, 4);
  });
  it("is half-open: (from, to] — a sample exactly at `from` is outside, exactly at `to` inside", () => {
    const s = TimeSeries.from([[NOW - 180_000, 1], [NOW - 90_000, 2], [NOW - 60_000, 3]]);
    const w = selectWindow(s, view(), NOW - 180_000, NOW - 60_000);
    expect([w.begin, w.end]).toEqual([1, 3]);
  });
  it("hides samples younger than the availability delay", () => {
    const s = TimeSeries.from([[NOW - 90_000, 1], [NOW - 59_999, 2], [NOW, 3]]);
    expect(selectWindow(s, view(), NOW - 5 * MIN, NOW).available).toBe(1);
    expect(selectWindow(s, view(0), NOW - 5 * MIN, NOW).available).toBe(3);
  });
  it("caps the percent at 100 and treats windows shorter than one period as fully covered", () => {
    const dense = TimeSeries.from(Array.from({ length: 100 }, (_, i) => [NOW - 61_000 - i * 1000, 1] as const));
    expect(selectWindow(dense, view(), NOW - 3 * MIN, NOW).percent).toBe(100);
    const w = selectWindow(everyThirty(5), view(), NOW - 20_000, NOW);
    expect([w.expected, w.percent]).toEqual([0, 100]);
    const inverted = selectWindow(everyThirty(5), view(), NOW, NOW - MIN);
    expect([inverted.expected, inverted.available, inverted.percent]).toEqual([0, 0, 100]);
  });
  it("empty history → 0 %", () => {
    expect(selectWindow(new TimeSeries(), view(), NOW - 3 * MIN, NOW).percent).toBe(0);
  });
});

describe("GetSample(n), Count(), HistoryBeginTime()", () => {
  const s = everyThirty(10); // values 1 (newest, now−30 s) … 10 (oldest)
  it("returns the last n visible samples, oldest first", () => {
    expect(lastSamples(s, view(), 3)).toEqual([4, 3, 2]);
  });
  it("returns fewer when fewer exist, empty for n ≤ 0 or NaN; truncates fractional n", () => {
    expect(lastSamples(s, view(), 100)).toHaveLength(9);
    expect(lastSamples(s, view(), 0)).toEqual([]);
    expect(lastSamples(s, view(), -2)).toEqual([]);
    expect(lastSamples(s, view(), NaN)).toEqual([]);
    expect(lastSamples(s, view(), 2.9)).toEqual([3, 2]);
    expect(lastSamples(new TimeSeries(), view(), 1)).toEqual([]);
  });
  it("counts visible retained samples and reports the oldest", () => {
    expect(sampleCount(s, view())).toBe(9);
    expect(sampleCount(s, view(60_000, 3 * MIN))).toBe(5); // now−60 … now−180 s
    expect(historyBegin(s, view())).toBe(NOW - 300_000);
    expect(historyBegin(s, view(60_000, 3 * MIN))).toBe(NOW - 180_000);
    expect(historyBegin(new TimeSeries(), view())).toBe(NOW);
  });
});

describe("MetricsStore", () => {
  it("accepts names with or without $", () => {
    const store = new MetricsStore();
    store.append("PendingTasks", 1, 5);
    expect(store.get("$PendingTasks").length).toBe(1);
    expect(store.has("PendingTasks")).toBe(true);
    expect(store.names()).toEqual(["$PendingTasks"]);
    expect(canonicalMetricName("$x")).toBe("$x");
  });
  it("returns an empty series for unknown metrics and defaults to a 60 s delay", () => {
    const store = new MetricsStore();
    expect(store.get("$CPUPercent").length).toBe(0);
    expect(store.availabilityDelayMs).toBe(60_000);
    expect(store.retentionMs).toBe(Infinity);
  });
});
