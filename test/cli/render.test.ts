// Diagnostic rendering limits (issue 9): a long line is quoted as a window, a file's diagnostics
// are capped. formatDiagnostic lives in src/base; the CLI's renderDiagnostics adds the cap.

import { describe, expect, it } from "vitest";
import { formatDiagnostic, MAX_QUOTED_LINE, report } from "../../src/base/diagnostics.ts";
import { renderDiagnostics } from "../../src/cli/render.ts";

const bad = (start: number, end = start + 1) => report("BadDataFile", { start, end }, "bad");

describe("formatDiagnostic on long lines", () => {
  it("short lines are quoted whole", () => {
    expect(formatDiagnostic(bad(4, 6), "abc def ghi", { fileName: "f" })).toBe("f:1:5: error R502: bad\n    abc def ghi\n        ^^");
  });

  it("a long line is a window around the span, … at the cut ends, carets under the span", () => {
    const text = `${"a".repeat(1000)}XYZ${"b".repeat(1000)}`;
    const [head, line, carets] = formatDiagnostic(bad(1000, 1003), text, { fileName: "f" }).split("\n");
    expect(head).toBe("f:1:1001: error R502: bad");
    expect(line).toBe(`    …${"a".repeat(60)}XYZ${"b".repeat(MAX_QUOTED_LINE - 63)}…`);
    expect(carets).toBe(`    ${" ".repeat(61)}^^^`);
  });

  it("the window keeps its size at the line's ends and never splits a surrogate pair", () => {
    const text = `${"😀".repeat(200)}\nnext`;
    const start = formatDiagnostic(bad(0), text).split("\n")[1]!;
    expect(start).toBe(`    ${"😀".repeat(MAX_QUOTED_LINE / 2)}…`);
    const end = formatDiagnostic(bad(400), text).split("\n")[1]!;
    expect(end).toBe(`    …${"😀".repeat(MAX_QUOTED_LINE / 2)}`);
    expect(formatDiagnostic(bad(121), text).split("\n")[1]).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it("the size of a diagnostic does not depend on the size of the line", () => {
    const huge = "x".repeat(1_000_000);
    expect(formatDiagnostic(bad(500_000, 999_999), huge).length).toBeLessThan(400);
  });
});

describe("renderDiagnostics caps one file's diagnostics", () => {
  it("the first 20, then a count by severity", () => {
    const text = "x".repeat(100);
    const out = renderDiagnostics(Array.from({ length: 25 }, (_, i) => bad(i)), text, "f.json", false);
    expect(out.match(/error R502/g)).toHaveLength(20);
    expect(out.endsWith("\n\nf.json: … and 5 more (5 errors, 0 warnings)")).toBe(true);
    expect(renderDiagnostics([bad(0)], text, "f.json", false)).not.toContain("more");
  });
});
