// Check façade: types and resolves a parsed formula (spec §2–§5, §11.2). Never evaluates, never
// mutates the AST, never throws on user input: every problem is a Diagnostic.

import type { Formula } from "../syntax/ast.ts";
import type { OverloadId } from "./builtins.ts";
import { runChecker } from "./checker.ts";
import { MAX_AST_DEPTH, validateAst } from "./validate-ast.ts";
import { hasErrors, report, sortDiagnostics, type Diagnostic } from "../base/diagnostics.ts";
import { parse, type ParseResult } from "../syntax/parse.ts";
import type { DeallocOption, ServiceVariable } from "./symbols.ts";
import type { Type } from "./types.ts";

/** What a node refers to; stored per node id in `CheckedFormula.resolutions`. */
export type Resolution =
  /** Ident → service variable; alias spellings are mapped to the canonical row (read `Ident.name` to see which spelling was written). */
  | { readonly kind: "service"; readonly variable: ServiceVariable }
  /** Ident → user variable slot (dense, 0-based, in order of first assignment). */
  | { readonly kind: "user"; readonly slot: number }
  /** Ident → `TimeInterval_*`; value in milliseconds. */
  | { readonly kind: "constant"; readonly name: string; readonly value: number }
  /** Ident → deallocation keyword. */
  | { readonly kind: "keyword"; readonly name: DeallocOption }
  /** CallExpr / MethodCallExpr / BinaryExpr / UnaryExpr / MemberExpr → the chosen overload. */
  | { readonly kind: "overload"; readonly id: OverloadId };

/** A user-defined variable: the name exactly as written (`$tasks`, `cappedPoolSize`) and its slot. */
export interface UserVariable {
  readonly name: string;
  readonly slot: number;
}

/** The checker's output: the unchanged AST plus side tables indexed by node id. */
export interface CheckedFormula {
  readonly ast: Formula;
  /** Static type of each expression node (assignment targets get the assigned type). */
  readonly types: readonly (Type | undefined)[];
  readonly resolutions: readonly (Resolution | undefined)[];
  /** User variables by slot. */
  readonly variables: readonly UserVariable[];
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Checker options. */
export interface CheckOptions {
  /**
   * The formula text the AST came from. Optional; when given, operator hints quote the operands
   * as written (`t + (-1 * TimeInterval_Hour)`) instead of placeholder names.
   */
  readonly text?: string;
  /** Warn (C319) on metrics that stopped receiving samples after 2024-03-31 (spec §5.3 [L]). Default false. */
  readonly retiredMetricWarnings?: boolean;
}

/** Types and resolves `ast`. Never throws, including on ASTs recovered from syntax errors. */
export function check(ast: Formula, options: CheckOptions = {}): CheckedFormula {
  // JavaScript callers can pass anything: not a formula (or not the shape parse returns) is a diagnostic, not a crash.
  const shape = validateAst(ast);
  if (shape) return { ast, types: [], resolutions: [], variables: [], diagnostics: [shape.tooDeep ? report("TooDeep", shape.span, MAX_AST_DEPTH) : report("NotFormula", shape.span, shape.message)] };
  return checkValid(ast, options);
}

/** {@link check} of an AST known to have the shape `parse` returns (it came from `parse`). */
function checkValid(ast: Formula, options: CheckOptions): CheckedFormula {
  try {
    return runChecker(ast, usableOptions(options));
  } catch (e) {
    // a backstop for bugs: the shape was valid, so this is ours, and still data rather than a throw
    return { ast, types: [], resolutions: [], variables: [], diagnostics: [report("InternalError", { start: 0, end: 0 }, "checking", e instanceof Error ? e.message : String(e))] };
  }
}

/** Options as given, minus fields of the wrong kind (JavaScript callers: `null`, `{ text: 5 }`). */
function usableOptions(options: unknown): CheckOptions {
  if (typeof options !== "object" || options === null) return {};
  const { text, retiredMetricWarnings } = options as Record<string, unknown>;
  return { ...(typeof text === "string" ? { text } : {}), ...(typeof retiredMetricWarnings === "boolean" ? { retiredMetricWarnings } : {}) };
}

/** Result of {@link checkText}: the parse, the check (if it ran) and all diagnostics, sorted. */
export interface CheckTextResult {
  readonly parse: ParseResult;
  /** Undefined when the text had syntax errors: the checker does not run on a recovered tree (style §2.5). */
  readonly checked: CheckedFormula | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and checks formula text. Syntax errors are reported alone; warnings do not stop the check. Never throws. */
export function checkText(text: string, options: Omit<CheckOptions, "text"> = {}): CheckTextResult {
  const parsed = parse(text);
  if (parsed.ast === undefined || hasErrors(parsed.diagnostics)) {
    return { parse: parsed, checked: undefined, diagnostics: parsed.diagnostics };
  }
  // The AST is parse's own, so its shape needs no validation: on the keystroke path (the editor
  // checks an 8 KB formula on every edit, budget 1 ms) the validating walk cost several times the check.
  const checked = checkValid(parsed.ast, { ...options, text });
  return { parse: parsed, checked, diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]) };
}
