import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/base/diagnostics.ts";
import { lineIndex, readCsvRecords } from "../../src/metrics/csv.ts";

const read = (text: string) => {
  const diagnostics: Diagnostic[] = [];
  const records = readCsvRecords(text, lineIndex(text), diagnostics);
  return { records: records?.map((r) => [r.info.lines, ...r.record]), diagnostics };
};

describe("readCsvRecords", () => {
  it("trims cells, skips blank and comment lines (indented too), and numbers each record by its last line", () => {
    expect(read("a, b \n\n# note\n   # indented note\n  \n1,2\n\"x\ny\",3\n4,5")).toEqual({
      records: [[1, "a", "b"], [6, "1", "2"], [8, "x\ny", "3"], [9, "4", "5"]],
      diagnostics: [],
    });
  });
  it("reads CRLF files and ragged rows", () => {
    expect(read("a,b\r\n1\r\n2,3,4\r\n").records).toEqual([[1, "a", "b"], [2, "1"], [3, "2", "3", "4"]]);
  });
  it("never takes a semicolon or tab for the delimiter", () => {
    expect(read("a;b\n1;2\n").records).toEqual([[1, "a;b"], [2, "1;2"]]);
  });
  it("reports an unterminated quote once, at the line it opens, and returns nothing", () => {
    const r = read('a,b\n1,2\n3,"4\n5,6\n');
    expect(r.records).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/^CSV: /);
    expect(r.diagnostics[0]!.span.start).toBe("a,b\n1,2\n".length);
  });
});
