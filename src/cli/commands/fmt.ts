// `autoscale fmt <file>`: print the canonical form; `--write` rewrites the file, `--check` exits 1
// when it is not formatted. A file with syntax errors is never formatted: errors shown, exit 1.

import type { Command } from "commander";
import { hasErrors } from "../../base/diagnostics.ts";
import { parse } from "../../syntax/parse.ts";
import { print } from "../../syntax/print.ts";
import { exitWith, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { readInputs } from "./check.ts";

/** Registers `fmt` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("fmt")
    .description("format a formula canonically (comments kept)")
    .argument("<file>", "formula file, or - for stdin")
    .option("--write", "rewrite the file in place")
    .option("--check", "exit 1 if the file is not formatted; print nothing else")
    .action(async (file: string, options: { write?: boolean; check?: boolean }) => {
      if (options.write === true && (options.check === true || file === "-")) {
        io.stderr(`autoscale fmt: --write needs a file and cannot be combined with --check\n`);
        exitWith(2);
      }
      const [input] = await readInputs([file], io, "fmt");
      if (input === undefined) exitWith(2);
      const { ast, diagnostics } = parse(input.text);
      if (ast === undefined || hasErrors(diagnostics)) {
        io.stderr(`${renderDiagnostics(diagnostics, input.text, input.file, useColor(io))}\n`);
        io.stderr(`autoscale fmt: '${input.file}' has syntax errors; not formatted\n`);
        exitWith(1);
      }
      const formatted = print(ast, input.text);
      if (options.check === true) {
        if (formatted !== input.text) {
          io.stderr(`autoscale fmt: '${input.file}' is not formatted\n`);
          exitWith(1);
        }
      } else if (options.write === true) {
        if (formatted !== input.text) io.writeFile(input.file, formatted);
      } else {
        io.stdout(formatted);
      }
    });
}
