// Test helpers for the front end: structural AST equality (ids and spans ignored) and compact
// diagnostic summaries with 1-based line:column.

import type { Node } from "../../src/syntax/ast.ts";
import type { Diagnostic } from "../../src/base/diagnostics.ts";
import { SourceText } from "../../src/base/source.ts";

const POSITIONAL = new Set(["id", "span", "opSpan", "calleeSpan", "argsSpan", "methodSpan", "memberSpan", "comments"]);

/** A plain copy of `node` without ids, spans or comments, for `toEqual` comparisons. */
export function stripSpans(node: Node): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!POSITIONAL.has(k)) out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(node);
}

/** `P202@5:55` for each diagnostic: code and 1-based start line:column. */
export function codesAt(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const src = new SourceText(text);
  return diagnostics.map((d) => {
    const p = src.positionAt(d.span.start);
    return `${d.code}@${p.line}:${p.column}`;
  });
}
