import { describe, expect, it } from "vitest";
import { checkText } from "../../src/check/check.ts";
import {
  BUILTINS,
  FUNCTION_NAMES,
  OVERLOAD_IDS,
  builtinHover,
  functionOverloads,
  methodOverloads,
  operatorOverloads,
  signature,
  signatures,
  timestampMember,
} from "../../src/check/builtins.ts";
import {
  DEALLOC_OPTIONS,
  SERVICE_VARIABLES,
  TIME_INTERVALS,
  canonicalServiceVariable,
  lookupSymbolIgnoringCase,
  symbolHover,
} from "../../src/check/symbols.ts";

// The operation table of spec §3.1, written out independently of src/ as the oracle.
const SPEC_3_1: readonly [string, string, string, string][] = [
  ["double", "+ - * /", "double", "double"],
  ["double", "*", "timeinterval", "timeinterval"],
  ["doubleVec", "+ - * /", "double", "doubleVec"],
  ["doubleVec", "+ - * /", "doubleVec", "doubleVec"],
  ["timeinterval", "* /", "double", "timeinterval"],
  ["timeinterval", "+ -", "timeinterval", "timeinterval"],
  ["timeinterval", "+", "timestamp", "timestamp"],
  ["timestamp", "+", "timeinterval", "timestamp"],
  ["timestamp", "-", "timestamp", "timeinterval"],
  ["", "- !", "double", "double"],
  ["", "-", "timeinterval", "timeinterval"],
  ["double", "< <= == >= > !=", "double", "double"],
  ["string", "< <= == >= > !=", "string", "double"],
  ["timestamp", "< <= == >= > !=", "timestamp", "double"],
  ["timeinterval", "< <= == >= > !=", "timeinterval", "double"],
  ["double", "&& ||", "double", "double"],
];

function oracleRows(): string[] {
  return SPEC_3_1.flatMap(([l, ops, r, res]) =>
    ops.split(" ").map((op) => (l === "" ? `${op}${r} -> ${res}` : `${l} ${op} ${r} -> ${res}`)),
  ).sort();
}

function tableRows(): string[] {
  return BUILTINS.filter((o) => o.kind === "operator")
    .map((o) => {
      const [a, b] = o.params;
      return b ? `${a!.type} ${o.name} ${b.type} -> ${o.result}` : `${o.name}${a!.type} -> ${o.result}`;
    })
    .sort();
}

