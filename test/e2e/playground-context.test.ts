// Cursor-context helpers behind the playground's completion (pure functions over the project's
// lexer and checker, so they run in Node without a browser).
import { describe, expect, it } from "vitest";
import { enclosingCall, inDeallocValue, memberContext, receiverType, statementStart, variablesAbove } from "../../playground/context.ts";

const at = (marked: string): { text: string; offset: number } => ({ text: marked.replace("|", ""), offset: marked.indexOf("|") });

describe("memberContext", () => {
  it.each([
    ["$x = $PendingTasks.|", "$PendingTasks"],
    ["$x = $PendingTasks.Get|", "$PendingTasks"],
    ["$x = time().|", "time()"],
    ['$x = time("2024-01-01T00:00:00Z").ho|', 'time("2024-01-01T00:00:00Z")'],
    ["$x = $CPUPercent.HistoryBeginTime().|", "$CPUPercent.HistoryBeginTime()"],
    ["$x = (time() + TimeInterval_Hour).|", "(time() + TimeInterval_Hour)"],
    ["$a = 1;\n$b = $curTime . |", "$curTime"],
  ])("%j → receiver %j", (marked, receiver) => {
    const { text, offset } = at(marked);
    expect(memberContext(text, offset)?.receiver).toBe(receiver);
  });

  it.each(["$x = 1 + |", "$x = max(|", "$x = 5|", '$x = "a.|'])("%j is not a member access", (marked) => {
    const { text, offset } = at(marked);
    expect(memberContext(text, offset)).toBeUndefined();
  });
});

describe("receiverType uses the checker", () => {
  it.each([
    ["$x = $PendingTasks.|", "metric"],
    ["$x = time().|", "timestamp"],
    ["$t = time() + TimeInterval_Hour;\n$x = $t.|", "timestamp"],
    ["$t = 5;\n$x = $t.|", "double"],
    ["$x = $CPUPercent.HistoryBeginTime().|", "timestamp"],
  ])("%j → %s", (marked, type) => {
    const { text, offset } = at(marked);
    const m = memberContext(text, offset)!;
    expect(receiverType(text, statementStart(text, m.receiverStart), m.receiver)).toBe(type);
  });
});

describe("statement and variable context", () => {
  it("finds the current statement start, ignoring ';' in comments and strings", () => {
    const { text, offset } = at('$a = 1; // x; y\n$b = time("a;b") |');
    expect(statementStart(text, offset)).toBe(7);
  });

  it("lists user variables assigned in earlier statements only, with their types", () => {
    const { text, offset } = at("$a = 1;\nt = time();\n$b = |;\n$c = 2;");
    expect(variablesAbove(text, offset)).toEqual([
      { name: "$a", type: "double" },
      { name: "t", type: "timestamp" },
    ]);
  });

  it("recognises the value position of $NodeDeallocationOption", () => {
    expect(inDeallocValue("$NodeDeallocationOption = ", 26)).toBe(true);
    expect(inDeallocValue("$NodeDeallocationOption = task", 30)).toBe(true);
    expect(inDeallocValue("$TargetDedicatedNodes = ", 24)).toBe(false);
    expect(inDeallocValue("$NodeDeallocationOption = 1 + ", 30)).toBe(false);
  });
});

describe("enclosingCall", () => {
  it.each([
    ["$x = avg(|", { name: "avg", method: false, argIndex: 0 }],
    ["$x = percentile($v, |", { name: "percentile", method: false, argIndex: 1 }],
    ["$x = $CPUPercent.GetSample(TimeInterval_Minute * (1 + 2), |", { name: "GetSample", method: true, argIndex: 1 }],
    ["$x = max(1, min(2, 3), |", { name: "max", method: false, argIndex: 2 }],
  ])("%j", (marked, expected) => {
    const { text, offset } = at(marked);
    expect(enclosingCall(text, offset)).toEqual(expected);
  });

  it.each(["$x = (1 + |", "$x = avg(1);\n$y = |", "$x = |"])("%j is outside any call", (marked) => {
    const { text, offset } = at(marked);
    expect(enclosingCall(text, offset)).toBeUndefined();
  });
});
