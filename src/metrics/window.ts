// Sample-window selection (spec §11.4): which samples an evaluation at `now` can see, the
// half-open windows of GetSample/GetSamplePercent, and the expected-sample arithmetic.
// Every query is a binary search plus a copy of the k selected samples: O(log n + k).

import { SAMPLE_PERIOD_MS, type TimeSeries } from "./series.ts";

/** What one evaluation can see of a series. */
export interface SampleView {
  /** evaluation instant, epoch ms */
  readonly now: number;
  /** a sample is visible only once `now − t ≥ availabilityDelayMs` (spec §11.4, default 60 s) */
  readonly availabilityDelayMs: number;
  /** samples older than `now − retentionMs` are forgotten (Infinity keeps everything) */
  readonly retentionMs: number;
}

/** A selected window: sample indices `[begin, end)` plus the coverage arithmetic. */
export interface WindowSelection {
  readonly begin: number;
  readonly end: number;
  /** floor(window length / 30 s); 0 for windows shorter than one period (or empty/inverted) */
  readonly expected: number;
  readonly available: number;
  /**
   * 100 × available / expected, capped at 100. When nothing is expected (window shorter than
   * one sample period) the percent is 100: nothing can be missing, so such a window never
   * fails for insufficient data (project decision, documented in the README).
   */
  readonly percent: number;
}

/** Index range `[begin, end)` of the samples visible at `view.now` (retained and old enough). */
export function visibleRange(s: TimeSeries, view: SampleView): { begin: number; end: number } {
  const begin = Number.isFinite(view.retentionMs) ? s.lowerBound(view.now - view.retentionMs) : 0;
  const end = s.upperBound(view.now - view.availabilityDelayMs);
  return { begin, end: Math.max(begin, end) };
}

/**
 * Samples with `from < t ≤ to` that are visible at `view.now`. `from`/`to` are instants (epoch
 * ms); callers order them (two-bound forms use min/max, spec §11.4).
 */
export function selectWindow(s: TimeSeries, view: SampleView, from: number, to: number): WindowSelection {
  const visibleUntil = view.now - view.availabilityDelayMs;
  const visBegin = Number.isFinite(view.retentionMs) ? s.lowerBound(view.now - view.retentionMs) : 0;
  const visEnd = Math.max(visBegin, s.upperBound(visibleUntil));
  const begin = Math.max(visBegin, s.upperBound(from));
  // Windows ending at or after the visibility limit (every one-bound window) end at visEnd: on
  // ordered times upperBound(to) ≥ upperBound(visibleUntil), so the search is skipped.
  const end = Math.max(begin, to >= visibleUntil && s.ordered ? visEnd : Math.min(visEnd, s.upperBound(to)));
  const length = to > from ? to - from : 0;
  const expected = Math.floor(length / SAMPLE_PERIOD_MS);
  const available = end - begin;
  const percent = expected === 0 ? 100 : Math.min(100, (100 * available) / expected);
  return { begin, end, expected, available, percent };
}

/** Values `[begin, end)` as a plain chronological array (oldest first). */
export function valuesOf(s: TimeSeries, begin: number, end: number): number[] {
  const out = new Array<number>(end - begin);
  for (let i = begin; i < end; i++) out[i - begin] = s.valueAt(i);
  return out;
}

/**
 * `GetSample(n)`: the last `n` visible samples however old, chronological; fewer if fewer
 * exist; empty for n ≤ 0 or NaN. A fractional `n` is truncated. Never fails (spec §11.4).
 */
export function lastSamples(s: TimeSeries, view: SampleView, n: number): number[] {
  const r = lastSamplesRange(s, view, n);
  return valuesOf(s, r.begin, r.end);
}

/** Index range `[begin, end)` of {@link lastSamples}. */
export function lastSamplesRange(s: TimeSeries, view: SampleView, n: number): { begin: number; end: number } {
  const visBegin = Number.isFinite(view.retentionMs) ? s.lowerBound(view.now - view.retentionMs) : 0;
  const visEnd = Math.max(visBegin, s.upperBound(view.now - view.availabilityDelayMs));
  const want = n >= 1 ? Math.min(Math.trunc(n), visEnd - visBegin) : 0;
  return { begin: visEnd - want, end: visEnd };
}

/** `Count()`: number of visible retained samples. */
export function sampleCount(s: TimeSeries, view: SampleView): number {
  const vis = visibleRange(s, view);
  return vis.end - vis.begin;
}

/**
 * `HistoryBeginTime()`: time of the oldest visible retained sample; `view.now` when there is
 * none (the history begins now — project decision, documented).
 */
export function historyBegin(s: TimeSeries, view: SampleView): number {
  const vis = visibleRange(s, view);
  return vis.end > vis.begin ? s.timeAt(vis.begin) : view.now;
}
