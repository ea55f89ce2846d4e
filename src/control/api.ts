// The control plane's API types: the autoscaler's settings, pools as created and as read, and the
// Autoscaler interface (autoscaler.ts implements it).

import type { AutoScaleRun } from "../eval/results.ts";
import type { MetricsStore } from "../metrics/store.ts";
import type { Clock } from "./clock.ts";
import type { AllocationState, PoolDriver } from "./driver.ts";
import type { Outcome } from "./errors.ts";
import type { AutoScaleEvent, ControlStore, PoolRecord, RunRecord } from "./store.ts";

/** Settings of an autoscaler; every field but the three parts has a default. */
export interface AutoscalerOptions {
  readonly clock: Clock;
  readonly store: ControlStore;
  readonly driver: PoolDriver;
  /** samples older than this are forgotten (default 2 h) */
  readonly sampleRetentionMs?: number;
  /** a sample is visible to formulas once this old (default 60 s, spec §11.4) */
  readonly availabilityDelayMs?: number;
  /** write samples to the store (default true; the load bench turns it off to measure evaluation alone) */
  readonly persistSamples?: boolean;
  /** called after every committed periodic run */
  readonly onRun?: (run: RunRecord) => void;
  /** called when the store refuses a batch of runs (default: ignored; the runs are redone later) */
  readonly onError?: (error: unknown) => void;
}

/** A pool to create (REST Add Pool, the fields autoscale touches). */
export interface PoolSpec {
  readonly id: string;
  readonly displayName?: string;
  readonly vmSize?: string;
  readonly taskSlotsPerNode?: number;
  readonly enableAutoScale?: boolean;
  readonly autoScaleFormula?: string;
  readonly autoScaleEvaluationIntervalMs?: number;
  readonly targetDedicatedNodes?: number;
  readonly targetLowPriorityNodes?: number;
}

/** A pool as GET returns it: the stored record plus what the driver sees now. */
export interface PoolView extends PoolRecord {
  readonly currentDedicatedNodes: number;
  readonly currentLowPriorityNodes: number;
  readonly allocationState: AllocationState;
}

/** The control plane's API. Every method returns data; none throws on a refused request. */
export interface Autoscaler {
  addPool(spec: PoolSpec): Outcome<PoolView>;
  getPool(id: string): Outcome<PoolView>;
  listPools(): PoolView[];
  deletePool(id: string): Outcome<void>;
  /** Enable Auto Scale (interval in ms). Evaluates at once when the schedule (re)starts. */
  enable(id: string, settings: { readonly formula?: string; readonly intervalMs?: number }): Outcome<PoolView>;
  disable(id: string): Outcome<PoolView>;
  /** Evaluate Auto Scale: computed on the pool's current state and samples, never applied. */
  evaluate(id: string, formula: string): Outcome<AutoScaleRun>;
  resize(id: string, targets: { readonly targetDedicatedNodes?: number; readonly targetLowPriorityNodes?: number; readonly nodeDeallocationOption?: string }): Outcome<PoolView>;
  stopResize(id: string): Outcome<PoolView>;
  /** Replaces the pool's shadow formulas (each must compile). */
  setShadowFormulas(id: string, formulas: readonly string[]): Outcome<PoolView>;
  history(id: string, options?: { readonly after?: number; readonly limit?: number }): Outcome<RunRecord[]>;
  events(id: string, options?: { readonly after?: number; readonly limit?: number }): Outcome<AutoScaleEvent[]>;
  /** Adds samples pushed by a caller (times epoch ms, metric names with or without `$`). */
  recordSamples(id: string, samples: readonly { readonly metric: string; readonly t: number; readonly value: number }[]): Outcome<number>;
  /** The metric histories of a pool (read-only use). */
  metrics(id: string): MetricsStore | undefined;
  /** Evaluates every pool due by now; returns how many ran. The clock's timers call it. */
  runDue(): number;
  /** Takes the 30-s samples due by now (the clock's timers call it). */
  sampleDue(): void;
  /** Stops the timers (the store stays open: its owner closes it). */
  close(): void;
}
