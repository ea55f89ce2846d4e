// Constant folding for the compiler: finds expression nodes whose value is the same in every
// evaluation (literals, TimeInterval_* constants, and pure overloads of constants such as
// `TimeInterval_Minute * 15` or `time("…")`) and computes them once. Never changes meaning: a
// subtree whose computation fails is left to fail at run time, where and if it is evaluated.

import type { Expr, NodeId } from "../../syntax/ast.ts";
import type { OverloadId } from "../../check/builtins.ts";
import type { CheckedFormula } from "../../check/check.ts";
import { flatten, IMPLS } from "../impls.ts";
import { dealloc, EvalError, Interval, Timestamp, type Value } from "../runtime.ts";
import { parseTime } from "../../base/timeparse.ts";

/** Overloads that read the clock, the PRNG or control flow: never folded. */
const IMPURE: ReadonlySet<OverloadId> = new Set<OverloadId>(["rand", "stop", "time_now"]);

/** Value of every constant expression node, by node id (the compiler folds on its way instead; kept for tests and tools). */
export function foldConstants(checked: CheckedFormula): ReadonlyMap<NodeId, Value> {
  const out = new Map<NodeId, Value>();
  const visit = (e: Expr): Value | undefined => {
    const v = constantOf(e, visit, checked);
    if (v !== undefined) out.set(e.id, v);
    return v;
  };
  for (const s of checked.ast.statements) visit(s.kind === "Assignment" ? s.value : s.expression);
  return out;
}

/**
 * Value of one expression if constant, else undefined (the same rules as {@link foldConstants}).
 * The compiler uses it for the branch a constant condition picks, so it need not compile both.
 */
export function foldExpr(e: Expr, checked: CheckedFormula): Value | undefined {
  const visit = (x: Expr): Value | undefined => constantOf(x, visit, checked);
  return visit(e);
}

function constantOf(e: Expr, visit: (e: Expr) => Value | undefined, checked: CheckedFormula): Value | undefined {
  const res = checked.resolutions[e.id];
  switch (e.kind) {
    case "NumberLit":
    case "StringLit":
      return e.value;
    case "Ident":
      if (res?.kind === "constant") return new Interval(res.value);
      if (res?.kind === "keyword") return dealloc(res.name);
      return undefined;
    case "ConditionalExpr": {
      // Children are visited (so constant parts fold) even when the whole is not constant.
      const test = visit(e.test);
      const yes = visit(e.consequent);
      const no = visit(e.alternate);
      if (typeof test !== "number") return undefined;
      return test !== 0 ? yes : no;
    }
    case "MethodCallExpr":
      e.args.forEach(visit);
      return undefined;
    case "UnaryExpr":
      return applyConstant(res, e.span, [visit(e.operand)]);
    case "BinaryExpr":
      return applyConstant(res, e.span, [visit(e.left), visit(e.right)]);
    case "MemberExpr":
      return applyConstant(res, e.span, [visit(e.object)]);
    case "CallExpr":
      return applyConstant(res, e.argsSpan, e.args.map(visit));
  }
}

/**
 * The value of a pure overload applied to constant arguments; undefined when the node is not an
 * overload, is impure, has a non-constant argument, or fails (it then fails at run time instead).
 */
export function applyConstant(res: CheckedFormula["resolutions"][number], site: Expr["span"], args: readonly (Value | undefined)[]): Value | undefined {
  if (res?.kind !== "overload" || IMPURE.has(res.id)) return undefined;
  for (let i = 0; i < args.length; i++) if (args[i] === undefined) return undefined;
  const values = args as readonly Value[];
  const impl = IMPLS[res.id];
  try {
    switch (impl.shape) {
      case "fixed":
        return impl.fn(site, values[0]!, values[1]!, values[2]!);
      case "list": {
        const xs = flatten(values);
        return impl.fn(site, xs, 0, xs.length);
      }
      case "env": {
        // time("…") is the only env overload left: parsing constant text is pure.
        const t = res.id === "time_string" ? parseTime(values[0] as string) : undefined;
        return t === undefined ? undefined : new Timestamp(t);
      }
      case "logical": {
        const [l, r] = values as readonly number[];
        return impl.op === "&&" ? (l !== 0 && r !== 0 ? 1 : 0) : l !== 0 || r !== 0 ? 1 : 0;
      }
      case "method":
        return undefined;
    }
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
}
