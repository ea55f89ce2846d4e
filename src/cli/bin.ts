#!/usr/bin/env node
// The CLI entry point and the only place that calls process.exit: only after stdout and stderr
// have drained (exiting earlier cuts piped output at the pipe buffer, 64 KiB).

import { nodeIo } from "./io.ts";
import { runCli } from "./program.ts";

const io = nodeIo();
process.exit(await io.finish(await runCli(io, process.argv.slice(2))));
