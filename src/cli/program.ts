// CLI program: a fresh commander Command per call, writing only through Io. Exit codes travel as
// CommanderError (see exitWith); runCli turns them into numbers and bin.ts exits.
//
// Adding a command: write src/cli/commands/<name>.ts exporting `register(program: Command, io: Io)`
// that calls `program.command("<name>")…` (commands made with .command() inherit exitOverride and
// the output configuration), then add ONE import line and ONE `register…(program, io)` line below.

import { Command, CommanderError } from "commander";
import { register as registerCheck } from "./commands/check.ts";
import { register as registerFmt } from "./commands/fmt.ts";
import { register as registerEval } from "./commands/eval.ts";
import { register as registerSimulate } from "./commands/simulate.ts";
import { register as registerTest } from "./commands/test.ts";
import { register as registerBounds } from "./commands/bounds.ts";
import { register as registerServe } from "./commands/serve.ts";
import { register as registerCompare } from "./commands/compare.ts";
import { register as registerTune } from "./commands/tune.ts";
import type { Io } from "./io.ts";

/** Builds the `autoscale` program (new instance per call, so tests never share state). */
export function createProgram(io: Io): Command {
  const program = new Command("autoscale")
    .description("Parse, check, format, evaluate and dry-run Azure Batch autoscale formulas offline.")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError("(run 'autoscale --help' for usage)");

  // ---- registration points: one line per command --------------------------------------------
  registerCheck(program, io);
  registerFmt(program, io);
  registerEval(program, io);
  registerSimulate(program, io);
  registerTest(program, io);
  registerBounds(program, io);
  registerServe(program, io);
  registerCompare(program, io);
  registerTune(program, io);

  return program;
}

const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

/**
 * Runs the CLI on `argv` (user arguments, without `node autoscale`) and returns the exit code:
 * 0 success, 1 problems found, 2 usage error. Never throws.
 */
export async function runCli(io: Io, argv: readonly string[]): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "autoscale.exit") return e.exitCode;
      if (CLEAN_EXITS.has(e.code)) return 0;
      // `autoscale help` is commander.help with exit code 0; `autoscale` with no command prints the
      // same help to stderr with exit code 1: a usage error here, like every other one.
      if (e.code === "commander.help" && e.exitCode === 0) return 0;
      return 2;
    }
    io.stderr(`autoscale: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}
