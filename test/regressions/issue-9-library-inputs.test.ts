// Issue 9: library entry points that threw (TypeError on null options, RangeError on deeply
// nested JSON) and empty workloads that "ran" with 0 tasks. Each answers with its error result now.

import { describe, expect, it } from "vitest";
import * as evaluation from "../../src/entry/eval.ts";
import * as metrics from "../../src/entry/metrics.ts";
import * as simulation from "../../src/entry/simulate.ts";
import * as root from "../../src/index.ts";

const lib = { ...root, ...evaluation, ...metrics, ...simulation };
import { samplesFromRecord } from "../../src/metrics/load.ts";

const codes = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);
const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);

describe("issue 9: options arguments of the wrong kind", () => {
  it("null options mean the defaults", () => {
    expect(codes(lib.loadSamplesCsv("timestamp,PendingTasks\n0,1\n", null as never).diagnostics)).toEqual([]);
    expect(codes(samplesFromRecord({}, null as never).diagnostics)).toEqual([]);
    const ctx = lib.parseEvalContextJson('{"now": 0, "pool": {}}', null as never);
    expect(codes(ctx.diagnostics)).toEqual([]);
    expect(ctx.context?.now).toBe(0);
  });

  it.each([[1], ["x"], [[]], [{ availabilityDelayMs: "soon" }], [{ retentionMs: -1 }]])("store options %j are R502", (options) => {
    expect(codes(lib.loadSamplesCsv("timestamp,PendingTasks\n0,1\n", options as never).diagnostics)).toEqual(["R502"]);
    expect(codes(samplesFromRecord({}, options as never).diagnostics)).toEqual(["R502"]);
  });

  it.each([[1], ["x"], [[]], [{ samples: {} }], [{ now: 5 }]])("context overrides %j are R502", (overrides) => {
    expect(codes(lib.parseEvalContextJson('{"now": 0, "pool": {}}', overrides as never).diagnostics)).toEqual(["R502"]);
  });

  it("a locator that is not a function is ignored; one that throws is R502", () => {
    expect(codes(samplesFromRecord({ $A: [[0, "x"]] }, {}, 5 as never).diagnostics)).toEqual(["R502"]);
    const throwing = () => {
      throw new Error("boom");
    };
    expect(codes(samplesFromRecord({ $A: [[0, "x"]] }, {}, throwing).diagnostics)).toEqual(["R502"]);
  });
});

describe("issue 9: JSON nested 5,000 deep", () => {
  it("parseEvalContextJson reports R502 at the bracket past the limit", () => {
    for (const text of [deepArray(5000), `{"now": 0, "pool": ${deepArray(5000)}}`, `{"now": 0, "samples": {"$A": ${deepArray(100_000)}}}`]) {
      const r = lib.parseEvalContextJson(text);
      expect(codes(r.diagnostics)).toEqual(["R502"]);
      expect(r.diagnostics[0]!.message).toMatch(/nested more than 64 levels/);
    }
    // brackets inside strings do not count
    expect(codes(lib.parseEvalContextJson(`{"now": 0, "pool": {}, "x": "${"[".repeat(5000)}"}`).diagnostics)).toEqual([]);
  });

  it("loadWorkload reports fields holding nested arrays or objects", () => {
    for (const field of ["id", "slots", "submit", "duration", "retention"]) {
      const line = { submit: 0, duration: 1, [field]: "__" };
      const text = `${JSON.stringify(line).replace('"__"', deepArray(5000))}\n`;
      expect(codes(lib.loadWorkload(text).diagnostics)).toEqual(["R502"]);
      expect(codes(lib.simulate("$TargetDedicatedNodes = 1;", text).diagnostics)).toEqual(["R502"]);
    }
  });

  it("loadWorkload refuses an unknown format", () => {
    expect(codes(lib.loadWorkload("submit,duration\n0,1\n", "xml" as never).diagnostics)).toEqual(["R502"]);
  });
});

describe("issue 9: empty workloads", () => {
  it.each([[""], ["\n\n"], ["submit,duration\n"], ["# only a comment\n"], ["submit,duration,slots\n\n"]])("%j has no tasks: R502", (text) => {
    const r = lib.loadWorkload(text);
    expect(codes(r.diagnostics)).toEqual(["R502"]);
    expect(r.diagnostics[0]!.message).toMatch(/the workload has no tasks/);
    expect(codes(lib.simulate("$TargetDedicatedNodes = 1;", text).diagnostics)).toEqual(["R502"]);
  });

  it("a workload with one task still loads", () => {
    expect(codes(lib.loadWorkload("submit,duration\n0,60\n").diagnostics)).toEqual([]);
  });
});
