// Specialised closures for double arithmetic (`+ - * /` on doubles): when an operand is a user
// variable slot or a constant, the closure reads it directly instead of calling a child closure.
// Each call saved matters: these run once per operator per evaluation. Semantics are plain IEEE.

import type { Frame } from "../frame.ts";
import type { Value } from "../runtime.ts";

type Thunk = (f: Frame) => Value;

/** What an operand closure is known to be at compile time ("slot": a double-only slot, read from `Frame.nums`). */
export type Leaf = { readonly kind: "const"; readonly value: number } | { readonly kind: "slot"; readonly slot: number };

/** The four arithmetic operators specialised here. */
export type ArithOp = "+" | "-" | "*" | "/";

/**
 * A closure computing `l op r` on doubles. Slot reads skip the "assigned yet?" test: the checker
 * rejects every read before assignment (C302) and statements run in order, so a slot read by an
 * error-free formula is always assigned.
 */
export function arith(op: ArithOp, l: Thunk, r: Thunk, L: Leaf | undefined, R: Leaf | undefined): Thunk {
  if (L?.kind === "slot" && R?.kind === "slot") return slotSlot(op, L.slot, R.slot);
  if (R?.kind === "slot") return thunkSlot(op, l, R.slot);
  if (L?.kind === "slot" && R?.kind === "const") return slotConst(op, L.slot, R.value);
  if (L?.kind === "slot") return slotThunk(op, L.slot, r);
  if (R?.kind === "const") return thunkConst(op, l, R.value);
  return thunkThunk(op, l, r);
}

function slotSlot(op: ArithOp, i: number, j: number): Thunk {
  switch (op) {
    case "+": return function evalAddSS(f) { return f.nums[i]! + f.nums[j]!; };
    case "-": return function evalSubSS(f) { return f.nums[i]! - f.nums[j]!; };
    case "*": return function evalMulSS(f) { return f.nums[i]! * f.nums[j]!; };
    case "/": return function evalDivSS(f) { return f.nums[i]! / f.nums[j]!; };
  }
}

function thunkSlot(op: ArithOp, l: Thunk, j: number): Thunk {
  switch (op) {
    case "+": return function evalAddTS(f) { return (l(f) as number) + f.nums[j]!; };
    case "-": return function evalSubTS(f) { return (l(f) as number) - f.nums[j]!; };
    case "*": return function evalMulTS(f) { return (l(f) as number) * f.nums[j]!; };
    case "/": return function evalDivTS(f) { return (l(f) as number) / f.nums[j]!; };
  }
}

function slotThunk(op: ArithOp, i: number, r: Thunk): Thunk {
  switch (op) {
    case "+": return function evalAddST(f) { return f.nums[i]! + (r(f) as number); };
    case "-": return function evalSubST(f) { return f.nums[i]! - (r(f) as number); };
    case "*": return function evalMulST(f) { return f.nums[i]! * (r(f) as number); };
    case "/": return function evalDivST(f) { return f.nums[i]! / (r(f) as number); };
  }
}

function slotConst(op: ArithOp, i: number, c: number): Thunk {
  switch (op) {
    case "+": return function evalAddSC(f) { return f.nums[i]! + c; };
    case "-": return function evalSubSC(f) { return f.nums[i]! - c; };
    case "*": return function evalMulSC(f) { return f.nums[i]! * c; };
    case "/": return function evalDivSC(f) { return f.nums[i]! / c; };
  }
}

function thunkConst(op: ArithOp, l: Thunk, c: number): Thunk {
  switch (op) {
    case "+": return function evalAddTC(f) { return (l(f) as number) + c; };
    case "-": return function evalSubTC(f) { return (l(f) as number) - c; };
    case "*": return function evalMulTC(f) { return (l(f) as number) * c; };
    case "/": return function evalDivTC(f) { return (l(f) as number) / c; };
  }
}

function thunkThunk(op: ArithOp, l: Thunk, r: Thunk): Thunk {
  switch (op) {
    case "+": return function evalAdd(f) { return (l(f) as number) + (r(f) as number); };
    case "-": return function evalSub(f) { return (l(f) as number) - (r(f) as number); };
    case "*": return function evalMul(f) { return (l(f) as number) * (r(f) as number); };
    case "/": return function evalDiv(f) { return (l(f) as number) / (r(f) as number); };
  }
}

/**
 * `slot = l op r` for a double-only slot: the statement computes the operator itself and stores
 * the double straight into `Frame.nums` (one closure call and one boxed intermediate less than
 * storing the result of {@link arith}'s closure). The value first: a failing operand leaves the
 * slot as it was.
 */
export function assignArith(slot: number, op: ArithOp, l: Thunk, r: Thunk): (f: Frame) => void {
  switch (op) {
    case "+": return function execAssignAdd(f) { f.nums[slot] = (l(f) as number) + (r(f) as number); f.cells[slot] = null; };
    case "-": return function execAssignSub(f) { f.nums[slot] = (l(f) as number) - (r(f) as number); f.cells[slot] = null; };
    case "*": return function execAssignMul(f) { f.nums[slot] = (l(f) as number) * (r(f) as number); f.cells[slot] = null; };
    case "/": return function execAssignDiv(f) { f.nums[slot] = (l(f) as number) / (r(f) as number); f.cells[slot] = null; };
  }
}

/** The four ordering comparisons specialised here (doubles; truth values 1 / 0). */
export type CompareOp = "<" | "<=" | ">" | ">=";

/**
 * A closure computing `l op r` on doubles, reading a double-only slot operand directly and a
 * constant right operand from the closure (`$samples < 70`, `$tasks > 0`); other shapes call
 * their operand closures.
 */
export function compare(op: CompareOp, l: Thunk, r: Thunk, L: Leaf | undefined, R: Leaf | undefined): Thunk {
  if (L?.kind === "slot" && R?.kind === "const") return compareSlotConst(op, L.slot, R.value);
  if (R?.kind === "const") return compareThunkConst(op, l, R.value);
  return compareThunkThunk(op, l, r);
}

function compareSlotConst(op: CompareOp, i: number, c: number): Thunk {
  switch (op) {
    case "<": return function evalLtSC(f) { return f.nums[i]! < c ? 1 : 0; };
    case "<=": return function evalLeSC(f) { return f.nums[i]! <= c ? 1 : 0; };
    case ">": return function evalGtSC(f) { return f.nums[i]! > c ? 1 : 0; };
    case ">=": return function evalGeSC(f) { return f.nums[i]! >= c ? 1 : 0; };
  }
}

function compareThunkConst(op: CompareOp, l: Thunk, c: number): Thunk {
  switch (op) {
    case "<": return function evalLtTC(f) { return (l(f) as number) < c ? 1 : 0; };
    case "<=": return function evalLeTC(f) { return (l(f) as number) <= c ? 1 : 0; };
    case ">": return function evalGtTC(f) { return (l(f) as number) > c ? 1 : 0; };
    case ">=": return function evalGeTC(f) { return (l(f) as number) >= c ? 1 : 0; };
  }
}

function compareThunkThunk(op: CompareOp, l: Thunk, r: Thunk): Thunk {
  switch (op) {
    case "<": return function evalLt(f) { return (l(f) as number) < (r(f) as number) ? 1 : 0; };
    case "<=": return function evalLe(f) { return (l(f) as number) <= (r(f) as number) ? 1 : 0; };
    case ">": return function evalGt(f) { return (l(f) as number) > (r(f) as number) ? 1 : 0; };
    case ">=": return function evalGe(f) { return (l(f) as number) >= (r(f) as number) ? 1 : 0; };
  }
}
