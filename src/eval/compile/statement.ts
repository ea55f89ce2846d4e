// Statement closures of the compiler: one per assignment form, the bare-expression forms, and the two rewrites of a formula's
// constant assignments (hoisting the opening run into the frame, merging later runs into one
// closure). compile.ts decides which form a statement takes; expressions are its business.

import { assignArith, type ArithOp } from "./arith.ts";
import type { Span } from "../../base/diagnostics.ts";
import type { CheckedFormula, UserVariable } from "../../check/check.ts";
import type { Frame } from "../frame.ts";
import type { Dealloc, Value } from "../runtime.ts";

type Thunk = (f: Frame) => Value;
/** One compiled statement. */
export type Exec = (f: Frame) => void;

/** A compiled statement; `constSlot` ≥ 0 when it is `doubleSlot = <constant double>` (value in `constValue`). */
export interface Statement {
  readonly exec: Exec;
  /** the user-variable slot it assigns; -1 for a service variable */
  readonly slot: number;
  readonly constSlot: number;
  readonly constValue: number;
}

/** A statement that is not a constant assignment. */
function plain(slot: number, exec: Exec): Statement {
  return { exec, slot, constSlot: -1, constValue: 0 };
}

/** `doubleSlot = <constant>` (a candidate for hoisting and merging). */
export function assignConstant(slot: number, v: number): Statement {
  const exec = function execAssignConst(f: Frame): void {
    f.nums[slot] = v;
    f.cells[slot] = null;
  };
  return { exec, slot, constSlot: slot, constValue: v };
}

/** `doubleSlot = l op r`: the double stored unboxed (compile/arith.ts assignArith). */
export function assignArithmetic(slot: number, op: ArithOp, l: Thunk, r: Thunk): Statement {
  return plain(slot, assignArith(slot, op, l, r));
}

/** `doubleSlot = otherDoubleSlot` (a user variable or a pool scalar, frame.ts POOL_SCALARS): no closure call. */
export function assignCopy(slot: number, from: number): Statement {
  return plain(slot, function execAssignCopy(f) {
    f.nums[slot] = f.nums[from]!;
    f.cells[slot] = null;
  });
}

/** `doubleSlot = <double expression>`. */
export function assignDouble(slot: number, value: Thunk): Statement {
  return plain(slot, function execAssignNum(f) {
    // The value first: a failing expression leaves the slot as it was.
    f.nums[slot] = value(f) as number;
    f.cells[slot] = null;
  });
}

/** A user variable that holds other types (or several). */
export function assignValue(slot: number, value: Thunk): Statement {
  return plain(slot, function execAssignUser(f) {
    f.cells[slot] = value(f);
  });
}

/** `$NodeDeallocationOption = …`. */
export function assignDeallocation(value: Thunk): Statement {
  return plain(-1, function execAssignDealloc(f) {
    f.deallocOption = value(f) as Dealloc;
  });
}

/** A target spelling (frame.ts TARGET_INDEX); its span is kept for alias folding in the results. */
export function assignTarget(index: number, span: Span, value: Thunk): Statement {
  return plain(-1, function execAssignTarget(f) {
    f.targets[index] = value(f) as number;
    f.targetSpans[index] = span;
  });
}

/** A bare expression (spec §11.1): evaluated, its value discarded; it assigns nothing. */
export function discardValue(value: Thunk): Statement {
  return plain(-1, function execDiscard(f) {
    value(f);
  });
}

/** A bare constant expression: nothing to do at run time. */
export function discardConstant(): Statement {
  return plain(-1, function execNothing() {});
}

/**
 * The formula's opening run of `doubleSlot = <constant>` statements (`$maxNodes = 20; $floor = 2; …`),
 * when no later statement assigns those slots: nothing can fail or stop before them, and nothing
 * changes them after, so every run would store the same values first. A frame holds them from its
 * creation instead (CompiledFormula.hoisted); results are unchanged (the differential tests
 * compare with the interpreter, which runs every statement).
 */
export function hoistLeadingConstants(statements: readonly Statement[]): { slot: number; value: number }[] {
  let n = 0;
  while (n < statements.length && statements[n]!.constSlot >= 0) n++;
  const later = new Set<number>();
  for (let i = n; i < statements.length; i++) later.add(statements[i]!.slot);
  if (statements.slice(0, n).some((st) => later.has(st.constSlot))) return [];
  return statements.slice(0, n).map((st) => ({ slot: st.constSlot, value: st.constValue }));
}

/**
 * Consecutive `x = <constant>` statements (formulas often open with several) become one
 * closure: they cannot fail or stop, so running them together changes nothing observable.
 */
export function mergeConstantRuns(statements: readonly Statement[]): Exec[] {
  const out: Exec[] = [];
  for (let i = 0; i < statements.length; ) {
    let n = 0;
    while (i + n < statements.length && statements[i + n]!.constSlot >= 0) n++;
    if (n < 2) {
      out.push(statements[i]!.exec);
      i++;
      continue;
    }
    const run = statements.slice(i, i + n);
    const slots = run.map((r) => r.constSlot);
    const values = run.map((r) => r.constValue);
    out.push(function execAssignConsts(f) {
      const nums = f.nums;
      const cells = f.cells;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k]!;
        nums[slot] = values[k]!;
        cells[slot] = null;
      }
    });
    i += n;
  }
  return out;
}

/** A compiled formula: one closure per statement plus what a frame needs. */
export interface CompiledFormula {
  readonly checked: CheckedFormula;
  readonly statements: readonly Exec[];
  readonly slotCount: number;
  /** canonical names of the metrics read, by metric index */
  readonly metrics: readonly string[];
  /** user variables in results order (ordinal by name), sorted once here */
  readonly sortedVariables: readonly UserVariable[];
  /**
   * Leading `doubleSlot = <constant>` statements taken out of `statements` (hoistLeadingConstants):
   * every run starts with these slots assigned these values, so a frame gets them once, when it
   * is created, and its per-run reset leaves them alone (compile/statement.ts).
   */
  readonly hoisted: readonly { readonly slot: number; readonly value: number }[];
  /** whether the program reads a pool scalar: only then does a run start by copying them into the frame */
  readonly readsPoolScalars: boolean;
}
