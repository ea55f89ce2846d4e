// `autoscale-formula/tables`: the tables every tool reads: built-in functions, methods, operators
// and timestamp members, service variables, constants, types, editor tokens (the diagnostic
// catalogue is autoscale-formula/diagnostics).
export { EDITOR_TOKENS } from "../syntax/tokens.ts";
export { typeName, type Type, type ParamType } from "../check/types.ts";
export type { Resolution, UserVariable } from "../check/check.ts";
export {
  BUILTINS,
  CONDITIONAL_DOC,
  FUNCTION_NAMES,
  MEMBER_NAMES,
  METHOD_NAMES,
  OVERLOAD_IDS,
  builtinHover,
  functionOverloads,
  methodOverloads,
  operatorOverloads,
  overloadById,
  signature,
  signatures,
  timestampMember,
  type BuiltinHover,
  type BuiltinKind,
  type Example,
  type OverloadId,
  type OverloadSpec,
  type Param,
} from "../check/builtins.ts";
export {
  DEALLOC_OPTIONS,
  SERVICE_VARIABLES,
  TIME_INTERVALS,
  canonicalServiceVariable,
  lookupConstant,
  lookupServiceVariable,
  symbolHover,
  type DeallocOption,
  type SymbolHover,
  type ServiceVariable,
  type TimeIntervalConstant,
} from "../check/symbols.ts";
