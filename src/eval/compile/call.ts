// Closures for operator and fixed-arity calls and plain service-variable reads: the pieces of the
// compiler (compile.ts) that need no compiler state. Named closures, no runtime dispatch.

import type { OverloadId } from "../../check/builtins.ts";
import type { Span } from "../../base/diagnostics.ts";
import type { CompareOp } from "./arith.ts";
import { implOf } from "../impls.ts";
import { type Frame, TARGET_INDEX } from "../frame.ts";
import type { Value } from "../runtime.ts";

type Thunk = (f: Frame) => Value;

/** Ordering comparisons handled by compile/arith.ts. */
export const COMPARE: Partial<Record<OverloadId, CompareOp>> = {
  lt_double_double: "<",
  le_double_double: "<=",
  gt_double_double: ">",
  ge_double_double: ">=",
};

/** Overloads handled by compile/arith.ts. */
export const ARITH: Partial<Record<OverloadId, "+" | "-" | "*" | "/">> = {
  add_double_double: "+",
  sub_double_double: "-",
  mul_double_double: "*",
  div_double_double: "/",
};

/** A binary operator over compiled operands; the common double overloads get closures of their own. */
export function binaryCall(id: OverloadId, l: Thunk, r: Thunk, span: Span): Thunk {
  // The common double overloads get their own closures: no call through the impl table.
  // (Ordering comparisons are in compile/arith.ts.)
  switch (id) {
    case "eq_double_double":
      return function evalEq(f) { return (l(f) as number) === (r(f) as number) ? 1 : 0; };
    case "ne_double_double":
      return function evalNe(f) { return (l(f) as number) !== (r(f) as number) ? 1 : 0; };
    case "and_double_double":
      // Nonzero (NaN included) is true, as in .NET; the right side runs only when needed.
      return function evalAnd(f) { return (l(f) as number) !== 0 && (r(f) as number) !== 0 ? 1 : 0; };
    case "or_double_double":
      return function evalOr(f) { return (l(f) as number) !== 0 || (r(f) as number) !== 0 ? 1 : 0; };
    default:
      return fixedCall(id, span, [l, r]);
  }
}

/** Reading a service variable that is a plain value: a target spelling, or the deallocation option. */
export function serviceRead(written: string, canonical: string): Thunk {
  const target = TARGET_INDEX[written];
  if (target !== undefined) {
    return function evalTarget(f) {
      return f.targets[target]!;
    };
  }
  switch (canonical) {
    case "$NodeDeallocationOption":
      return function evalDeallocOption(f) { return f.deallocOption; };
    default:
      throw new Error(`compile: ${written} is not readable as a value`);
  }
}

/** A fixed-arity overload called with already compiled argument thunks. */
export function fixedCall(id: OverloadId, site: Span, args: readonly Thunk[]): Thunk {
  const impl = implOf(id);
  if (impl.shape !== "fixed") throw new Error(`compile: ${id} is not a fixed implementation`);
  const fn = impl.fn;
  const [a, b, c] = args;
  switch (args.length) {
    case 0:
      return function evalCall0() { return fn(site, 0, 0, 0); };
    case 1:
      return function evalCall1(f) { return fn(site, a!(f), 0, 0); };
    case 2:
      return function evalCall2(f) { return fn(site, a!(f), b!(f), 0); };
    default:
      return function evalCall3(f) { return fn(site, a!(f), b!(f), c!(f)); };
  }
}
