#!/usr/bin/env node
// Launcher. In a clone, run the TypeScript sources directly (Node >= 22.18 strips types, so no
// build step can go stale); in a published package (no src/), run the compiled dist/. Node's
// compile cache (compiled modules kept in the OS temp folder) first: start-up ~0.9 -> ~0.5 s.
import { existsSync } from "node:fs";
import module from "node:module";

// (Node 22.1+; a named import would fail to link on 22.0)
module.enableCompileCache?.();
const src = new URL("../src/cli/bin.ts", import.meta.url);
const dist = new URL("../dist/cli/bin.js", import.meta.url);
const useSrc = existsSync(src) && process.features.typescript;
await import((useSrc ? src : dist).href);
