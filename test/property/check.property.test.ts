// Checker properties: (a) no input makes checkText (or check on a recovered tree) throw, and every
// diagnostic span lies inside the text; (c) generated well-typed formulas check clean.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, checkText } from "../../src/check/check.ts";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";
import { parse } from "../../src/syntax/parse.ts";
import { wellTypedFormula } from "./arbitraries-typed.ts";

/** Token soup: fragments that reach deep into the parser and checker, in any order. */
const FRAGMENTS = [
  "x", "$x", "y", " = ", ";", "\n", "(", ")", ",", ".", "?", ":", "+", "-", "*", "/", "!", "<", "<=", "==", "!=", "&&", "||",
  "1", "0.5", '"s"', "avg(", "lg(", "time(", "stop()", "max", "Avg", "$PendingTasks", "$pendingTasks", ".GetSample(",
  ".GetSamplePercent(", ".Count()", ".hour", ".Hour", "TimeInterval_Minute", "timeinterval_minute", "taskcompletion",
  "Requeue", "$TargetDedicatedNodes", "$TargetDedicated", "$NodeDeallocationOption", "$CPUPercent", "$CurrentDedicatedNodes",
  "// c\n", "/*", "\\\"", "[1]", ".5", "1e3", "é", "\t",
];
const soup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((xs) => xs.join(""));
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), soup);

describe("check properties", () => {
  it("(a) never throws and keeps spans in range", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = checkText(text);
        for (const d of r.diagnostics) {
          expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length, JSON.stringify(d)).toBe(true);
          formatDiagnostic(d, text);
        }
        // The checker must also cope with trees recovered from syntax errors (the playground checks them).
        const { ast } = parse(text);
        if (ast) {
          for (const d of check(ast, { text }).diagnostics) expect(d.span.end <= text.length).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("(c) well-typed formulas check clean", () => {
    fc.assert(
      fc.property(wellTypedFormula(), (text) => {
        const r = checkText(text);
        const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(d, text));
        expect(errors).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
