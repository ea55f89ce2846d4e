// Bounds façade: the range of every target and user variable over all COMPLETED runs of a formula
// (interval analysis), given ranges for its inputs, plus the findings those ranges prove.
// Never evaluates concretely; never throws: bad input comes back as diagnostics.

import { checkText, type CheckedFormula } from "../check/check.ts";
import { hasErrors, report, sortDiagnostics, type Diagnostic, type Span } from "../base/diagnostics.ts";
import { formatDouble } from "../eval/values-format.ts";
import { formatIv, hasNumber, iv, type Iv } from "./interval.ts";
import { DEFAULT_INPUTS, resolveInputs, type Assumptions, type InputRanges } from "./inputs.ts";
import { syntacticFindings } from "./lints.ts";
import type { AbsValue } from "./values.ts";
import { joinCompletions, walk, type WalkResult } from "./walk.ts";

/** Options of {@link bounds}. */
export interface BoundsOptions {
  /** ranges of metrics' samples and pool numbers (defaults: the physical ones, see docs/bounds.md) */
  readonly assume?: Assumptions;
  /** declared maximum of low-priority nodes: A603 when the target can exceed it */
  readonly maxLowPriority?: number;
}

/** The range of one user variable over the completed runs that assigned it. */
export interface VariableBounds {
  readonly name: string;
  /** `double`: `interval` is its value; `doubleVec`: `interval` holds its elements and `length` its length; `other`: not tracked */
  readonly kind: "double" | "doubleVec" | "other";
  readonly interval: Iv;
  readonly length?: Iv;
  /** its last assignment */
  readonly span: Span;
}

/** What {@link bounds} proves about a formula. */
export interface BoundsResult {
  /** false when the formula has errors (nothing analysed: the pool would keep its targets) */
  readonly ok: boolean;
  /** final targets over every completed run; the pool's initial range when never assigned */
  readonly targets: { readonly $TargetDedicatedNodes: Iv; readonly $TargetLowPriorityNodes: Iv };
  /** whether the formula assigns each target (or its alias) at all */
  readonly assigned: { readonly $TargetDedicatedNodes: boolean; readonly $TargetLowPriorityNodes: boolean };
  /** assigned user variables, in results order (ordinal by name) */
  readonly variables: readonly VariableBounds[];
  /** A6xx warnings (and the formula's own errors, or A609 for a bad assumption), sorted by position */
  readonly findings: readonly Diagnostic[];
  /** the input ranges used */
  readonly inputs: InputRanges;
  /** the abstract value of each expression node by id, for editors (undefined: never reached) */
  readonly values: readonly (AbsValue | undefined)[];
}

/** Interval analysis of a checked formula (or formula text, parsed and checked here). Never throws. */
export function bounds(formula: CheckedFormula | string, options: BoundsOptions = {}): BoundsResult {
  const opts: BoundsOptions = typeof options === "object" && options !== null ? options : {};
  const { inputs, problems } = resolveInputs(opts.assume);
  const initial = { $TargetDedicatedNodes: inputs.get("$TargetDedicatedNodes")!, $TargetLowPriorityNodes: inputs.get("$TargetLowPriorityNodes")! };
  const failed = (findings: readonly Diagnostic[]): BoundsResult => ({ ok: false, targets: initial, assigned: { $TargetDedicatedNodes: false, $TargetLowPriorityNodes: false }, variables: [], findings, inputs, values: [] });
  const assumptionErrors = problems.map((p) => report("BadAssumption", { start: 0, end: 0 }, p));
  try {
    let checked: CheckedFormula | undefined;
    let own: readonly Diagnostic[] = [];
    if (typeof formula === "string") {
      const r = checkText(formula);
      checked = r.checked;
      own = r.diagnostics.filter((d) => d.severity === "error");
    } else if (typeof formula === "object" && formula !== null && Array.isArray(formula.diagnostics) && formula.ast !== undefined) {
      checked = formula;
      own = formula.diagnostics.filter((d) => d.severity === "error");
    } else own = [report("NotText", { start: 0, end: 0 }, typeof formula)];
    if (!checked || hasErrors(own) || assumptionErrors.length > 0) return failed(sortDiagnostics([...own, ...assumptionErrors]));
    const result = walk(checked, inputs);
    return analyse(checked, result, inputs, opts);
  } catch (e) {
    return failed([report("InternalError", { start: 0, end: 0 }, "analysing bounds", e instanceof Error ? e.message : String(e))]);
  }
}

