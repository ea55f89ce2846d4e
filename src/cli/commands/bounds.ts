// `autoscale bounds <formula>`: the range of each target and user variable over every completed
// run (interval analysis, autoscale-formula/analyze), given ranges for the inputs; then the A6xx
// findings. Exit 0, 1 on formula errors, 2 on usage errors (bad --assume, unreadable files).

import type { Command } from "commander";
import { bounds, formatBounds, formatInterval, parseAssumption, type Assumptions, type Iv } from "../../entry/analyze.ts";
import { hasErrors, SourceText } from "../../index.ts";
import { exitWith, READ_LIMITS, readTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { jsonDiagnostic, readInputs, refuseDirectory } from "./check.ts";

interface BoundsFlags {
  assume: string[];
  assumeFile?: string;
  maxLowPriority?: string;
  json?: boolean;
}

/** `{ lo, hi, text }` with `null` for an unbounded side (JSON has no Infinity), plus the ±∞/NaN flags. */
function jsonInterval(i: Iv) {
  const side = (x: number) => (Number.isFinite(x) ? x : null);
  const empty = !(i.lo <= i.hi);
  return { lo: empty ? null : side(i.lo), hi: empty ? null : side(i.hi), empty, mayBeInfinite: i.inf, mayBeNaN: i.nan, text: formatInterval(i) };
}

/** Registers `bounds` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("bounds")
    .description("the range of each target and user variable over every completed run (interval analysis; '-' reads stdin)")
    .argument("<formula>", "formula file, or - for stdin")
    .option("--assume <NAME=LO..HI>", "narrow an input: $PendingTasks=0..5000, $TaskSlotsPerNode=4, $CPUPercent=..80 (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--assume-file <file>", 'JSON object of input ranges: { "$PendingTasks": [0, 5000], "$CPUPercent": { "max": 80 } } (--assume wins)')
    .option("--max-low-priority <n>", "declared maximum of low-priority nodes: warn (A603) when the target can exceed it")
    .option("--json", "print { file, targets, variables, findings } as JSON")
    .action(async (formulaPath: string, flags: BoundsFlags) => {
      refuseDirectory(io, formulaPath, "bounds", "analyses");
      const assume: Record<string, unknown> = {};
      if (flags.assumeFile !== undefined) {
        const text = readTextOrExit(io, "bounds", flags.assumeFile, READ_LIMITS.context);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          io.stderr(`autoscale bounds: '${flags.assumeFile}' is not JSON: ${e instanceof Error ? e.message : String(e)}\n`);
          exitWith(2);
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          io.stderr(`autoscale bounds: '${flags.assumeFile}' must hold a JSON object { "$PendingTasks": [0, 5000], … }\n`);
          exitWith(2);
        }
        Object.assign(assume, parsed);
      }
      for (const a of flags.assume) {
        const r = parseAssumption(a);
        if (typeof r === "string") {
          io.stderr(`autoscale bounds: --assume ${r}\n`);
          exitWith(2);
        }
        assume[r.name] = r.range;
      }
      let maxLowPriority: number | undefined;
      if (flags.maxLowPriority !== undefined) {
        maxLowPriority = Number(flags.maxLowPriority);
        if (flags.maxLowPriority.trim() === "" || !Number.isFinite(maxLowPriority) || maxLowPriority < 0) {
          io.stderr(`autoscale bounds: --max-low-priority ${JSON.stringify(flags.maxLowPriority)} is not a number ≥ 0\n`);
          exitWith(2);
        }
      }
      const [input] = await readInputs([formulaPath], io, "bounds");
      if (!input) exitWith(2);
      const result = bounds(input.text, { assume: assume as Assumptions, ...(maxLowPriority !== undefined ? { maxLowPriority } : {}) });
      const badAssumptions = result.findings.filter((d) => d.code === "A609");
      if (badAssumptions.length > 0) {
        for (const d of badAssumptions) io.stderr(`autoscale bounds: ${d.message}\n`);
        exitWith(2);
      }
      if (flags.json === true) {
        const source = new SourceText(input.text);
        const out = {
          file: input.file,
          ok: result.ok,
          targets: { $TargetDedicatedNodes: jsonInterval(result.targets.$TargetDedicatedNodes), $TargetLowPriorityNodes: jsonInterval(result.targets.$TargetLowPriorityNodes) },
          variables: result.variables.map((v) => ({ name: v.name, kind: v.kind, ...(v.kind === "other" ? {} : { interval: jsonInterval(v.interval) }), ...(v.length ? { length: jsonInterval(v.length) } : {}) })),
          findings: result.findings.map((d) => jsonDiagnostic(d, source)),
        };
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        if (result.ok) io.stdout(`${formatBounds(result).join("\n")}\n`);
        if (result.findings.length > 0) io.stdout(`${result.ok ? "\n" : ""}${renderDiagnostics(result.findings, input.text, input.file, useColor(io))}\n`);
      }
      if (hasErrors(result.findings)) exitWith(1);
    });
}
