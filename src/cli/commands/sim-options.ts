// The dry-run options `compare` and `tune` share (a subset of simulate's): parsed once into the
// simulator's options, every bad value a one-line usage error (exit 2).

import type { Command } from "commander";
import { checkInterval, parseDuration, type CandidateOptions } from "../../entry/simulate.ts";
import { exitWith, type Io } from "../io.ts";

/** The raw option values (commander's camelCase names). */
export interface SimCliOptions {
  readonly interval?: string;
  readonly seed?: string;
  readonly nodes?: string;
  readonly lowPriority?: string;
  readonly slots?: string;
  readonly allocationDelay?: string;
  readonly preempt?: string;
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
    .option("--preempt <duration>", "mean time to preemption of a low-priority node (off by default)");
}

/** The simulator options, or exit 2 naming the bad option. */
export function simOptionsOrExit(io: Io, o: SimCliOptions, slotsPerNode: number | undefined): CandidateOptions {
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
  return {
    intervalMs: intervalMs!,
    seed: int("seed", o.seed, "1"),
    pool: {
      taskSlotsPerNode: slotsPerNode ?? int("slots", o.slots, "1", 1),
      initialDedicated: int("nodes", o.nodes, "0"),
      initialLowPriority: int("low-priority", o.lowPriority, "0"),
      allocationDelayMs: allocationDelayMs!,
      ...(preemptMs === undefined ? {} : { preemption: { meanTimeToPreemptMs: preemptMs, recoveryMs: 15 * 60_000 } }),
    },
  };
}
