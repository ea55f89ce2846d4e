// Parser: a pure Chevrotain CstParser (grammar only, no actions). It accepts a slight superset of
// grammar/autoscale.ebnf so that parse.ts / cst-to-ast.ts can reject common mistakes with their
// own messages (bare expressions, `=` inside expressions, stray tokens, missing `;`).

import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import {
  ALL_TOKENS,
  AdditiveOp,
  AndAnd,
  Assign,
  BinaryOperator,
  Colon,
  Comma,
  Dot,
  EqualityOp,
  LParen,
  MultiplicativeOp,
  Name,
  NumberLiteral,
  OrOr,
  Question,
  RParen,
  RelationalOp,
  Semicolon,
  StringLiteral,
  UnaryOp,
} from "./tokens.ts";

/** `'x'`, `a number`, `end of formula`: how messages name a token type. */
export function describeTokenType(t: TokenType): string {
  if (t === EOF) return "end of formula";
  return t.LABEL ?? t.name;
}

function describeAlternatives(paths: readonly (readonly TokenType[])[], custom: string | undefined): string {
  if (custom !== undefined) return custom;
  const names = [...new Set(paths.map((p) => (p[0] === undefined ? "end of formula" : describeTokenType(p[0]))))];
  if (names.length <= 1) return names[0] ?? "something else";
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * Chevrotain's messages become the "expected …" part of P201/P208; parse.ts adds what was found
 * and picks the code (P208 when the parser hit the end of the formula).
 */
const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => describeTokenType(expected),
  buildNotAllInputParsedMessage: () => "';' or end of formula",
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) =>
    describeAlternatives(expectedPathsPerAlt.flat(), customUserDescription),
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) =>
    describeAlternatives(expectedIterationPaths, customUserDescription),
};

const EXPRESSION = "an expression";

/** The grammar. Each rule names its production in grammar/autoscale.ebnf. */
export class FormulaParser extends CstParser {
  constructor(recoveryEnabled = true) {
    super(ALL_TOKENS as TokenType[], { recoveryEnabled, errorMessageProvider, nodeLocationTracking: "none" });
    this.performSelfAnalysis();
  }

  // formula (§3.3). Deviation: `;` and statements in any order, plus stray tokens, so that missing
  // or extra `;` (P202/P205) and junk (P201) are reported by parse.ts and parsing never stops early.
  formula = this.RULE("formula", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.SUBRULE(this.statement) },
        { ALT: () => this.SUBRULE(this.stray) },
      ]);
    });
  });

  // Deviation (no production): a token that cannot start a statement.
  stray = this.RULE("stray", () => {
    this.OR([
      { ALT: () => this.CONSUME(RParen) },
      { ALT: () => this.CONSUME(Comma) },
      { ALT: () => this.CONSUME(Colon) },
      { ALT: () => this.CONSUME(Question) },
      { ALT: () => this.CONSUME(Dot) },
      { ALT: () => this.CONSUME(Assign) },
      { ALT: () => this.CONSUME(BinaryOperator) },
    ]);
  });

  // statement (§3.3). Deviation: any expression; cst-to-ast keeps only `name = expr` (P203/P204).
  statement = this.RULE("statement", () => {
    this.SUBRULE(this.expression);
  });

  // expr (§3.2 levels 3–9): an operator chain, then `? expr : expr` (right-associative through
  // the recursion). Deviations: (1) the chain `operand { operator operand }` is flat and
  // cst-to-ast applies the precedence table (PRECEDENCE in cst-to-ast.ts): one rule per level
  // cost 13 parser frames per parenthesis and overflowed the stack at 160 nested parentheses,
  // below the 256 levels of §11.1, and was twice as slow; (2) a trailing `= expression`, so that
  // P210 can say "assignment is not an expression" and statement targets get P204.
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(BinaryOperator);
      this.SUBRULE2(this.operand);
    });
    this.OPTION(() => {
      this.CONSUME(Question);
      this.SUBRULE(this.expression, { LABEL: "consequent" });
      this.CONSUME(Colon);
      this.SUBRULE2(this.expression, { LABEL: "alternate" });
    });
    this.OPTION2(() => {
      this.CONSUME(Assign);
      this.SUBRULE3(this.expression, { LABEL: "value" });
    });
  });

  // unary + postfix + primary (§3.2 levels 1–2, §3.3 primary):
  //   { "-" | "!" } ( number | string | name [ arguments ] | "(" expr ")" ) { "." name [ arguments ] }
  // Deviations: prefix operators are a loop, not recursion, so `- - - … x` cannot deepen the stack;
  // primary is inlined (one parser frame less per parenthesis); any name may be called (the
  // checker knows the functions).
  operand = this.RULE("operand", () => {
    this.MANY(() => this.CONSUME(UnaryOp));
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(NumberLiteral) },
        { ALT: () => this.CONSUME(StringLiteral) },
        {
          ALT: () => {
            this.CONSUME(Name);
            this.OPTION(() => this.SUBRULE(this.callArguments));
          },
        },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(RParen);
          },
        },
      ],
      ERR_MSG: EXPRESSION,
    });
    this.MANY2(() => this.SUBRULE(this.postfixSuffix));
  });

  // postfix's `"." ( method_call | field )`
  postfixSuffix = this.RULE("postfixSuffix", () => {
    this.CONSUME(Dot);
    this.CONSUME2(Name);
    this.OPTION(() => this.SUBRULE(this.callArguments));
  });

  // primary's `"(" [ expr { "," expr } ] ")"`
  callArguments = this.RULE("callArguments", () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(RParen);
  });

  /** Parses a token stream; call {@link FormulaParser.formula} after. */
  setInput(tokens: readonly IToken[]): void {
    this.input = tokens as IToken[];
  }
}

/** The one parser instance: self-analysis is expensive, so it is done once per process. */
export const parser = new FormulaParser();

/** Keep in sync with the rule fields above; grammar/generate.ts and tests use it. */
export const RULE_NAMES = [
  "formula",
  "stray",
  "statement",
  "expression",
  "operand",
  "postfixSuffix",
  "callArguments",
] as const;
