// Syntactic findings of the bounds analysis (no intervals needed): window GetSample calls that no
// GetSamplePercent of the same metric guards, and $ActiveTasks read without $RunningTasks.
// Reads the checked AST and its resolutions only.

import type { CheckedFormula } from "../check/check.ts";
import { report, type Diagnostic } from "../base/diagnostics.ts";
import { forEachChild, type Expr, type Node } from "../syntax/ast.ts";

const WINDOW_FORMS = new Set(["getsample_window", "getsample_window_percent", "getsample_range", "getsample_range_percent"]);
const PERCENT_FORMS = new Set(["getsamplepercent_window", "getsamplepercent_range"]);

/** What one statement mentions: metrics whose GetSamplePercent it calls, user variables it reads. */
interface Mentions {
  readonly percents: Set<string>;
  readonly reads: Set<string>;
  readonly windows: { node: Expr; metric: string }[];
}

function metricOf(checked: CheckedFormula, receiver: Expr): string | undefined {
  const res = receiver.kind === "Ident" ? checked.resolutions[receiver.id] : undefined;
  return res?.kind === "service" ? res.variable.name : undefined;
}

function mentions(checked: CheckedFormula, root: Node): Mentions {
  const m: Mentions = { percents: new Set(), reads: new Set(), windows: [] };
  const visit = (n: Node): void => {
    if (n.kind === "MethodCallExpr") {
      const res = checked.resolutions[n.id];
      const metric = metricOf(checked, n.receiver);
      if (res?.kind === "overload" && metric !== undefined) {
        if (PERCENT_FORMS.has(res.id)) m.percents.add(metric);
        // an explicit samplePercent of 0 (or less) never fails
        const percentArg = res.id === "getsample_window_percent" ? n.args[1] : res.id === "getsample_range_percent" ? n.args[2] : undefined;
        const neverFails = percentArg?.kind === "NumberLit" && percentArg.value <= 0;
        if (WINDOW_FORMS.has(res.id) && !neverFails) m.windows.push({ node: n, metric });
      }
    } else if (n.kind === "Ident" && checked.resolutions[n.id]?.kind === "user") m.reads.add(n.name);
    forEachChild(n, visit);
  };
  visit(root);
  return m;
}

/**
 * A604: a window GetSample is guarded when its statement calls GetSamplePercent of the same
 * metric, or reads a variable whose assignment did (`$samples = $M.GetSamplePercent(…)` then
 * `$samples < 70 ? … : avg($M.GetSample(…))`), through any chain of variables.
 * A607: $ActiveTasks read, $RunningTasks (and $PendingTasks, which includes it) never.
 */
export function syntacticFindings(checked: CheckedFormula): Diagnostic[] {
  const out: Diagnostic[] = [];
  const guardedBy = new Map<string, Set<string>>();
  for (const s of checked.ast.statements) {
    const m = mentions(checked, s.kind === "Assignment" ? s.value : s.expression);
    const guards = new Set(m.percents);
    for (const r of m.reads) for (const metric of guardedBy.get(r) ?? []) guards.add(metric);
    for (const w of m.windows) if (!guards.has(w.metric)) out.push(report("UnguardedGetSample", w.node.span, w.metric));
    if (s.kind === "Assignment" && checked.resolutions[s.target.id]?.kind === "user") {
      // a re-assignment keeps the earlier guards: the analysis is per name, not per path
      const prev = guardedBy.get(s.target.name) ?? new Set<string>();
      for (const g of guards) prev.add(g);
      guardedBy.set(s.target.name, prev);
    }
  }
  let firstActive: Expr | undefined;
  let running = false;
  const visit = (n: Node): void => {
    if (n.kind === "Ident") {
      const res = checked.resolutions[n.id];
      if (res?.kind === "service") {
        if (res.variable.name === "$ActiveTasks") firstActive ??= n;
        if (res.variable.name === "$RunningTasks" || res.variable.name === "$PendingTasks") running = true;
      }
    }
    forEachChild(n, visit);
  };
  visit(checked.ast);
  if (firstActive && !running) out.push(report("ActiveWithoutRunning", firstActive.span));
  return out;
}
