// `autoscale-formula/syntax`: lexing, parsing, printing, the AST and source positions.
export { SourceText, type Position } from "../base/source.ts";
export { lex, MAX_FORMULA_LENGTH, type LexResult } from "../syntax/lexer.ts";
export { parse, type ParseResult } from "../syntax/parse.ts";
export { print, printWithLayout, formatFormula, printExpr, printTree, type Layout } from "../syntax/print.ts";
export type * from "../syntax/ast.ts";
export { forEachChild } from "../syntax/ast.ts";
