// Test helper: prints a checked formula with each expression adorned by its static type and,
// for calls and operators, its overload id (cel-go checker_test style): `avg(…)~double^avg_list`.

import type { Expr, Formula } from "../../src/syntax/ast.ts";
import type { CheckedFormula } from "../../src/check/check.ts";

/** One line per statement: `target~type = value`. */
export function printTyped(checked: CheckedFormula): string {
  const f: Formula = checked.ast;
  const adorn = (e: { id: number }, s: string): string => {
    const t = checked.types[e.id] ?? "?";
    const r = checked.resolutions[e.id];
    return `${s}~${t}${r?.kind === "overload" ? `^${r.id}` : ""}`;
  };
  const expr = (e: Expr): string => {
    switch (e.kind) {
      case "NumberLit":
        return e.raw;
      case "StringLit":
        return JSON.stringify(e.value);
      case "Ident":
        return adorn(e, e.name);
      case "UnaryExpr":
        return adorn(e, `(${e.op}${expr(e.operand)})`);
      case "BinaryExpr":
        return adorn(e, `(${expr(e.left)} ${e.op} ${expr(e.right)})`);
      case "ConditionalExpr":
        return adorn(e, `(${expr(e.test)} ? ${expr(e.consequent)} : ${expr(e.alternate)})`);
      case "CallExpr":
        return adorn(e, `${e.callee}(${e.args.map(expr).join(", ")})`);
      case "MethodCallExpr":
        return adorn(e, `${expr(e.receiver)}.${e.method}(${e.args.map(expr).join(", ")})`);
      case "MemberExpr":
        return adorn(e, `${expr(e.object)}.${e.member}`);
    }
  };
  return f.statements.map((s) => (s.kind === "Assignment" ? `${adorn(s.target, s.target.name)} = ${expr(s.value)}` : expr(s.expression))).join("\n");
}
