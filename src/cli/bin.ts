#!/usr/bin/env node
// The CLI entry point and the only place that calls process.exit.

import { nodeIo } from "./io.ts";
import { runCli } from "./program.ts";

process.exit(await runCli(nodeIo(), process.argv.slice(2)));
