// What the checker knows about a built-in name or operator before it looks at a formula: one
// precomputed record per spelling (NAMES) and memoised overload tables, so the walk in checker.ts
// does one Map lookup per name instead of a chain of table searches.

import type { Resolution } from "./check.ts";
import { FUNCTION_NAMES, functionOverloads, methodOverloads, operatorOverloads } from "./builtins.ts";
import { OverloadTable } from "./overloads.ts";
import {
  DEALLOC_OPTIONS,
  SERVICE_VARIABLES,
  TIME_INTERVALS,
  canonicalServiceVariable,
  mayMatchIgnoringCase,
  lookupConstant,
  lookupDeallocOption,
  lookupServiceVariable,
  lookupSymbolIgnoringCase,
  type ServiceVariable,
} from "./symbols.ts";
import type { Type } from "./types.ts";

/** Why a name cannot be a user variable: a service variable, a reserved word, or a case-only misspelling of one. */
export function reservedKind(name: string, info: NameInfo | undefined = NAMES.get(name)): string | undefined {
  if (info !== undefined) return info.reserved;
  return mayMatchIgnoringCase(name) && lookupSymbolIgnoringCase(name) ? "case" : undefined;
}

/**
 * Everything the checker asks about one built-in spelling, answered by one Map lookup instead of
 * a chain (service variable → constant → keyword → function): precomputed at load from the same
 * lookups, in the same order, so every answer is the chain's. Resolutions are shared read-only values.
 */
export interface NameInfo {
  /** What `reservedKind` says (never "case": every name here matches exactly). */
  readonly reserved: string;
  /** The exact row when the name is a service variable (alias rows included). */
  readonly row: ServiceVariable | undefined;
  /** The row an assignment to `row` resolves to. */
  readonly target: ServiceVariable | undefined;
  /** A read: its resolution and type; undefined for function names (C-FunctionAsValue) or a dangling alias. */
  readonly read: Resolution | undefined;
  readonly readType: Type;
  /** A read of a retired metric (C319 when enabled). */
  readonly retired: boolean;
  readonly isFunction: boolean;
}

export const NAMES: ReadonlyMap<string, NameInfo> = (() => {
  const map = new Map<string, NameInfo>();
  const names = [...SERVICE_VARIABLES, ...TIME_INTERVALS, ...DEALLOC_OPTIONS].map((x) => x.name);
  for (const name of [...names, ...FUNCTION_NAMES]) {
    if (map.has(name)) continue;
    const row = lookupServiceVariable(name);
    const canonical = canonicalServiceVariable(name);
    const constant = lookupConstant(name);
    const keyword = lookupDeallocOption(name);
    const isFunction = functionOverloads(name).length > 0;
    const reserved = row ? "service variable" : constant ? "TimeInterval_* constant" : keyword ? "deallocation option" : "function name";
    let read: Resolution | undefined;
    let readType: Type = "error";
    if (canonical) [read, readType] = [{ kind: "service", variable: canonical }, canonical.type];
    else if (constant) [read, readType] = [{ kind: "constant", name: constant.name, value: constant.ms }, "timeinterval"];
    else if (keyword) [read, readType] = [{ kind: "keyword", name: keyword.name }, "dealloc"];
    map.set(name, { reserved, row, target: row ? (canonical ?? row) : undefined, read, readType, retired: canonical?.retired === true, isFunction });
  }
  return map;
})();

/** Memoised overload tables by function name, method name and operator (known names only, so bounded). */
export const FUNCTION_TABLES = new Map<string, OverloadTable>();
export const METHOD_TABLES = new Map<string, OverloadTable>();
export const UNARY_TABLES = new Map<string, OverloadTable>();
export const BINARY_TABLES = new Map<string, OverloadTable>();

export function table(cache: Map<string, OverloadTable>, name: string): OverloadTable | undefined {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const list =
    cache === FUNCTION_TABLES ? functionOverloads(name) : cache === METHOD_TABLES ? methodOverloads(name) : operatorOverloads(name, cache === UNARY_TABLES ? 1 : 2);
  if (list.length === 0) return undefined;
  const t = new OverloadTable(list);
  cache.set(name, t);
  return t;
}
