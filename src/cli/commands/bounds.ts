// `autoscale bounds <formula>`: the range of every target and user variable over all completed
// runs (interval analysis, src/analyze). Work in progress: registered first so program.ts changes once.

import type { Command } from "commander";
import type { Io } from "../io.ts";

/** Registers `bounds` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("bounds")
    .description("the range of each target and user variable over every completed run (interval analysis)")
    .argument("<file>", "formula file, or - for stdin")
    .action(() => {
      io.stdout("bounds: not implemented yet\n");
    });
}
