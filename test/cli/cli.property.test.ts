// The CLI on arbitrary arguments and file contents: every run ends with exit code 0, 1 or 2 and
// a message, never an uncaught exception, a stack trace or an "internal error".

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeIo } from "./fake-io.ts";

const FORMULAS = ["$TargetDedicatedNodes = 1;", "$x = $PendingTasks.GetSample(TimeInterval_Minute * 5); $TargetDedicatedNodes = avg($x);", "a = ", "\u0000\uffff", ""];
const CONTEXTS = ['{ "now": "2024-05-01T12:00:00Z", "pool": { "targetDedicatedNodes": 1 } }', "{", "[]", '{ "now": 1e400 }', '{ "samples": { "$PendingTasks": [[1, "x"]] } }', ""];
const DATA = ["timestamp,PendingTasks\n2024-05-01T11:55:00Z,3\n2024-05-01T12:00:00Z,4\n", "submit,duration\n0,60\n30,90\n", '{"submit": 0, "duration": 60}\n{"submit": "x"}\n', "a,b\n\"unterminated\n", "\u0000,\u0001\n", ""];
const file = fc.oneof(fc.constantFrom(...FORMULAS, ...CONTEXTS, ...DATA), fc.string({ maxLength: 80, unit: "binary" }));
const NAMES = ["f.formula", "ctx.json", "data.csv", "dir/a.formula", "missing.formula", "-"];
const FLAGS = ["--json", "--csv", "--write", "--check", "--help", "--version", "-x", "--"];
const VALUED = ["--context", "--metrics", "--workload", "--now", "--interval", "--start", "--seed", "--chart", "--nodes", "--slots", "--samples-out"];
const VALUES = [...NAMES, "5m", "1h", "15m", "0", "-1", "abc", "2024-05-01T12:00:00Z", "out.svg", ""];
const argument = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...VALUED), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 8 }))).map(([o, v]) => [o, v]) },
  { weight: 1, arbitrary: fc.constantFrom(...FLAGS).map((f) => [f]) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })).map((x) => [x]) },
);

describe("the CLI never crashes", () => {
  it("arbitrary commands, options and files", async () => {
    const ran: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("check", "fmt", "eval", "simulate", "nope"),
        fc.constantFrom(...NAMES),
        fc.array(argument, { maxLength: 4 }),
        fc.tuple(file, file, file, file),
        file,
        async (command, target, args, [f, ctx, data, nested], stdin) => {
          const { io, captured } = fakeIo({ "f.formula": f, "ctx.json": ctx, "data.csv": data, "dir/a.formula": nested }, { stdin });
          const code = await runCli(io, [command, target, ...args.flat()]);
          ran[code] = (ran[code] ?? 0) + 1;
          expect([0, 1, 2]).toContain(code);
          const all = captured.out + captured.err;
          expect(all).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|Internal (?:error|simulator error)|TypeError|RangeError/);
          if (code === 2) expect(captured.err.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
    // The generator reaches the commands' work, not only argument errors.
    expect((ran[0] ?? 0) + (ran[1] ?? 0)).toBeGreaterThan(20); // typically about 70 of the 400
  });
});
