// Frame: the mutable state of one run of a compiled formula (user-variable slots, targets,
// pool scalars, metric series) and the statement loop. Reused across runs by hot loops.

import type { Exec } from "./compile/compile.ts";
import type { Span } from "../base/diagnostics.ts";
import type { EvalEnv } from "./impls.ts";
import { Dealloc, dealloc, EvalError, STOP, type Value } from "./runtime.ts";
import type { TimeSeries } from "../metrics/series.ts";

/** Index of each writable target spelling in `Frame.targets` (aliases are separate until results). */
export const TARGET_INDEX: Readonly<Record<string, number>> = {
  $TargetDedicatedNodes: 0,
  $TargetDedicated: 1,
  $TargetLowPriorityNodes: 2,
  $TargetLowPriority: 3,
};

/**
 * The pool's read-only scalar service variables, stored in `Frame.nums` after the user-variable
 * slots, in this order (slot = slot count + index). The targets are not among them: formulas
 * assign those, and they keep their spelling (TARGET_INDEX) until the results fold aliases.
 */
export const POOL_SCALARS = ["$CurrentDedicatedNodes", "$CurrentLowPriorityNodes", "$TaskSlotsPerNode"] as const;

/** Mutable evaluation state of one run of a compiled program; reusable across runs. */
export class Frame {
  /**
   * User variables by slot: the value; null when the value is in `nums`; undefined = not
   * assigned yet. Slots that only ever hold doubles (the compiler decides) live in `nums`: a
   * computed double stored in a generic array is boxed (one heap allocation per assignment per
   * run) and unboxed again on every read. null marks them because storing null needs no GC
   * write barrier and null is not a language value.
   */
  readonly cells: (Value | null | undefined)[];
  /** what `cells` holds at the start of each run: undefined, or null for a hoisted constant (compile/statement.ts) */
  readonly initialCells: (null | undefined)[];
  /** values of the double-only slots, by slot (meaningful where `cells` holds null) */
  readonly nums: Float64Array;
  /** the four target spellings (see TARGET_INDEX), starting at the pool's targets */
  readonly targets = [0, 0, 0, 0];
  /** span of the last assignment to each target spelling; undefined = never assigned */
  readonly targetSpans: (Span | undefined)[] = [undefined, undefined, undefined, undefined];
  deallocOption: Dealloc = dealloc("requeue");
  /** set when stop() ended the run */
  stopped = false;
  /** series of each metric the program reads, by the program's metric index */
  readonly series: TimeSeries[];
  env: EvalEnv;
  /** copy the pool's scalars into `nums` at each reset (the program reads some) */
  readsPoolScalars = false;

  constructor(slotCount: number, metricCount: number, env: EvalEnv) {
    this.cells = new Array<Value | null | undefined>(slotCount).fill(undefined);
    this.initialCells = new Array<null | undefined>(slotCount).fill(undefined);
    // After the user slots, the pool's read-only scalars (POOL_SCALARS): the compiler reads them
    // as double slots, so `$TaskSlotsPerNode - 1` gets the same specialised closures as `x - 1`.
    this.nums = new Float64Array(slotCount + POOL_SCALARS.length);
    this.series = new Array<TimeSeries>(metricCount);
    this.env = env;
  }

  /** User variables by slot (undefined = not assigned yet): a fresh array, for inspection. */
  get slots(): (Value | undefined)[] {
    return this.cells.map((_v, i) => this.slot(i));
  }

  /** The value of one user-variable slot; undefined when not assigned yet. */
  slot(i: number): Value | undefined {
    const v = this.cells[i];
    return v === null ? this.nums[i]! : v;
  }
}

/** How a run ended: an evaluation error, or undefined after stop() / normal completion. */
export type RunEnd = EvalError | undefined;

/**
 * Runs the statements in order. Returns the evaluation error that ended the run, or undefined
 * when every statement completed or stop() was called. Raw JS exceptions propagate (bugs).
 */
export function runCompiled(program: { readonly statements: readonly Exec[] }, frame: Frame): RunEnd {
  const statements = program.statements;
  try {
    for (let i = 0; i < statements.length; i++) statements[i]!(frame);
  } catch (e) {
    if (e === STOP) {
      frame.stopped = true;
      return undefined;
    }
    if (e instanceof EvalError) return e;
    throw e;
  }
  return undefined;
}
