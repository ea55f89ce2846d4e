// Cursor context for completion and hover, computed with the project's own lexer and checker:
// which statement the cursor is in, the receiver expression before a '.', and the receiver's
// static type (by checking the statements above plus a probe assignment of the receiver).
import { checkText } from "../src/index.ts";
import { lex } from "../src/entry/syntax.ts";
import { EDITOR_TOKENS, SERVICE_VARIABLES, type Type } from "../src/entry/tables.ts";

const NAME = new RegExp(`^(?:${EDITOR_TOKENS.regex.identifier})$`);

interface Tok {
  readonly image: string;
  readonly start: number;
}

/** Characters lexed back from the cursor before widening: a few statements of a typical formula. */
const WINDOW = 2048;

/**
 * Tokens of the text before `offset`. Lexing the whole prefix made completion cost seconds per
 * keystroke on a 10,000-line paste, so only a window is lexed: it starts at a line start (strings
 * and comments end with their line, so a line start is never inside a token) and widens until it
 * holds a `;`, because every caller looks back no further than the current statement.
 */
function tokensBefore(text: string, offset: number): Tok[] {
  for (let size = WINDOW; ; size *= 4) {
    const from = offset - size <= 0 ? 0 : text.lastIndexOf("\n", offset - size) + 1;
    const toks = lex(text.slice(from, offset)).tokens.map((t) => ({ image: t.image, start: from + t.startOffset }));
    if (from === 0 || toks.some((t) => t.image === ";")) return toks;
  }
}

/** Offset just after the last `;` before `offset` (0 when none): where the current statement starts. */
export function statementStart(text: string, offset: number): number {
  const toks = tokensBefore(text, offset);
  for (let i = toks.length - 1; i >= 0; i--) if (toks[i]!.image === ";") return toks[i]!.start + 1;
  return 0;
}

/** A member access being typed: the receiver's text and offsets, and the partial name after the dot. */
export interface MemberContext {
  readonly receiver: string;
  readonly receiverStart: number;
  readonly dot: number;
}

/**
 * If the text before `offset` ends with `<receiver> . <partial name>`, returns the receiver:
 * a name, a call `f(...)`, a parenthesised expression, or a chain of those (`$X.HistoryBeginTime()`).
 */
export function memberContext(text: string, offset: number): MemberContext | undefined {
  const toks = tokensBefore(text, offset);
  let i = toks.length - 1;
  if (i >= 0 && NAME.test(toks[i]!.image) && toks[i]!.start + toks[i]!.image.length === offset) i--; // the partial name
  if (i < 0 || toks[i]!.image !== ".") return undefined;
  const dot = toks[i]!.start;
  let j = i - 1;
  for (;;) {
    if (j < 0) return undefined;
    if (toks[j]!.image === ")") {
      let depth = 0;
      for (; j >= 0; j--) {
        if (toks[j]!.image === ")") depth++;
        else if (toks[j]!.image === "(" && --depth === 0) break;
      }
      if (j < 0) return undefined;
      if (j > 0 && NAME.test(toks[j - 1]!.image)) j--; // callee of f(...) / receiver.Method(...)
    } else if (!NAME.test(toks[j]!.image)) {
      return undefined;
    }
    if (j > 0 && toks[j - 1]!.image === ".") {
      j -= 2; // keep walking left through a chain
      continue;
    }
    break;
  }
  const receiverStart = toks[j]!.start;
  return { receiver: text.slice(receiverStart, dot).trim(), receiverStart, dot };
}

const PROBE = "__playground_probe";

/**
 * Static type of `receiver` as the checker sees it at `statementOffset`: the statements above are
 * checked together with `__playground_probe = <receiver>;`. Undefined when the probe does not check.
 */
