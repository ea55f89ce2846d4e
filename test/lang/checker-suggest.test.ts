// "Did you mean" suggestions: edit distance with adjacent swaps, and the closeness threshold.

import { describe, expect, it } from "vitest";
import { closestName, didYouMean, editDistance } from "../../src/check/suggest.ts";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["GetSampel", "GetSample", 1],
    ["ca", "ac", 1],
    ["$PendingTask", "$PendingTasks", 1],
  ] as const)("%s → %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestName", () => {
  const names = ["$PendingTasks", "$ActiveTasks", "$RunningTasks", "avg", "max", "min"];
  it.each([
    ["$PendingTask", "$PendingTasks"],
    ["PendingTasks", "$PendingTasks"],
    ["$pendingtasks", "$PendingTasks"],
    ["avgg", "avg"],
    ["mx", "max"],
    ["$Foo", undefined],
    ["x", undefined],
    ["$RunningTask", "$RunningTasks"],
  ] as const)("%s → %s", (name, expected) => {
    expect(closestName(name, names)).toBe(expected);
  });

  it("prefers the earlier candidate on ties and formats the suffix", () => {
    expect(closestName("mbx", ["max", "mbx2"])).toBe("max");
    expect(didYouMean("avgg", names)).toBe(" Did you mean 'avg'?");
    expect(didYouMean("zzzz", names)).toBe("");
  });
});
