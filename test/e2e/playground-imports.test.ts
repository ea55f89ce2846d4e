// The playground may import the library only through src/index.ts (style §2.8), and the modules
// it pulls in must not import Node built-ins (they would break the browser build).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./harness.ts";

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

const playground = join(REPO, "playground");
const sources = readdirSync(playground)
  .filter((f) => f.endsWith(".ts") && f !== "vite.config.ts" && !f.endsWith(".d.ts"))
  .map((f) => join(playground, f));

describe("playground import boundary", () => {
  it.each(sources.map((f) => [relative(REPO, f), f]))("%s imports the library only via src/index.ts", (_name, file) => {
    for (const spec of importsOf(file)) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (target.startsWith(join(REPO, "src"))) expect(relative(REPO, target)).toBe("src/index.ts");
      else expect(relative(REPO, target).startsWith("playground/") || relative(REPO, target).startsWith("samples/")).toBe(true);
    }
  });

  it("reaches no node: built-in from src/index.ts", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith("node:") || ["fs", "path", "os", "child_process", "url", "stream", "zlib"].includes(spec)) {
          offenders.push(`${relative(REPO, file)} imports ${spec}`);
        } else if (spec.startsWith(".")) {
          const target = resolve(dirname(file), spec);
          if (target.endsWith(".ts")) visit(target);
        }
      }
    };
    visit(join(REPO, "src", "index.ts"));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
