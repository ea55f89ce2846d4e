// Golden baselines for the §11.1 lexical and syntax decisions: the rendered diagnostics with carets,
// one file per case under test/golden/__baselines__/syntax/. Re-baseline with `vitest -u` and review.

import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";
import { parse } from "../../src/syntax/parse.ts";

const CASES: Record<string, string> = {
  "block-comment": "/* scale by CPU */\n$TargetDedicatedNodes = 1;",
  "leading-dot-number": "ratio = .5;",
  "trailing-dot-number": "ratio = 5.;",
  "exponent-number": "big = 1e3;",
  "hex-number": "mask = 0x1F;",
  "single-quoted-string": "t = time('2023-04-14T10:20:30Z');",
  "backslash-escape-e16": 'lifespan = time() - time(\\"Mon, 06 Oct 2014 10:20:00 GMT\\");',
  "escape-inside-string": 't = time("2014\\n");',
  "unterminated-string": 't = time("Mon, 06 Oct 2014);\n$TargetDedicatedNodes = 1;',
  "vector-literal": "v = [1, 2, 3];\n$TargetDedicatedNodes = avg(v);",
  "unexpected-character": "$TargetDedicatedNodes = 7 % 3 & 1;\n$x = 1 @;",
  "too-long": `// ${"x".repeat(8200)}\n$TargetDedicatedNodes = 1;`,
  "missing-semicolon-e3": "$TargetDedicatedNodes = min(400, $totalDedicatedNodes)\n$NodeDeallocationOption = taskcompletion;",
  "bare-expression": "$TargetDedicatedNodes = 1;\n$something_useless;",
  "invalid-target": "max(a, b) = 1;",
  "empty-statement": "$TargetDedicatedNodes = 1;;",
  "empty-formula": "// nothing but a comment\n",
  "chained-assignment": "a = b = 1;",
  "unexpected-token": "$TargetDedicatedNodes = max(1, 2;\n$x = 3 +;\n$y = );",
  "unexpected-end": "$TargetDedicatedNodes = (1 + 2",
  "too-many-statements": Array.from({ length: 101 }, (_, i) => `v${i} = ${i};`).join(" "),
  "too-deep": `$TargetDedicatedNodes = ${"(".repeat(300)}1${")".repeat(300)};\nb = 2;`,
};

describe("syntax diagnostics golden baselines", () => {
  it.each(Object.keys(CASES))("%s", async (name) => {
    const text = CASES[name]!;
    const { diagnostics } = parse(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const shown = text.length > 400 ? `${text.slice(0, 200)}…(${text.length} characters)` : text;
    const out = `${shown}\n\n${diagnostics.map((d) => formatDiagnostic(d, text, { fileName: `${name}.formula` })).join("\n\n")}\n`;
    await expect(out).toMatchFileSnapshot(`../golden/__baselines__/syntax/${name}.txt`);
  });
});
