// Parser: a pure Chevrotain CstParser (grammar only, no actions). It accepts a slight superset of
// grammar/autoscale.ebnf so that parse.ts / cst-to-ast.ts can reject common mistakes with their
// own messages (bare expressions, `=` inside expressions, stray tokens, missing `;`).

import { CstParser, EOF, tokenMatcher, type CstElement, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import { newChildren } from "./cst-children.ts";
import {
  ALL_TOKENS,
  Assign,
  BinaryOperator,
  Colon,
  Comma,
  Dot,
  LParen,
  Name,
  NumberLiteral,
  Question,
  RParen,
  Semicolon,
  StringLiteral,
  UnaryOp,
} from "./tokens.ts";

/** `'x'`, `a number`, `end of formula`: how messages name a token type. */
function describeTokenType(t: TokenType): string {
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
  constructor() {
    super(ALL_TOKENS as TokenType[], { recoveryEnabled: true, errorMessageProvider, nodeLocationTracking: "none" });
    this.performSelfAnalysis();
  }

  // Performance (issue 2): every closure and alternatives array handed to MANY/OR/OPTION is created
  // once per parser (the fields below), not once per rule invocation — allocating them per call
  // cost about a third of the recognition time (Chevrotain's "cache the alternatives" advice). The
  // rule bodies still read as the grammar; each named piece follows the rule that uses it. The
  // grammar (GAST), lookahead, recovery and CST are unchanged by this.

  // formula (§3.3). Deviation: `;` and statements in any order, plus stray tokens, so that missing
  // or extra `;` (P202/P205) and junk (P201) are reported by parse.ts and parsing never stops early.
  // statement (§3.3) has no rule of its own (one rule invocation less per statement): it is an
  // `expression` labelled "statement"; cst-to-ast lowers `name = expr` and bare expressions (P203
  // warning, spec §11.1) and rejects other targets (P204).
  formula = this.RULE("formula", () => {
    this.MANY(this.formulaItem);
  });
  private readonly formulaItems = [
    { ALT: () => this.CONSUME(Semicolon) },
    { ALT: () => this.SUBRULE(this.expression, { LABEL: "statement" }) },
    { ALT: () => this.SUBRULE(this.stray) },
  ];
  private readonly formulaItem = (): void => {
    this.OR(this.formulaItems);
  };

  // Deviation (no production): a token that cannot start a statement.
  stray = this.RULE("stray", () => {
    this.OR(this.strayTokens);
  });
  private readonly strayTokens = [
    { ALT: () => this.CONSUME(RParen) },
    { ALT: () => this.CONSUME(Comma) },
    { ALT: () => this.CONSUME(Colon) },
    { ALT: () => this.CONSUME(Question) },
    { ALT: () => this.CONSUME(Dot) },
    { ALT: () => this.CONSUME(Assign) },
    { ALT: () => this.CONSUME(BinaryOperator) },
  ];

  // expr (§3.2 levels 3–9): an operator chain, then `? expr : expr` (right-associative through
  // the recursion). Deviations: (1) the chain `operand { operator operand }` is flat and
  // cst-to-ast applies the precedence table (PRECEDENCE in cst-to-ast.ts): one rule per level
  // cost 13 parser frames per parenthesis and overflowed the stack at 160 nested parentheses,
  // below the 256 levels of §11.1, and was twice as slow; (2) a trailing `= expression`, so that
  // P210 can say "assignment is not an expression" and statement targets get P204.
  // Performance: the chain's FIRST operand is inlined (operandBody), so its pieces are children of
  // the expression node and only the operands after an operator are `operand` nodes: most
  // expressions (arguments, conditional branches) are one operand, and this halves the rule
  // invocations. Occurrence indices 1–3 belong to operandBody, 4+ to the expression's own parts.
  expression = this.RULE("expression", () => {
    this.operandBody();
    if (this.next(STARTS_BINARY)) this.MANY4(this.operatorAndOperand);
    if (this.next(STARTS_CONDITIONAL)) this.OPTION3(this.conditionalTail);
    if (this.next(STARTS_ASSIGNMENT)) this.OPTION4(this.assignmentTail);
  });
  private readonly operatorAndOperand = (): void => {
    this.CONSUME(BinaryOperator);
    this.SUBRULE(this.operand);
  };
  private readonly conditionalTail = (): void => {
    this.CONSUME(Question);
    this.SUBRULE4(this.expression, { LABEL: "consequent" });
    this.CONSUME(Colon);
    this.SUBRULE5(this.expression, { LABEL: "alternate" });
  };
  private readonly assignmentTail = (): void => {
    this.CONSUME(Assign);
    this.SUBRULE6(this.expression, { LABEL: "value" });
  };

  // unary + postfix + primary (§3.2 levels 1–2, §3.3 primary):
  //   { "-" | "!" } ( number | string | name [ arguments ] | "(" expr ")" ) { "." name [ arguments ] }
  // Deviations: prefix operators are a loop, not recursion, so `- - - … x` cannot deepen the stack;
  // primary is inlined (one parser frame less per parenthesis), and so are a call's arguments
  // (see callArguments); any name may be called (the checker knows the functions).
  operand = this.RULE("operand", () => {
    this.operandBody();
  });
  /** The operand's grammar, shared by `operand` and the first operand of `expression`. */
  private readonly operandBody = (): void => {
    if (this.next(STARTS_PREFIX)) this.MANY(this.prefixOperator);
    this.OR(this.primaryAlternatives);
    if (this.next(STARTS_SUFFIX)) this.MANY2(this.postfix);
  };
  private readonly prefixOperator = (): void => {
    this.CONSUME(UnaryOp);
  };
  private readonly primaryAlternatives = {
    DEF: [
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(Name);
          if (this.next(STARTS_ARGUMENTS)) this.OPTION(this.callArguments);
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
  };
  private readonly postfix = (): void => {
    this.SUBRULE(this.postfixSuffix);
  };

  // postfix's `"." ( method_call | field )`
  postfixSuffix = this.RULE("postfixSuffix", () => {
    this.CONSUME(Dot);
    this.CONSUME2(Name);
    this.OPTION(this.callArguments);
  });

  // arguments (§3.3) `"(" [ expr { "," expr } ] ")"`: no rule of its own (one rule invocation less
  // per call); this piece is inlined into `operand` (after a name) and `postfixSuffix`, so each of
  // their nodes holds at most one argument list: `LParen`, `expression` (the arguments), `Comma`,
  // `RParen`. Its occurrence indices (2, 3) stay clear of operand's own `( expression )`.
  private readonly callArguments = (): void => {
    this.CONSUME2(LParen);
    this.OPTION2(this.argumentList);
    this.CONSUME2(RParen);
  };
  private readonly argumentList = (): void => {
    this.SUBRULE2(this.expression);
    if (this.RECORDING_PHASE || !this.next(CLOSES_ARGUMENTS)) this.MANY3(this.furtherArgument);
  };
  private readonly furtherArgument = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE3(this.expression);
  };

  // ---- Skipping repetitions and options that cannot start (performance) ------------------------
  // Most operands have no prefix operator, no `.` suffix and no operator after them, and most
  // expressions no `?` or `=`: calling MANY/OPTION just to have Chevrotain's lookahead say no cost
  // about a tenth of the recognition time. Each guarded production's lookahead is one token
  // (tested: test/lang/parser.test.ts compares every guard with Chevrotain's own lookahead function
  // for every token type), and a repetition that does not start does nothing else here (none of
  // the guarded MANYs is followed by a terminal in its rule, so there is no in-repetition recovery
  // to attempt): skipping the call when the guard says no is exactly what the call would do. MANY3
  // (further arguments) is followed by `)`, so it is skipped only when `)` comes next: then
  // Chevrotain's lookahead says no and its in-repetition recovery finds what it expects. While
  // Chevrotain records the grammar (performSelfAnalysis) every guard passes, so the GAST, and with
  // it lookahead and recovery, is unchanged.

  /** Is the next token in class `flag` (STARTS_* / CLOSES_ARGUMENTS below)? Always, while recording. */
  private next(flag: number): boolean {
    return this.RECORDING_PHASE || ((STARTS[this.LA_FAST(1).tokenTypeIdx] ?? 0) & flag) !== 0;
  }

  // ---- CST building (performance) ---------------------------------------------------------------
  // Chevrotain creates each node's `children` with Object.create(null), which V8 keeps in
  // dictionary mode: every insertion here and every read in cst-to-ast is a hash lookup, and
  // building the CST cost about as much as recognising the input. These overrides of Chevrotain's
  // tree-builder hooks (internal, not in its .d.ts; covered by test/lang/parser.test.ts) build the
  // same nodes — `{ name, children }`, one array per key in consumption order — except that
  // `children` holds every key of its rule, absent ones `undefined` (cst-children.ts), which reads
  // as the optional keys of grammar/cst.d.ts. Only valid with nodeLocationTracking "none" (no
  // `location` to maintain); no CST key is an Object.prototype member (tested).

  /** @internal Chevrotain hook: a rule starts. */
  cstInvocationStateUpdate(fullRuleName: string): void {
    this.cstStack().push({ name: fullRuleName, children: newChildren(fullRuleName) as CstNode["children"] });
  }

  /** @internal Chevrotain hook: a token was consumed (or inserted by recovery). */
  cstPostTerminal(key: string, token: IToken): void {
    addChild(this.cstStack(), key, token);
  }

  /** @internal Chevrotain hook: a subrule returned (possibly a partial, recovered node). */
  cstPostNonTerminal(node: CstNode, key: string): void {
    addChild(this.cstStack(), key, node);
  }

  private cstStack(): CstNode[] {
    return (this as unknown as { CST_STACK: CstNode[] }).CST_STACK;
  }
}

// First-token classes of the guarded productions, by tokenTypeIdx (categories included).
const STARTS_PREFIX = 1; // MANY: prefixOperator
const STARTS_SUFFIX = 2; // MANY2: postfix
const STARTS_BINARY = 4; // MANY4: operatorAndOperand
const STARTS_CONDITIONAL = 8; // OPTION3: conditionalTail
const STARTS_ASSIGNMENT = 16; // OPTION4: assignmentTail
const STARTS_ARGUMENTS = 32; // OPTION: callArguments
const CLOSES_ARGUMENTS = 64; // the `)` after MANY3: furtherArgument
/** @internal The guards' classes and first tokens, for the test that checks them against Chevrotain. */
export const GUARDS: readonly (readonly [flag: number, first: TokenType])[] = [
  [STARTS_PREFIX, UnaryOp],
  [STARTS_SUFFIX, Dot],
  [STARTS_BINARY, BinaryOperator],
  [STARTS_CONDITIONAL, Question],
  [STARTS_ASSIGNMENT, Assign],
  [STARTS_ARGUMENTS, LParen],
  [CLOSES_ARGUMENTS, RParen],
];

function addChild(stack: readonly CstNode[], key: string, child: CstElement): void {
  const children = stack[stack.length - 1]!.children;
  const list = children[key];
  if (list === undefined) children[key] = [child];
  else list.push(child);
}

/** The one parser instance: self-analysis is expensive, so it is done once per process. */
export const parser = new FormulaParser();

/**
 * @internal By tokenTypeIdx: the STARTS_* classes a token of that type can start. Built after the
 * parser, whose construction completes the token types' category maps that tokenMatcher reads.
 */
export const STARTS: readonly number[] = (() => {
  const table: number[] = [];
  for (const type of [...(ALL_TOKENS as TokenType[]), EOF]) {
    const probe = { tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
    let flags = 0;
    for (const [flag, first] of GUARDS) if (tokenMatcher(probe, first)) flags |= flag;
    table[type.tokenTypeIdx!] = flags;
  }
  return table;
})();

/** Keep in sync with the rule fields above; grammar/generate.ts and tests use it. */
export const RULE_NAMES = [
  "formula",
  "stray",
  "expression",
  "operand",
  "postfixSuffix",
] as const;
