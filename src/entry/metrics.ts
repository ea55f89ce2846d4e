// `autoscale-formula/metrics`: sample histories, window queries and the metric loaders.
export { TimeSeries, SAMPLE_PERIOD_MS, type Sample } from "../metrics/series.ts";
export { MetricsStore, canonicalMetricName, DEFAULT_AVAILABILITY_DELAY_MS, type MetricsStoreOptions } from "../metrics/store.ts";
export { selectWindow, lastSamples, sampleCount, historyBegin, visibleRange, type SampleView, type WindowSelection } from "../metrics/window.ts";
export { loadSamplesCsv, samplesFromRecord, parseSampleTime, type LoadResult } from "../metrics/load.ts";
