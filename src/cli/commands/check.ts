// `autoscale check <files…|->`: parse + check formulas, print diagnostics; exit 0 clean (warnings
// allowed), 1 if any error, 2 for usage errors (unreadable file).

import type { Command } from "commander";
import { checkText, hasErrors, SourceText, type Diagnostic } from "../../index.ts";
import { bounds, parseAssumption, type InputRange } from "../../entry/analyze.ts";
import { exitWith, formatSize, ioReason, READ_LIMITS, readTextOrExit, stripBom, type Io } from "../io.ts";
import { renderDiagnostics, summarize, useColor } from "../render.ts";

/** One formula to work on: a display name and its text. */
export interface Input {
  readonly file: string;
  readonly text: string;
}

/**
 * Reads the arguments: `-` is stdin, a directory means every `*.formula` under it. An unreadable
 * path is a usage error (exit 2) with a one-line message, never a stack trace.
 */
export async function readInputs(paths: readonly string[], io: Io, command: string): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const path of paths) {
    if (path === "-") {
      inputs.push({ file: "<stdin>", text: await readStdinOrExit(io, command) });
      continue;
    }
    const listed = io.listFormulas(path);
    for (const file of listed ?? [path]) inputs.push({ file, text: readTextOrExit(io, command, file, READ_LIMITS.formula) });
    if (listed !== undefined && listed.length === 0) io.stderr(`autoscale ${command}: no .formula files in '${path}'\n`);
  }
  return inputs;
}

/** Standard input as a formula (BOM dropped), at most READ_LIMITS.formula; exit 2 beyond or when unreadable. */
async function readStdinOrExit(io: Io, command: string): Promise<string> {
  try {
    return stripBom(await io.readStdin(READ_LIMITS.formula.bytes));
  } catch (e) {
    const limit = READ_LIMITS.formula;
    const tooBig = (e as NodeJS.ErrnoException).code === "EFBIG";
    io.stderr(`autoscale ${command}: ${tooBig ? `standard input is larger than ${formatSize(limit.bytes)}, the limit for ${limit.what}` : `cannot read standard input: ${ioReason(e)}`}\n`);
    return exitWith(2);
  }
}

/** A command that works on one formula file refuses a directory: a one-line usage error, exit 2. */
export function refuseDirectory(io: Io, path: string, command: string, works: string): void {
  if (path !== "-" && io.listFormulas(path) !== undefined) {
    io.stderr(`autoscale ${command}: '${path}' is a directory; ${command} ${works} one formula file\n`);
    exitWith(2);
  }
}

/** The `--json` shape of one diagnostic: 1-based lines and columns, end exclusive. */
export function jsonDiagnostic(d: Diagnostic, source: SourceText) {
  const start = source.positionAt(d.span.start);
  const end = source.positionAt(d.span.end);
  return { code: d.code, severity: d.severity, message: d.message, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Registers `check` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("check")
    .description("check formulas for syntax and type errors ('-' reads stdin; a directory checks every *.formula in it)")
    .argument("<files...>", "formula files, directories, or - for stdin")
    .option("--json", "print diagnostics as JSON: [{ file, diagnostics: [{ code, severity, message, line, column, endLine, endColumn }] }]")
    .option("--bounds", "also report the bounds analysis's warnings (A6xx: unbounded targets, pools that never empty, unguarded GetSample, dead branches, divisors that may be 0 …)")
    .option("--assume <NAME=LO..HI>", "with --bounds: narrow an input, e.g. $PendingTasks=0..5000 (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--max-low-priority <n>", "with --bounds: warn (A603) when the low-priority target can exceed n")
    .action(async (files: string[], options: { json?: boolean; bounds?: boolean; assume: string[]; maxLowPriority?: string }) => {
      const analysis = boundsOptions(options, io);
      const inputs = await readInputs(files, io, "check");
      const results = inputs.map((input) => {
        const diagnostics = checkText(input.text).diagnostics;
        if (!analysis || hasErrors(diagnostics)) return { ...input, diagnostics };
        const extra = bounds(input.text, analysis).findings;
        return { ...input, diagnostics: [...diagnostics, ...extra].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end) };
      });
      if (options.json === true) {
        const out = results.map((r) => {
          const source = new SourceText(r.text);
          return { file: r.file, diagnostics: r.diagnostics.map((d) => jsonDiagnostic(d, source)) };
        });
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        const color = useColor(io);
        for (const r of results) if (r.diagnostics.length > 0) io.stdout(`${renderDiagnostics(r.diagnostics, r.text, r.file, color)}\n\n`);
        const all = results.flatMap((r) => r.diagnostics);
        const files = `${results.length} file${results.length === 1 ? "" : "s"}`;
        io.stdout(all.length === 0 ? `checked ${files}: no problems\n` : `checked ${files}: ${summarize(all)}\n`);
      }
      if (results.some((r) => hasErrors(r.diagnostics))) exitWith(1);
    });
}

/** The bounds options of `check --bounds` (undefined without it); a bad --assume or --max-low-priority is exit 2. */
function boundsOptions(options: { bounds?: boolean; assume: string[]; maxLowPriority?: string }, io: Io): { assume: Record<string, InputRange>; maxLowPriority?: number } | undefined {
  if (options.bounds !== true) {
    if (options.assume.length > 0 || options.maxLowPriority !== undefined) {
      io.stderr("autoscale check: --assume and --max-low-priority need --bounds\n");
      exitWith(2);
    }
    return undefined;
  }
  const assume: Record<string, InputRange> = {};
  for (const a of options.assume) {
    const r = parseAssumption(a);
    if (typeof r === "string") {
      io.stderr(`autoscale check: --assume ${r}\n`);
      return exitWith(2);
    }
    assume[r.name] = r.range;
  }
  const problem = bounds("x = 1", { assume }).findings.find((d) => d.code === "A609");
  if (problem) {
    io.stderr(`autoscale check: ${problem.message}\n`);
    exitWith(2);
  }
  if (options.maxLowPriority === undefined) return { assume };
  const max = Number(options.maxLowPriority);
  if (options.maxLowPriority.trim() === "" || !Number.isFinite(max) || max < 0) {
    io.stderr(`autoscale check: --max-low-priority ${JSON.stringify(options.maxLowPriority)} is not a number ≥ 0\n`);
    exitWith(2);
  }
  return { assume, maxLowPriority: max };
}
