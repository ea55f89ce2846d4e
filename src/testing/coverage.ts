// Coverage of a formula by its tests (OPA's `opa test --coverage`, for formulas): every statement
// executed, and both outcomes of every `?:`, `&&`, `||`, across the explanations of a file's tests.

import type { Span } from "../base/diagnostics.ts";
import { forEachChild, type Formula, type Node } from "../syntax/ast.ts";
import type { Explanation } from "../eval/explain.ts";

export interface CoverageItem {
  readonly kind: "statement" | "branch";
  readonly span: Span;
  /** what to underline: the statement, the condition of a `?:`, the operator of `&&`/`||` */
  readonly at: Span;
  /** for branches: `?:`, `&&` or `||`, and the outcome this item stands for */
  readonly op?: "?:" | "&&" | "||";
  readonly outcome?: boolean;
  readonly covered: boolean;
  /** what it means when uncovered, in plain words */
  readonly label: string;
}

export interface Coverage {
  readonly items: readonly CoverageItem[];
  readonly covered: number;
  readonly total: number;
  /** 0–100; 100 for a formula with nothing to cover */
  readonly percent: number;
}

const key = (span: Span, op: string) => `${span.start}:${span.end}:${op}`;

/** Coverage of `ast` by the explanations of the runs that exercised it. */
export function coverageOf(ast: Formula, explanations: readonly Explanation[]): Coverage {
  const ran = new Set<number>();
  const outcomes = new Map<string, Set<boolean>>();
  for (const e of explanations) {
    for (const s of e.statements) ran.add(s.index);
    // The statement where stop() or an error ended the run was executed, though it never finished.
    const endAt = e.end.span;
    if (endAt) {
      const i = ast.statements.findIndex((s) => s.span.start <= endAt.start && endAt.end <= s.span.end);
      if (i >= 0) ran.add(i);
    }
    for (const b of e.branches) {
      const k = key(b.span, b.op);
      let seen = outcomes.get(k);
      if (!seen) outcomes.set(k, (seen = new Set()));
      seen.add(b.outcome);
    }
  }
  const items: CoverageItem[] = [];
  ast.statements.forEach((s, i) => {
    items.push({ kind: "statement", span: s.span, at: s.span, covered: ran.has(i), label: "statement never executed" });
    visit(s, (node) => {
      const op = node.kind === "ConditionalExpr" ? "?:" : node.kind === "BinaryExpr" && (node.op === "&&" || node.op === "||") ? node.op : undefined;
      if (!op) return;
      const seen = outcomes.get(key(node.span, op));
      const at = node.kind === "ConditionalExpr" ? node.test.span : node.kind === "BinaryExpr" ? node.opSpan : node.span;
      for (const outcome of [true, false]) {
        items.push({ kind: "branch", span: node.span, at, op, outcome, covered: seen?.has(outcome) ?? false, label: branchLabel(op, outcome) });
      }
    });
  });
  const covered = items.filter((i) => i.covered).length;
  return { items, covered, total: items.length, percent: items.length === 0 ? 100 : (100 * covered) / items.length };
}

function branchLabel(op: "?:" | "&&" | "||", outcome: boolean): string {
  if (op === "?:") return outcome ? "condition never true: the first branch never taken" : "condition never false: the second branch never taken";
  return `'${op}' never ${outcome ? "true" : "false"}`;
}

function visit(node: Node, f: (n: Node) => void): void {
  f(node);
  forEachChild(node, (c) => visit(c, f));
}