describe("BUILTINS table", () => {
  it("has unique snake_case overload ids", () => {
    expect(new Set(OVERLOAD_IDS).size).toBe(OVERLOAD_IDS.length);
    for (const id of OVERLOAD_IDS) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("operators match spec §3.1 exactly", () => {
    expect(tableRows()).toEqual(oracleRows());
  });

  it("lists every function of spec §4.1 with its overload count", () => {
    const counts = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, functionOverloads(n).length]));
    expect(counts).toEqual({
      avg: 1, ceil: 2, floor: 2, len: 1, lg: 2, ln: 2, log: 2, max: 1, min: 1, norm: 1,
      percentile: 1, rand: 1, range: 1, round: 2, std: 1, stop: 1, sum: 1, time: 2, val: 1,
    });
  });

  it("lists the metric methods of spec §4.2", () => {
    const ids = ["GetSample", "GetSamplePercent", "GetSamplePeriod", "Count", "HistoryBeginTime"].flatMap((n) =>
      methodOverloads(n).map((o) => o.id),
    );
    expect(ids).toEqual([
      "getsample_count", "getsample_window", "getsample_window_percent", "getsample_range", "getsample_range_percent",
      "getsamplepercent_window", "getsamplepercent_range", "getsampleperiod", "count", "historybegintime",
    ]);
    expect(methodOverloads("GetSamplePercent").every((o) => o.result === "double")).toBe(true);
  });

  it("has the timestamp members of spec §4.3", () => {
    for (const m of ["year", "month", "day", "weekday", "hour", "minute", "second"]) expect(timestampMember(m)?.result).toBe("double");
    expect(timestampMember("Hour")).toBeUndefined();
    expect(timestampMember("weekday")?.doc).toMatch(/Sunday = 0/);
  });

  it("uses doubleVecList only as a rest parameter", () => {
    for (const o of BUILTINS) {
      o.params.forEach((p, i) => {
        if (p.type === "doubleVecList") expect(p.rest && i === o.params.length - 1).toBe(true);
        if (p.rest) expect(p.type).toBe("doubleVecList");
      });
    }
  });

  it("puts the scalar form of lg/ln/log/ceil/floor/round first (spec §4.1 overload rule)", () => {
    for (const n of ["lg", "ln", "log", "ceil", "floor", "round"]) {
      expect(functionOverloads(n).map((o) => o.result)).toEqual(["double", "doubleVec"]);
    }
  });

  it("marks ceil/floor/round with the [L] era note", () => {
    for (const n of ["ceil", "floor", "round"]) for (const o of functionOverloads(n)) expect(o.era).toMatch(/^\[L\]/);
  });

  it("gives every overload a one-sentence doc and an example", () => {
    for (const o of BUILTINS) {
      expect(o.doc, o.id).toMatch(/^[A-Z0-9\d"].*\.$/);
      expect(o.example.formula.length, o.id).toBeGreaterThan(0);
    }
  });

  it("has examples that check clean and resolve to their own overload", () => {
    for (const o of BUILTINS) {
      const f = o.example.formula;
      const text = /^\$\w+ =/.test(f) ? f : `x = ${f}`;
      const r = checkText(text);
      expect(r.diagnostics, `${o.id}: ${text}`).toEqual([]);
      const ids = r.checked!.resolutions.flatMap((res) => (res?.kind === "overload" ? [res.id] : []));
      expect(ids, o.id).toContain(o.id);
    }
  });

  it("finds operators by symbol and arity", () => {
    expect(operatorOverloads("-", 1).map((o) => o.id)).toEqual(["neg_double", "neg_timeinterval"]);
    expect(operatorOverloads("-", 2).map((o) => o.id)).toContain("sub_timestamp_timestamp");
    expect(operatorOverloads("%", 2)).toEqual([]);
  });

  it("renders hover signatures with optional parameters folded", () => {
    expect(signatures("method", "GetSample")).toEqual([
      "GetSample(count: double): doubleVec",
      "GetSample(startTime: timestamp | timeinterval, samplePercent?: double): doubleVec",
      "GetSample(startTime: timestamp | timeinterval, endTime: timestamp | timeinterval, samplePercent?: double): doubleVec",
    ]);
    expect(signatures("function", "time")).toEqual(["time(dateTime?: string): timestamp"]);
    expect(signatures("function", "lg")).toEqual(["lg(x: double): double", "lg(...values: doubleVecList): doubleVec"]);
    expect(signature(operatorOverloads("+", 2)[0]!)).toBe("double + double: double");
    expect(builtinHover("member", "hour")?.signatures).toEqual(["timestamp.hour: double"]);
    expect(builtinHover("function", "nope")).toBeUndefined();
  });
});

describe("symbols", () => {
  const spec5 = [
    "$TargetDedicatedNodes", "$TargetLowPriorityNodes", "$NodeDeallocationOption", "$CurrentDedicatedNodes",
    "$CurrentLowPriorityNodes", "$PreemptedNodeCount", "$UsableNodeCount", "$SampleNodeCount", "$TaskSlotsPerNode",
    "$CPUPercent", "$WallClockSeconds", "$MemoryBytes", "$DiskBytes", "$DiskReadBytes", "$DiskWriteBytes",
    "$DiskReadOps", "$DiskWriteOps", "$NetworkInBytes", "$NetworkOutBytes",
    "$ActiveTasks", "$RunningTasks", "$PendingTasks", "$SucceededTasks", "$FailedTasks",
  ];

  it("has every service variable of spec §5 plus the three aliases", () => {
    const canonical = SERVICE_VARIABLES.filter((v) => v.aliasOf === undefined).map((v) => v.name);
    expect([...canonical].sort()).toEqual([...spec5].sort());
    const aliases = Object.fromEntries(SERVICE_VARIABLES.filter((v) => v.aliasOf).map((v) => [v.name, v.aliasOf]));
    expect(aliases).toEqual({
      $TargetDedicated: "$TargetDedicatedNodes",
      $TargetLowPriority: "$TargetLowPriorityNodes",
      $CurrentDedicated: "$CurrentDedicatedNodes",
    });
    expect(canonicalServiceVariable("$TargetDedicated")?.name).toBe("$TargetDedicatedNodes");
  });

  it("follows the scalar/sampled decisions of spec §11.2", () => {
    const scalar = SERVICE_VARIABLES.filter((v) => v.shape === "scalar" && !v.aliasOf).map((v) => v.name).sort();
    expect(scalar).toEqual(["$CurrentDedicatedNodes", "$CurrentLowPriorityNodes", "$TargetDedicatedNodes", "$TargetLowPriorityNodes", "$TaskSlotsPerNode"]);
    const writable = SERVICE_VARIABLES.filter((v) => v.access === "readwrite").map((v) => v.name).sort();
    expect(writable).toEqual(["$NodeDeallocationOption", "$TargetDedicated", "$TargetDedicatedNodes", "$TargetLowPriority", "$TargetLowPriorityNodes"]);
    for (const v of SERVICE_VARIABLES) expect(v.type).toBe(v.shape === "scalar" ? "double" : v.shape === "sampled" ? "metric" : "dealloc");
  });

  it("marks exactly the resource metrics other than $CPUPercent, plus $SampleNodeCount, as retired", () => {
    const retired = SERVICE_VARIABLES.filter((v) => v.retired).map((v) => v.name);
    expect(retired).toHaveLength(10);
    expect(retired).not.toContain("$CPUPercent");
    expect(retired).toContain("$SampleNodeCount");
  });

  it("documents every variable with units and an example", () => {
    for (const v of SERVICE_VARIABLES) {
      expect(v.doc.length, v.name).toBeGreaterThan(10);
      expect(v.units.length, v.name).toBeGreaterThan(0);
      expect(v.example, v.name).toContain(v.name);
    }
  });

  it("has the ten TimeInterval constants in milliseconds", () => {
    const ms = Object.fromEntries(TIME_INTERVALS.map((c) => [c.name, c.ms]));
    expect(ms).toEqual({
      TimeInterval_Zero: 0, TimeInterval_100ns: 0.0001, TimeInterval_Microsecond: 0.001, TimeInterval_Millisecond: 1,
      TimeInterval_Second: 1000, TimeInterval_Minute: 60_000, TimeInterval_Hour: 3_600_000, TimeInterval_Day: 86_400_000,
      TimeInterval_Week: 604_800_000, TimeInterval_Year: 31_536_000_000,
    });
  });

  it("has the four deallocation keywords, requeue first", () => {
    expect(DEALLOC_OPTIONS.map((d) => d.name)).toEqual(["requeue", "terminate", "taskcompletion", "retaineddata"]);
  });

  it("looks names up ignoring case for did-you-mean", () => {
    expect(lookupSymbolIgnoringCase("$pendingTasks")).toEqual({ name: "$PendingTasks", kind: "service variable" });
    expect(lookupSymbolIgnoringCase("timeinterval_minute")).toEqual({ name: "TimeInterval_Minute", kind: "constant" });
    expect(lookupSymbolIgnoringCase("Requeue")).toEqual({ name: "requeue", kind: "deallocation option" });
    expect(lookupSymbolIgnoringCase("$nothing")).toBeUndefined();
  });

  it("gives hover text for variables, constants and keywords", () => {
    expect(symbolHover("$TargetDedicated")?.signature).toBe("$TargetDedicated: double (read-write, nodes, alias of $TargetDedicatedNodes)");
    expect(symbolHover("$PendingTasks")?.signature).toBe("$PendingTasks: sampled metric (read-only, tasks)");
    expect(symbolHover("TimeInterval_Hour")?.signature).toBe("TimeInterval_Hour: timeinterval");
    expect(symbolHover("taskcompletion")?.doc).toMatch(/finish/);
    expect(symbolHover("$nope")).toBeUndefined();
  });
});
