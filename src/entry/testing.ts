// `autoscale-formula/testing`: formula test files (`autoscale test`): parsing them, running each
// test as an evaluation, comparing the run with the expectations.
export * from "../testing/test-file.ts";
export * from "../testing/series.ts";
export * from "../testing/run.ts";
