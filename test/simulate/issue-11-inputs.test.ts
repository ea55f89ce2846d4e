// Issue 11's entry points given values of the wrong kind: problems as data, never a throw.
import { describe, expect, it } from "vitest";
import * as lib from "../../src/entry/simulate.ts";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "../cli/fake-io.ts";

const JUNK: readonly unknown[] = [null, undefined, 0, Number.NaN, true, {}, [], [null], () => 1, Symbol("s"), 10n];

describe.each(JUNK.map((x, i) => [i, x] as const))("junk #%i", (_i, x) => {
  it("trace loaders report a problem", async () => {
    for (const format of ["swf", "batch-json", "csv", "jsonl"] as const) {
      const r = await lib.loadTrace(x as never, format, x as never);
      expect(r.workload.tasks).toEqual([]);
      expect(r.problemCount).toBeGreaterThan(0);
    }
    expect((await lib.loadSwf(x as never, x as never)).problemCount).toBeGreaterThan(0);
    expect((await lib.loadBatchTasks(x as never, x as never)).problemCount).toBeGreaterThan(0);
    expect(lib.TRACE_FORMATS).toContain(lib.detectTraceFormat(x as never, x as never));
  });

  it("prices, settings, shards, constant setters and tune reports answer with a problem", () => {
    expect(lib.parsePrices(x as never).problem).toBeDefined();
    expect(lib.parseSetting(x as never).problem).toBeDefined();
    expect(lib.parseShard(x as never)).toBeUndefined();
    expect(lib.constantSetter(x as never, ["a"]).problem).toBeDefined();
    if (!(Array.isArray(x) && x.length === 0)) expect(lib.constantSetter("a = 1;", x as never).problem).toBeDefined(); // [] = nothing to set
    expect(lib.mergeTuneReports(x as never).problem).toBeDefined();
    expect(lib.mergeTuneReports([x] as never).problem).toBeDefined();
  });
});

describe("tune --merge of files that are not tune reports", () => {
  it.each([
    ["{}", "piece 1 is not a tune report: 'settings' is not a list"],
    ['{"settings": [{"name": "a", "values": [1, 2]}], "objective": "cost", "maxWaitP95": null, "combinations": 2, "points": [{"index": 7}]}', "a point has no valid 'index'"],
    ["[1, 2]", "expected the object `tune --json` prints"],
    ["not json", "not a tune --json report"],
  ])("%s", async (text, message) => {
    const { io, captured } = fakeIo({ "f.formula": "a = 1; $TargetDedicatedNodes = a;", "p.json": text });
    expect(await runCli(io, ["tune", "f.formula", "--merge", "p.json"])).toBe(2);
    expect(captured.err).toContain(message);
  });
});
