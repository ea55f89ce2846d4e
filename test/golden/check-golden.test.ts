// Golden check baselines (TypeScript *.errors.txt style): for every sample and test case, the
// diagnostics as `file(line,col): severity CODE: message`, the source with `~~~` under each span,
// and the typed print. `vitest -u` re-baselines; review the diff, especially the tildes.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkText } from "../../src/check/check.ts";
import type { Diagnostic } from "../../src/base/diagnostics.ts";
import { SourceText } from "../../src/base/source.ts";
import { printTyped } from "../lang/typed-print.ts";

const root = join(import.meta.dirname, "..", "..");
const DIRS = ["samples", "test/cases/broken", "test/cases/check"];

const cases = DIRS.flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".formula"))
    .sort()
    .map((f) => ({ name: f.replace(/\.formula$/, ""), file: f, text: readFileSync(join(root, dir, f), "utf8") })),
);

/** Source lines, each followed by a `~` run under the part of every diagnostic span on that line. */
function underline(src: SourceText, diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (let line = 1; line <= src.lineStarts.length; line++) {
    const text = src.lineText(line);
    out.push(`    ${text}`);
    const lineStart = src.lineStarts[line - 1]!;
    const lineEnd = lineStart + text.length;
    for (const d of diagnostics) {
      const start = Math.max(d.span.start, lineStart);
      const end = Math.min(d.span.end, lineEnd);
      const touches = d.span.start <= lineEnd && d.span.end >= lineStart && (start < end || (d.span.start === d.span.end && d.span.start >= lineStart));
      if (!touches) continue;
      const pad = text.slice(0, start - lineStart).replace(/[^\t]/g, " ");
      out.push(`    ${pad}${"~".repeat(Math.max(1, end - start))}`);
    }
  }
  return out.join("\n");
}

function baseline(file: string, text: string): string {
  const r = checkText(text);
  const src = new SourceText(text);
  const header = r.diagnostics.map((d) => {
    const p = src.positionAt(d.span.start);
    return `${file}(${p.line},${p.column}): ${d.severity} ${d.code}: ${d.message}`;
  });
  const parts = [
    header.length > 0 ? header.join("\n") : "(no diagnostics)",
    `==== ${file} ====`,
    underline(src, r.diagnostics),
  ];
  if (r.checked) parts.push("==== types ====", printTyped(r.checked));
  return `${parts.join("\n\n")}\n`;
}

describe("check golden baselines", () => {
  it.each(cases)("$file", async ({ name, file, text }) => {
    await expect(baseline(file, text)).toMatchFileSnapshot(join("__baselines__", "check", `${name}.txt`));
  });
});