export function receiverType(text: string, statementOffset: number, receiver: string): Type | undefined {
  // The common receivers need no checking of the statements above.
  const service = SERVICE_VARIABLES.find((v) => v.name === receiver);
  if (service !== undefined) return service.type;
  if (/^time\(\s*\)$/.test(receiver)) return "timestamp";
  if (statementOffset > CHECK_LIMIT) return undefined; // see CHECK_LIMIT
  const probe = `${text.slice(0, statementOffset)}\n${PROBE} = ${receiver};`;
  const checked = checkText(probe).checked;
  const last = checked?.ast.statements.at(-1);
  if (checked === undefined || last?.kind !== "Assignment" || last.target.name !== PROBE) return undefined;
  return checked.types[last.value.id];
}

/** User variables assigned in complete statements before `offset`, with their type there. */
export function variablesAbove(text: string, offset: number): { name: string; type: Type | undefined }[] {
  const start = statementStart(text, offset);
  if (start === 0) return [];
  // While typing inside one statement the text above it does not change: check it once.
  const prefix = text.slice(0, start);
  if (aboveCache?.prefix === prefix) return aboveCache.result;
  const result = checkVariables(prefix);
  aboveCache = { prefix, result };
  return result;
}

let aboveCache: { prefix: string; result: { name: string; type: Type | undefined }[] } | undefined;

/**
 * Above this many characters the text above is scanned, not checked: a formula may hold 100
 * statements (8 KB is a dense one), and checking a 10,000-line paste took seconds per completion.
 */
const CHECK_LIMIT = 32_768;
const SERVICE_NAMES: ReadonlySet<string> = new Set(SERVICE_VARIABLES.map((v) => v.name));

function checkVariables(prefix: string): { name: string; type: Type | undefined }[] {
  if (prefix.length > CHECK_LIMIT) {
    // `name =` at a statement start (not `==`); line comments never start with a name.
    const names = new Set<string>();
    for (const m of prefix.matchAll(/(?:^|;)[ \t]*([$A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)/gm)) if (!SERVICE_NAMES.has(m[1]!)) names.add(m[1]!);
    return [...names].map((name) => ({ name, type: undefined }));
  }
  const checked = checkText(prefix).checked;
  if (checked === undefined) return [];
  const latest = new Map<string, Type | undefined>();
  for (const s of checked.ast.statements) {
    if (s.kind === "Assignment" && checked.variables.some((v) => v.name === s.target.name)) latest.set(s.target.name, checked.types[s.target.id]);
  }
  return [...latest].map(([name, type]) => ({ name, type }));
}

// The variables that hold a deallocation keyword ($NodeDeallocationOption), from the symbols table.
const OPTION_VARIABLES: ReadonlySet<string> = new Set(SERVICE_VARIABLES.filter((v) => v.shape === "option").map((v) => v.name));

/** True when the cursor is in the value of `$NodeDeallocationOption = …` (only a name typed so far). */
export function inDeallocValue(text: string, offset: number): boolean {
  const toks = tokensBefore(text, offset);
  let i = toks.length - 1;
  if (i >= 0 && NAME.test(toks[i]!.image) && toks[i]!.start + toks[i]!.image.length === offset) i--;
  return i >= 1 && toks[i]!.image === "=" && OPTION_VARIABLES.has(toks[i - 1]!.image);
}

/** The call the cursor is inside: callee name, whether it is a method (`x.Name(`), and which argument. */
export interface CallContext {
  readonly name: string;
  readonly method: boolean;
  readonly argIndex: number;
}

/** Innermost unclosed `name(` before `offset`, counting top-level commas for the argument index. */
export function enclosingCall(text: string, offset: number): CallContext | undefined {
  const toks = tokensBefore(text, offset);
  let depth = 0;
  let commas = 0;
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i]!.image;
    if (t === ";") return undefined;
    if (t === ")") depth++;
    else if (t === "(") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = toks[i - 1];
      if (callee === undefined || !NAME.test(callee.image)) return undefined; // a parenthesised expression
      return { name: callee.image, method: toks[i - 2]?.image === ".", argIndex: commas };
    } else if (t === "," && depth === 0) commas++;
  }
  return undefined;
}
