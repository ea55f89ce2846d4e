// `autoscale-formula/testing`: formula test files (`autoscale test`): parsing them, running each
// test as an evaluation, comparing the run with the expectations, coverage of a file's tests.
export * from "../testing/test-file.ts";
export * from "../testing/series.ts";
export * from "../testing/run.ts";
export * from "../testing/coverage.ts";
