// Checker types and resolutions: typed prints (`expr~type^overload`, cel-go style) plus the
// contract properties the evaluator relies on (slots, aliases, constants, never throwing).

import { describe, expect, it } from "vitest";
import type { Assignment, Expr, Formula } from "../../src/syntax/ast.ts";
import { check, checkText } from "../../src/check/check.ts";
import { parse } from "../../src/syntax/parse.ts";
import { printTyped } from "./typed-print.ts";

function typed(text: string): string {
  const r = checkText(text);
  expect(r.diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
  return printTyped(r.checked!);
}

const ROWS: { input: string; expected: string }[] = [
  {
    input: "x = avg($PendingTasks.GetSample(1))",
    expected: `
x~double = avg($PendingTasks~metric.GetSample(1)~doubleVec^getsample_count)~double^avg_list`,
  },
  {
    input: "x = lg(2); y = lg(1, 2); z = lg($CPUPercent.GetSample(1))",
    expected: `
x~double = lg(2)~double^lg_double
y~doubleVec = lg(1, 2)~doubleVec^lg_list
z~doubleVec = lg($CPUPercent~metric.GetSample(1)~doubleVec^getsample_count)~doubleVec^lg_list`,
  },
  {
    input: "x = ceil(2.5); y = round($CPUPercent.GetSample(1), 3)",
    expected: `
x~double = ceil(2.5)~double^ceil_double
y~doubleVec = round($CPUPercent~metric.GetSample(1)~doubleVec^getsample_count, 3)~doubleVec^round_list`,
  },
  {
    input: "t = time() + (-6 * TimeInterval_Hour); h = t.hour; d = time() - t",
    expected: `
t~timestamp = (time()~timestamp^time_now + ((-6)~double^neg_double * TimeInterval_Hour~timeinterval)~timeinterval^mul_double_timeinterval)~timestamp^add_timestamp_timeinterval
h~double = t~timestamp.hour~double^timestamp_hour
d~timeinterval = (time()~timestamp^time_now - t~timestamp)~timeinterval^sub_timestamp_timestamp`,
  },
  {
    input: "x = 1; x = time(); x = x.weekday",
    expected: `
x~double = 1
x~timestamp = time()~timestamp^time_now
x~double = x~timestamp.weekday~double^timestamp_weekday`,
  },
  {
    input: "$TargetDedicated = $CurrentDedicated * 1.1",
    expected: `
$TargetDedicated~double = ($CurrentDedicated~double * 1.1)~double^mul_double_double`,
  },
  {
    input: "x = $CPUPercent.GetSample(TimeInterval_Minute * 10, 80)",
    expected: `
x~doubleVec = $CPUPercent~metric.GetSample((TimeInterval_Minute~timeinterval * 10)~timeinterval^mul_timeinterval_double, 80)~doubleVec^getsample_window_percent`,
  },
  {
    input: "x = $RunningTasks.GetSample(time(\"2016-10-13T00:00:00Z\"), 6 * TimeInterval_Minute, 75)",
    expected: `
x~doubleVec = $RunningTasks~metric.GetSample(time("2016-10-13T00:00:00Z")~timestamp^time_string, (6 * TimeInterval_Minute~timeinterval)~timeinterval^mul_double_timeinterval, 75)~doubleVec^getsample_range_percent`,
  },
  {
    input: "x = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 0, TimeInterval_Minute * 10)",
    expected: `
x~double = $PendingTasks~metric.GetSamplePercent((TimeInterval_Minute~timeinterval * 0)~timeinterval^mul_timeinterval_double, (TimeInterval_Minute~timeinterval * 10)~timeinterval^mul_timeinterval_double)~double^getsamplepercent_range`,
  },
  {
    input: "x = $CPUPercent.GetSamplePeriod(); y = $CPUPercent.Count(); z = $CPUPercent.HistoryBeginTime()",
    expected: `
x~timeinterval = $CPUPercent~metric.GetSamplePeriod()~timeinterval^getsampleperiod
y~double = $CPUPercent~metric.Count()~double^count
z~timestamp = $CPUPercent~metric.HistoryBeginTime()~timestamp^historybegintime`,
  },
  {
    input: "$NodeDeallocationOption = 1 > 0 ? taskcompletion : requeue",
    expected: `
$NodeDeallocationOption~dealloc = ((1 > 0)~double^gt_double_double ? taskcompletion~dealloc : requeue~dealloc)~dealloc`,
  },
  {
    input: "z = stop(); $TargetDedicatedNodes = $CurrentDedicatedNodes > 4 ? stop() : 4",
    expected: `
z~never = stop()~never^stop
$TargetDedicatedNodes~double = (($CurrentDedicatedNodes~double > 4)~double^gt_double_double ? stop()~never^stop : 4)~double`,
  },
  {
    input: "v = $CPUPercent.GetSample(1); w = v * 2 + v; p = percentile(w, 90); e = val(w, 0)",
    expected: `
v~doubleVec = $CPUPercent~metric.GetSample(1)~doubleVec^getsample_count
w~doubleVec = ((v~doubleVec * 2)~doubleVec^mul_doublevec_double + v~doubleVec)~doubleVec^add_doublevec_doublevec
p~double = percentile(w~doubleVec, 90)~double^percentile_doublevec_double
e~double = val(w~doubleVec, 0)~double^val_doublevec_double`,
  },
  {
    input: "s = \"a\" < \"b\"; n = !(s || 0) && -s",
    expected: `
s~double = ("a" < "b")~double^lt_string_string
n~double = ((!(s~double || 0)~double^or_double_double)~double^not_double && (-s~double)~double^neg_double)~double^and_double_double`,
  },
  {
    input: "i = -TimeInterval_Minute; j = 2 * i; k = i / 2 - TimeInterval_Second; c = k <= TimeInterval_Zero",
    expected: `
i~timeinterval = (-TimeInterval_Minute~timeinterval)~timeinterval^neg_timeinterval
j~timeinterval = (2 * i~timeinterval)~timeinterval^mul_double_timeinterval
k~timeinterval = ((i~timeinterval / 2)~timeinterval^div_timeinterval_double - TimeInterval_Second~timeinterval)~timeinterval^sub_timeinterval_timeinterval
c~double = (k~timeinterval <= TimeInterval_Zero~timeinterval)~double^le_timeinterval_timeinterval`,
  },
];

describe("checker types", () => {
  it.each(ROWS)("$input", ({ input, expected }) => {
    expect(typed(input)).toBe(expected.slice(1));
  });
});

const span = { start: 0, end: 1 };

describe("checker resolutions", () => {
  it("numbers user-variable slots densely in order of first assignment, names as written", () => {
    const r = checkText("$b = 1; a = 2; $b = time(); c = a")
    expect(r.checked!.variables).toEqual([
      { name: "$b", slot: 0 },
      { name: "a", slot: 1 },
      { name: "c", slot: 2 },
    ]);
  });

  it("maps aliases to the canonical service variable and constants to milliseconds", () => {
    const text = "$TargetDedicated = $CurrentDedicated; x = TimeInterval_Minute; $NodeDeallocationOption = retaineddata";
    const { checked } = checkText(text);
    const [s1, s2, s3] = checked!.ast.statements as readonly Assignment[];
    expect(checked!.resolutions[s1!.target.id]).toMatchObject({ kind: "service", variable: { name: "$TargetDedicatedNodes" } });
    expect(checked!.resolutions[s1!.value.id]).toMatchObject({ kind: "service", variable: { name: "$CurrentDedicatedNodes" } });
    expect(checked!.resolutions[s2!.value.id]).toEqual({ kind: "constant", name: "TimeInterval_Minute", value: 60_000 });
    expect(checked!.resolutions[s3!.value.id]).toEqual({ kind: "keyword", name: "retaineddata" });
    expect(checked!.resolutions[s2!.target.id]).toEqual({ kind: "user", slot: 0 });
  });

  it("reports use before assignment with the place of the first assignment", () => {
    const [d] = checkText("x = later * 2;\nlater = 1").diagnostics;
    expect(d).toMatchObject({ code: "C302", span: { start: 4, end: 9 } });
    expect(d!.related).toEqual([{ message: "'later' is first assigned here.", span: { start: 15, end: 20 } }]);
  });

  it("warns on retired metrics only when asked (spec §5.3 [L])", () => {
    const text = "x = avg($MemoryBytes.GetSample(1))";
    expect(checkText(text).diagnostics).toEqual([]);
    expect(checkText(text, { retiredMetricWarnings: true }).diagnostics.map((d) => [d.code, d.severity])).toEqual([["C319", "warning"]]);
  });

  it("does not run the checker after syntax errors", () => {
    const r = checkText("x = foo(;\ny = $nope");
    expect(r.checked).toBeUndefined();
    expect(r.diagnostics.every((d) => d.code.startsWith("P") || d.code.startsWith("L"))).toBe(true);
  });

  it("never mutates the AST", () => {
    const { ast } = parse("x = avg($PendingTasks.GetSample(1)); $TargetDedicatedNodes = x > 1 ? x : y");
    const before = JSON.stringify(ast);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === "object") {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
    };
    deepFreeze(ast);
    check(ast!);
    expect(JSON.stringify(ast)).toBe(before);
  });

  it("checks recovered partial ASTs without throwing", () => {
    for (const text of ["x = (1 +", "x = $PendingTasks.GetSample(", "= 3; y = z +* 2", "x = time().; y = a ? : b", "a.b.c = 1"]) {
      const { ast } = parse(text);
      if (ast) expect(() => check(ast)).not.toThrow();
    }
  });

  it("survives malformed hand-built trees and extreme nesting", () => {
    const junk = { kind: "Formula", id: 0, span, comments: [], statements: [{ kind: "Assignment", id: 1, span, target: { kind: "Ident", id: 2, span, name: "" }, value: { kind: "Bogus", id: 3, span } }] } as unknown as Formula;
    // issue 9: a node of unknown kind is not the shape parse returns: C322, not silence
    expect(check(junk).diagnostics.map((d) => d.code)).toEqual(["C322"]);
    let e: Expr = { kind: "NumberLit", id: 1, span, value: 1, raw: "1" };
    for (let i = 0; i < 100_000; i++) e = { kind: "UnaryExpr", id: i + 2, span, op: "-", operand: e };
    const deep: Formula = { kind: "Formula", id: 0, span, comments: [], statements: [{ kind: "Assignment", id: 100_005, span, target: { kind: "Ident", id: 100_004, span, name: "x" }, value: e }] };
    expect(check(deep).diagnostics.map((d) => d.code)).toEqual(["P207"]);
  });
});
