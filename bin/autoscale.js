#!/usr/bin/env node
// Launcher. In a clone, run the TypeScript sources directly (Node >= 22.18 strips types, so no
// build step can go stale); in a published package (no src/), run the compiled dist/.
import { existsSync } from "node:fs";

const src = new URL("../src/cli/bin.ts", import.meta.url);
const dist = new URL("../dist/cli/bin.js", import.meta.url);
const useSrc = existsSync(src) && process.features.typescript;
await import((useSrc ? src : dist).href);
