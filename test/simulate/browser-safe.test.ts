// The simulator must run in the browser: no Node-only imports under src/resizer or src/simulate.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const NODE_ONLY = /from\s+"(node:[^"]+|fs|path|os|child_process|stream|cli-progress|vega|vega-lite|asciichart)"/;

describe("browser safety", () => {
  for (const dir of ["resizer", "simulate"]) {
    const base = new URL(`../../src/${dir}/`, import.meta.url);
    for (const file of readdirSync(base).filter((f) => f.endsWith(".ts"))) {
      it(`src/${dir}/${file} imports nothing Node-only`, () => {
        const text = readFileSync(new URL(file, base), "utf8");
        expect(text.match(NODE_ONLY)?.[0]).toBeUndefined();
        expect(text).not.toMatch(/\bprocess\.|\bBuffer\b|Math\.random\(/);
      });
    }
  }
});