function analyse(checked: CheckedFormula, result: WalkResult, inputs: InputRanges, opts: BoundsOptions): BoundsResult {
  const joined = joinCompletions(result.completions);
  const findings: Diagnostic[] = syntacticFindings(checked);
  const show = (i: Iv) => formatIv(i, formatDouble);
  const spanOf = (name: string): Span => result.lastAssignment.get(name) ?? { start: 0, end: 0 };
  if (result.completions.length === 0) findings.push(report("NoCompletedRun", checked.ast.statements.at(-1)?.span ?? { start: 0, end: 0 }));
  const targetFindings = (full: string, alias: string, range: Iv): void => {
    const from = result.lastAssignment.has(full) ? full : result.lastAssignment.has(alias) ? alias : undefined;
    // an unassigned target is the pool's own: not the formula's doing
    if (from === undefined || !hasNumber(range)) return;
    if (range.hi === Infinity) findings.push(report("UnboundedTarget", spanOf(from), full, show(range)));
    if (range.lo > 0) findings.push(report("TargetNeverZero", spanOf(from), full, formatDouble(range.lo), show(range)));
    if (full === "$TargetLowPriorityNodes" && typeof opts.maxLowPriority === "number" && range.hi > opts.maxLowPriority) {
      findings.push(report("LowPriorityOverMax", spanOf(from), full, formatDouble(range.hi), formatDouble(opts.maxLowPriority), show(range)));
    }
  };
  targetFindings("$TargetDedicatedNodes", "$TargetDedicated", joined.dedicated);
  targetFindings("$TargetLowPriorityNodes", "$TargetLowPriority", joined.lowPriority);
  for (const d of result.decided) {
    const branch = d.dead === "consequent" ? d.node.consequent : d.node.alternate;
    findings.push(report("DeadBranch", branch.span, d.dead === "consequent" ? "false" : "true", show(d.condition)));
  }
  for (const z of result.zeroDivisors) findings.push(report("DivisorMayBeZero", z.node.span, show(z.divisor)));

  const variables: VariableBounds[] = [...joined.variables]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => {
      const span = spanOf(name);
      if (v.kind === "num") return { name, kind: "double", interval: v.iv, span };
      if (v.kind === "vec") return { name, kind: "doubleVec", interval: v.elem, length: v.len, span };
      return { name, kind: "other", interval: iv(-Infinity, Infinity, true, true), span };
    });
  const targets = { $TargetDedicatedNodes: joined.dedicated, $TargetLowPriorityNodes: joined.lowPriority };
  const has = (full: string, alias: string) => result.lastAssignment.has(full) || result.lastAssignment.has(alias);
  const assigned = { $TargetDedicatedNodes: has("$TargetDedicatedNodes", "$TargetDedicated"), $TargetLowPriorityNodes: has("$TargetLowPriorityNodes", "$TargetLowPriority") };
  return { ok: true, targets, assigned, variables, findings: sortDiagnostics(findings), inputs, values: result.values };
}

/** `[0, 20]`, `[0, +∞)`, `{2}`: an interval as the CLI prints it (numbers as the service prints doubles). */
export function formatInterval(i: Iv): string {
  return formatIv(i, formatDouble);
}

/** One line per target then per user variable: `$TargetDedicatedNodes ∈ [0, 20]`, with `: no upper bound` (or `never assigned …`) where it applies. */
export function formatBounds(r: BoundsResult): string[] {
  const lines: string[] = [];
  for (const name of ["$TargetDedicatedNodes", "$TargetLowPriorityNodes"] as const) {
    const range = r.targets[name];
    const notes = [
      ...(!hasNumber(range) ? ["no run completes"] : []),
      ...(!r.assigned[name] ? ["never assigned (the pool's own target)"] : []),
      ...(hasNumber(range) && range.hi === Infinity ? ["no upper bound"] : []),
    ];
    lines.push(`${name} ∈ ${formatInterval(range)}${notes.length > 0 ? `: ${notes.join("; ")}` : ""}`);
  }
  for (const v of r.variables) {
    if (v.kind === "double") lines.push(`${v.name} ∈ ${formatInterval(v.interval)}`);
    else if (v.kind === "doubleVec") lines.push(`${v.name}: doubleVec, elements ∈ ${formatInterval(v.interval)}, length ∈ ${formatInterval(v.length!)}`);
    else lines.push(`${v.name}: not a number (any value)`);
  }
  return lines;
}

export { DEFAULT_INPUTS, type Assumptions, type InputRanges };
export { parseAssumption, resolveInputs, type InputRange } from "./inputs.ts";
export { contains, type Iv } from "./interval.ts";
