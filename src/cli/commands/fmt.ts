// `autoscale fmt <files…|->`: print the canonical form of one formula; `--write` rewrites files in
// place, `--check` exits 1 when one is not formatted. A directory means every *.formula under it
// (as for `check`), which needs --write or --check: formatted text of several files on stdout would
// be one unusable stream. A file with syntax errors is never formatted: errors shown, exit 1.

import type { Command } from "commander";
import { hasErrors, parse } from "../../index.ts";
import { printWithLayout } from "../../entry/syntax.ts";
import { exitWith, writeTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { readInputs } from "./check.ts";

/** Registers `fmt` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("fmt")
    .description("format formulas canonically (comments kept); a directory formats every *.formula in it (with --write or --check)")
    .argument("<files...>", "formula files, directories, or - for stdin")
    .option("--write", "rewrite the files in place")
    .option("--check", "exit 1 if a file is not formatted; print nothing else")
    .action(async (files: string[], options: { write?: boolean; check?: boolean }) => {
      if (options.write === true && (options.check === true || files.includes("-"))) {
        io.stderr(`autoscale fmt: --write needs files and cannot be combined with --check\n`);
        exitWith(2);
      }
      const several = files.length > 1 || files.some((f) => f !== "-" && io.listFormulas(f) !== undefined);
      if (several && options.write !== true && options.check !== true) {
        io.stderr(`autoscale fmt: several files or a directory need --write or --check (without them fmt prints one file's formatted text)\n`);
        exitWith(2);
      }
      const color = useColor(io);
      let failed = false;
      for (const input of await readInputs(files, io, "fmt")) {
        const { ast, diagnostics } = parse(input.text);
        if (ast === undefined || hasErrors(diagnostics)) {
          io.stderr(`${renderDiagnostics(diagnostics, input.text, input.file, color)}\n`);
          io.stderr(`autoscale fmt: '${input.file}' has syntax errors; not formatted\n`);
          failed = true;
          continue;
        }
        const { text: formatted, layout } = printWithLayout(ast, input.text);
        // The canonical layout would pass the 8192-character limit: say what fmt did instead.
        if (layout === "compact") io.stderr(`autoscale fmt: '${input.file}': the canonical layout would pass 8192 characters; printed compactly (no optional spaces)\n`);
        if (layout === "source") io.stderr(`autoscale fmt: '${input.file}': even the compact layout would pass 8192 characters; left as written\n`);
        if (options.check === true) {
          if (formatted !== input.text) {
            io.stderr(`autoscale fmt: '${input.file}' is not formatted\n`);
            failed = true;
          }
        } else if (options.write === true) {
          if (formatted !== input.text) writeTextOrExit(io, "fmt", input.file, formatted);
        } else {
          io.stdout(formatted);
        }
      }
      if (failed) exitWith(1);
    });
}
