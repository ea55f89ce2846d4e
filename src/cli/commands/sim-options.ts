// The dry-run options `compare` and `tune` share (a subset of simulate's): parsed once into the
// simulator's options, every bad value a one-line usage error (exit 2).

import type { Command } from "commander";
import { checkInterval, loadPreemptions, parseDuration, preemptionsOutside, resolvePreemptionEvents, type CandidateOptions, type PreemptionOption } from "../../entry/simulate.ts";
import { hasErrors } from "../../index.ts";
import { exitWith, READ_LIMITS, readTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";

/** Help text of --preemptions (simulate, compare, tune). */
export const PREEMPTIONS_HELP =
  "preemption trace instead of a rate: CSV time[,count] per line (time: seconds from the start or ISO 8601; header `epoch,count`: Unix seconds); each event preempts count (default 1) usable low-priority nodes, chosen by --seed";

/** Help text of --preempt-recovery. */
export const PREEMPT_RECOVERY_HELP = "how long a preempted node stays preempted before it is usable again (with --preempt or --preemptions)";

/** The raw option values (commander's camelCase names). */
export interface SimCliOptions {
  readonly interval?: string;
  readonly seed?: string;
  readonly nodes?: string;
  readonly lowPriority?: string;
  readonly slots?: string;
  readonly allocationDelay?: string;
  readonly preempt?: string;
  readonly preemptions?: string;
  readonly preemptRecovery?: string;
}

/** Adds the shared dry-run options to a command. */
export function addSimOptions(command: Command): Command {
  return command
    .option("--interval <duration>", "evaluation interval, 5m … 168h", "15m")
    .option("--seed <n>", "seed for preemption, CPU noise and rand() (the same for every candidate)", "1")
    .option("--nodes <n>", "dedicated nodes (and target) when autoscaling is enabled", "0")
    .option("--low-priority <n>", "low-priority nodes (and target) when autoscaling is enabled", "0")
    .option("--slots <n>", "task slots per node", "1")
    .option("--allocation-delay <duration>", "time for a new node to become usable", "5m")
    .option("--preempt <duration>", "mean time to preemption of a low-priority node (off by default)")
    .option("--preemptions <file>", PREEMPTIONS_HELP)
    .option("--preempt-recovery <duration>", PREEMPT_RECOVERY_HELP, "15m");
}

/** The simulator options, or exit 2 naming the bad option. */
export function simOptionsOrExit(io: Io, o: SimCliOptions, slotsPerNode: number | undefined, command = "compare"): CandidateOptions {
  const usage = (m: string): never => {
    io.stderr(`error: ${m}\n`);
    return exitWith(2);
  };
  const intervalMs = parseDuration(o.interval ?? "15m");
  if (intervalMs === undefined) usage(`--interval ${o.interval}: expected a duration such as 15m, 1h or PT15M`);
  const bad = checkInterval(intervalMs!);
  if (bad !== undefined) usage(`--interval ${o.interval}: ${bad.message}`);
  const int = (name: string, s: string | undefined, dflt: string, min = 0): number => {
    const v = s ?? dflt;
    const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min) usage(`--${name} ${v}: expected a whole number from ${min}`);
    return n;
  };
  const allocationDelayMs = parseDuration(o.allocationDelay ?? "5m");
  if (allocationDelayMs === undefined) usage(`--allocation-delay ${o.allocationDelay}: expected a duration such as 5m`);
  const preemptMs = o.preempt === undefined ? undefined : parseDuration(o.preempt);
  if (o.preempt !== undefined && preemptMs === undefined) usage(`--preempt ${o.preempt}: expected a duration such as 2h`);
  const preemption = preemptionOrExit(io, command, { preemptMs, path: o.preemptions, recovery: o.preemptRecovery });
  return {
    intervalMs: intervalMs!,
    seed: int("seed", o.seed, "1"),
    pool: {
      taskSlotsPerNode: slotsPerNode ?? int("slots", o.slots, "1", 1),
      initialDedicated: int("nodes", o.nodes, "0"),
      initialLowPriority: int("low-priority", o.lowPriority, "0"),
      allocationDelayMs: allocationDelayMs!,
      ...(preemption === undefined ? {} : { preemption }),
    },
  };
}

/**
 * The pool's preemption from --preempt (a rate) or --preemptions (a trace file), or exit 2: both
 * at once, an unreadable file, or a bad line (`file:line:col: error R502: line N: …`).
 */
export function preemptionOrExit(io: Io, command: string, o: { readonly preemptMs: number | undefined; readonly path: string | undefined; readonly recovery: string | undefined }): PreemptionOption | undefined {
  const { preemptMs, path } = o;
  if (preemptMs !== undefined && path !== undefined) {
    io.stderr("error: --preempt and --preemptions: give a preemption rate or a preemption trace, not both\n");
    return exitWith(2);
  }
  const recoveryMs = parseDuration(o.recovery ?? "15m");
  if (recoveryMs === undefined || recoveryMs < 0) {
    io.stderr(`error: --preempt-recovery ${o.recovery}: expected a duration such as 15m or 2h\n`);
    return exitWith(2);
  }
  if (preemptMs !== undefined) return { meanTimeToPreemptMs: preemptMs, recoveryMs };
  if (path === undefined) return undefined;
  const text = readTextOrExit(io, command, path, READ_LIMITS.preemptions);
  const loaded = loadPreemptions(text);
  if (loaded.diagnostics.length > 0) io.stderr(`${renderDiagnostics(loaded.diagnostics, text, path, useColor(io))}\n`);
  if (hasErrors(loaded.diagnostics)) return exitWith(2);
  return { ...loaded.trace, recoveryMs };
}

/**
 * A note on stderr when some events of a --preemptions trace fell outside the simulated span
 * (before the start, or after the end of every run), so they never fired.
 */
export function notePreemptionsOutside(io: Io, preemption: PreemptionOption | undefined, spans: readonly { readonly start: number; readonly end: number }[]): void {
  if (preemption?.events === undefined || spans.length === 0) return;
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const { before, after } = preemptionsOutside(resolvePreemptionEvents(preemption, start), start, end);
  const iso = (t: number) => new Date(t).toISOString();
  const parts = [...(before > 0 ? [`${before} before the start (${iso(start)})`] : []), ...(after > 0 ? [`${after} after the end (${iso(end)})`] : [])];
  if (parts.length > 0) io.stderr(`note: ${before + after} of ${preemption.events.length} preemption events never fired: ${parts.join(", ")}\n`);
}
