// Every built-in through the whole pipeline (`x = <expr>` → printed value), including the
// edge cases of spec §11.3. Expected values are worked out by hand.
import { describe, expect, it } from "vitest";
import { BUILTINS, OVERLOAD_IDS } from "../../src/check/builtins.ts";
import { IMPLS, missingImpls } from "../../src/eval/impls.ts";
import { compile } from "../../src/eval/evaluate.ts";
import { history, MIN, NOW, value } from "./helpers.ts";

const V = "ceil(1, 2, 3)"; // the vector [1,2,3]
const EMPTY = "$PendingTasks.GetSample(0)"; // an empty vector

describe("impls.ts covers builtins.ts", () => {
  it("has an implementation for every overload id and nothing else", () => {
    expect(missingImpls()).toEqual([]);
    expect(Object.keys(IMPLS).sort()).toEqual([...OVERLOAD_IDS].sort());
  });
  it("every example with a stated value evaluates to it", () => {
    const failures: string[] = [];
    for (const o of BUILTINS) {
      if (o.example.value === undefined) continue;
      const got = value(o.example.formula);
      if (got !== o.example.value) failures.push(`${o.id}: ${o.example.formula} → ${got}, expected ${o.example.value}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("list functions", () => {
  it.each([
    ["avg(1, 2, 3, 4)", "2.5"],
    [`avg(${V}, 10)`, "4"],
    ["len(1, 2)", "2"],
    [`len(${EMPTY})`, "0"],
    [`sum(${EMPTY})`, "0"],
    [`norm(${EMPTY})`, "0"],
    [`sum(${V}, 4)`, "10"],
    ["norm(3, 4)", "5"],
    [`max(${V}, -5)`, "3"],
    [`min(${V}, -5)`, "-5"],
    ["range(4, -1, 2)", "5"],
    ["std(2, 4, 4, 4, 5, 5, 7, 9)", "2.13809"], // sample sd: sqrt(32/7)
    ["std(5)", "0"],
    ["max(1, 0/0)", "NaN"],
    ["ceil(1.2, -1.2)", "[2,-1]"],
    ["floor(1.8, -1.2)", "[1,-2]"],
    ["round(0.5, 1.5, -0.5, -2.5, 2.4)", "[1,2,-1,-3,2]"],
    ["lg(1, 4)", "[0,2]"],
    ["ln(1, 0)", "[0,-Infinity]"],
    ["log(100, -1)", "[2,NaN]"],
    [`ceil(${EMPTY})`, "[]"],
  ])("%s = %s", (e, v) => expect(value(e)).toBe(v));
  it.each(["avg", "min", "max", "range", "std"])("%s of an empty vector is an evaluation error at the (", (fn) => {
    // x = fn(...): `x = ` is 4 columns, the name follows, then `(`.
    expect(value(`${fn}(${EMPTY})`)).toBe(`error AutoScalingFormulaEvaluationError: Line 1, Col ${5 + fn.length}: ${fn}: the vector is empty.`);
  });
});

describe("scalar functions", () => {
  it.each([
    ["ceil(-1.5)", "-1"],
    ["floor(-1.5)", "-2"],
    ["round(2.5)", "3"],
    ["round(-2.5)", "-3"],
    ["round(-2.4)", "-2"],
    ["lg(8)", "3"],
    ["ln(0)", "-Infinity"],
    ["log(-1)", "NaN"],
    ["log(1000)", "3"],
    [`percentile(${V}, 50)`, "2"],
    ["percentile(ceil(1, 2, 3, 4), 25)", "1.75"], // type 7: h = 3·0.25 = 0.75
    ["percentile(ceil(4, 1, 3, 2), 100)", "4"],
    ["percentile(ceil(4, 1, 3, 2), 0)", "1"],
    ["percentile(ceil(7, 7), 30)", "7"],
    [`val(${V}, 0)`, "1"],
    [`val(${V}, 2.9)`, "3"],
    [`val(${V}, -0.5)`, "1"], // truncation toward zero gives index 0
  ])("%s = %s", (e, v) => expect(value(e)).toBe(v));
  it("percentile errors: p outside 0..100, empty vector", () => {
    expect(value(`percentile(${V}, 101)`)).toBe("error AutoScalingFormulaEvaluationError: Line 1, Col 15: percentile: p must be between 0 and 100, got 101.");
    expect(value(`percentile(${V}, -1)`)).toContain("got -1.");
    expect(value(`percentile(${EMPTY}, 50)`)).toContain("percentile: the vector is empty.");
  });
  it("val errors: out of range, empty", () => {
    expect(value(`val(${V}, 3)`)).toBe("error AutoScalingFormulaEvaluationError: Line 1, Col 8: val: index 3 is out of range for a vector of length 3.");
    expect(value(`val(${V}, -1)`)).toContain("index -1 is out of range");
    expect(value(`val(${EMPTY}, 0)`)).toContain("val: the vector is empty.");
  });
  it("rand() is in [0, 1), reproducible for a seed", () => {
    const a = Number(value("rand()"));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(value("rand()")).toBe(String(value("rand()")));
    expect(value("rand() == rand()")).toBe("0");
  });
  it("time() is the injected now; time(\"…\") parses; bad text fails", () => {
    expect(value("time()")).toBe("2024-05-01T12:00:00.000Z");
    expect(value("time() - time()")).toBe("00:00:00");
    expect(value('time("Mon, 06 Oct 2014 10:20:00 GMT")')).toBe("2014-10-06T10:20:00.000Z");
    expect(value('time("2023-04-14T10:20:30.123456789Z")')).toBe(
      'error AutoScalingFormulaEvaluationError: Line 1, Col 9: time: cannot parse "2023-04-14T10:20:30.123456789Z" as an ISO 8601 or RFC 1123 time.',
    );
  });
});

describe("operators", () => {
  it.each([
    ["1 / 0", "Infinity"],
    ["-1 / 0", "-Infinity"],
    ["0 / 0", "NaN"],
    ["!0", "1"],
    ["!5", "0"],
    ["!(0/0)", "0"], // NaN is nonzero, so true
    ["(0/0) && 1", "1"],
    ["0 || 0", "0"],
    ["2 > 1 ? 5 : 10", "5"],
    ["(0/0) == (0/0)", "0"],
    ["(0/0) != (0/0)", "1"],
    [`${V} + 1`, "[2,3,4]"],
    [`${V} / 2`, "[0.5,1,1.5]"],
    [`${V} * ${V}`, "[1,4,9]"],
    [`${V} - ${V}`, "[0,0,0]"],
    ["2 * TimeInterval_Minute", "00:02:00"],
    ["TimeInterval_Day / 4", "06:00:00"],
    ["-TimeInterval_Hour", "-01:00:00"],
    ["TimeInterval_Week - TimeInterval_Day", "6.00:00:00"],
    ["TimeInterval_Year", "365.00:00:00"],
    ["TimeInterval_100ns", "00:00:00.0000001"],
    ["TimeInterval_Microsecond * 3", "00:00:00.0000030"],
    ['time("2016-10-13T19:18:47.805Z") + (-6 * TimeInterval_Hour)', "2016-10-13T13:18:47.805Z"],
    ['TimeInterval_Hour + time("2016-10-13T19:18:47.805Z")', "2016-10-13T20:18:47.805Z"],
    ['time("2016-10-14T00:00:00Z") - time("2016-10-13T12:00:00Z")', "12:00:00"],
    ['time("2016-10-13T00:00:00Z") - time("2016-10-14T00:00:30Z")', "-1.00:00:30"],
    ['"abc" < "abd"', "1"],
    ['"B" < "a"', "1"], // ordinal: uppercase sorts first
    ["TimeInterval_Minute == 60 * TimeInterval_Second", "1"],
  ])("%s = %s", (e, v) => expect(value(e)).toBe(v));
  it("vector ⊕ vector of different lengths is an evaluation error", () => {
    expect(value(`${V} + ceil(1, 2)`)).toBe("error AutoScalingFormulaEvaluationError: Line 1, Col 5: Vector lengths differ (3 and 2) in '+'.");
  });
  it("intervals and timestamps out of range are evaluation errors", () => {
    expect(value("(0/0) * TimeInterval_Hour")).toBe("error AutoScalingFormulaEvaluationError: Line 1, Col 5: '*' gives a timeinterval outside the supported range (or NaN).");
    expect(value("time() + 10000 * TimeInterval_Year")).toContain("'+' gives a timestamp outside the supported range");
  });
  it("&&, || and ?: evaluate only what they need", () => {
    expect(value(`0 && val(${EMPTY}, 0)`)).toBe("0");
    expect(value(`1 || val(${EMPTY}, 0)`)).toBe("1");
    expect(value(`1 ? 2 : val(${EMPTY}, 0)`)).toBe("2");
    expect(value(`1 && val(${EMPTY}, 0)`)).toContain("val: the vector is empty.");
  });
});

describe("timestamp members (spec §11.3: .NET weekday, Sunday = 0)", () => {
  const T = 'time("2016-10-13T19:18:47.805Z")'; // a Thursday
  it.each([
    ["year", "2016"], ["month", "10"], ["day", "13"], ["weekday", "4"], ["hour", "19"], ["minute", "18"], ["second", "47"],
  ])("%s", (m, v) => expect(value(`${T}.${m}`)).toBe(v));
  it("Sunday is 0, Saturday 6", () => {
    expect(value('time("2016-10-16T00:00:00Z").weekday')).toBe("0");
    expect(value('time("2016-10-15T23:59:59Z").weekday')).toBe("6");
  });
});

describe("metric methods (spec §11.4)", () => {
  // values: newest (now − 30 s) = 1, then 2, 3 … going back
  const samples = { $PendingTasks: history(40, (k) => k + 1) };
  it.each([
    ["$PendingTasks.GetSample(3)", "[4,3,2]"], // now−30 s is still hidden by the 60 s delay
    ["$PendingTasks.GetSamplePercent(180 * TimeInterval_Second)", "66.6667"],
    ["$PendingTasks.GetSample(180 * TimeInterval_Second, 60)", "[5,4,3,2]"], // now−30 s is still hidden by the 60 s delay
    ["$PendingTasks.GetSample(1 * TimeInterval_Minute, 3 * TimeInterval_Minute, 50)", "[5,4,3,2]"],
    ["$PendingTasks.GetSample(3 * TimeInterval_Minute, 1 * TimeInterval_Minute, 50)", "[5,4,3,2]"],
    ["$PendingTasks.GetSample(2 * TimeInterval_Minute, 3 * TimeInterval_Minute)", "[5,4]"],
    ["$PendingTasks.GetSamplePercent(2 * TimeInterval_Minute, 3 * TimeInterval_Minute)", "100"],
    ["$PendingTasks.GetSample(time() + (-3 * TimeInterval_Minute), 60)", "[5,4,3,2]"],
    ["$PendingTasks.GetSample(time() + (-3 * TimeInterval_Minute), 2 * TimeInterval_Minute)", "[5,4]"],
    ["$PendingTasks.GetSamplePercent(TimeInterval_Minute * 10)", "90"],
    ["$PendingTasks.GetSamplePeriod()", "00:00:30"],
    ["$PendingTasks.Count()", "39"],
    ["$PendingTasks.HistoryBeginTime()", new Date(NOW - 40 * 30_000).toISOString()],
    ["$CPUPercent.GetSample(1)", "[]"],
    ["$CPUPercent.Count()", "0"],
    ["$CPUPercent.GetSamplePercent(TimeInterval_Minute)", "0"],
    ["$CPUPercent.HistoryBeginTime()", "2024-05-01T12:00:00.000Z"],
  ])("%s = %s", (e, v) => expect(value(e, samples)).toBe(v));
  it("fails with InsufficientSampleData below the wanted percent (default 70)", () => {
    expect(value("$PendingTasks.GetSample(180 * TimeInterval_Second)", samples)).toBe(
      "error InsufficientSampleData: Line 1, Col 28: Insufficient data from data set: $PendingTasks wanted 70%, received 66%",
    );
    expect(value("$PendingTasks.GetSample(TimeInterval_Minute * 10, 95)", samples)).toContain("wanted 95%, received 90%");
    expect(value("$PendingTasks.GetSample(TimeInterval_Minute * 10, 80)", samples)).toBe("[19,18,17,16,15,14,13,12,11,10,9,8,7,6,5,4,3,2]");
  });
  it("the metric name may be given without $ in the samples", () => {
    expect(value("$ActiveTasks.GetSample(1)", { ActiveTasks: [[NOW - 5 * MIN, 7]] })).toBe("[7]");
  });
});

describe("stop()", () => {
  it("ends the run successfully; earlier statements keep their effect", () => {
    const { program } = compile("a = 1; $TargetDedicatedNodes = 4; b = a > 0 ? stop() : 2; $TargetDedicatedNodes = 9; c = 3");
    const out = program!.evaluate({ now: NOW, pool: { targetDedicatedNodes: 1, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 } });
    expect(out.run).toEqual({ timestamp: "2024-05-01T12:00:00.000Z", results: "$TargetDedicatedNodes=4;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;a=1" });
    expect(out.stopped).toBe(true);
    expect(out.ok).toBe(true);
  });
});
