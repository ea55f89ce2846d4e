// Completion: service variables, functions (with signature snippets), TimeInterval_* constants,
// user variables assigned above the cursor; metric methods or timestamp members after '.', typed by
// the checker; deallocation keywords after `$NodeDeallocationOption =`. All names come from tables.
import {
  DEALLOC_OPTIONS,
  FUNCTION_NAMES,
  MEMBER_NAMES,
  METHOD_NAMES,
  SERVICE_VARIABLES,
  TIME_INTERVALS,
  builtinHover,
  functionOverloads,
  methodOverloads,
  typeName,
  type OverloadSpec,
} from "../src/entry/tables.ts";
import { inDeallocValue, memberContext, receiverType, statementStart, variablesAbove } from "./context.ts";
import { builtinMarkdown, symbolMarkdown } from "./hover.ts";
import { monaco } from "./monaco.ts";

type Item = monaco.languages.CompletionItem;
const Kind = monaco.languages.CompletionItemKind;
const SNIPPET = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;

/** `avg(${1:values})`: placeholders from the overload with the fewest parameters (`time()` stays empty). */
function callSnippet(name: string, overloads: readonly OverloadSpec[]): string {
  const shortest = [...overloads].sort((a, b) => a.params.length - b.params.length)[0];
  const params = shortest?.params ?? [];
  if (params.length === 0) return overloads.length > 1 ? `${name}($1)` : `${name}()`;
  return `${name}(${params.map((p, i) => `\${${i + 1}:${p.name}}`).join(", ")})`;
}

function buildItems(kind: "function" | "method", names: readonly string[]): Omit<Item, "range">[] {
  return names.map((name) => {
    const hover = builtinHover(kind, name);
    const overloads = kind === "function" ? functionOverloads(name) : methodOverloads(name);
    const insertText = callSnippet(name, overloads);
    return {
      label: name,
      kind: kind === "function" ? Kind.Function : Kind.Method,
      // One overload per line of the docs' signature block: the list's detail shows the first.
      detail: hover ? hover.signatures[0] + (overloads.length > 1 ? ` (+${overloads.length - 1} overloads)` : "") : undefined,
      documentation: { value: builtinMarkdown(kind, name) ?? "" },
      insertText,
      insertTextRules: SNIPPET,
      // Accepting `max` lands inside `max(…)`: open the signature help there.
      ...(insertText.endsWith("()") ? {} : { command: { id: "editor.action.triggerParameterHints", title: "Signature help" } }),
    };
  });
}

// The items' docs are rendered once per kind, not on every keystroke.
const itemCache = new Map<string, Omit<Item, "range">[]>();
function builtinItems(kind: "function" | "method", names: readonly string[], range: monaco.IRange): Item[] {
  let items = itemCache.get(kind);
  if (items === undefined) itemCache.set(kind, (items = buildItems(kind, names)));
  return items.map((i) => ({ ...i, range }));
}

function memberItems(range: monaco.IRange): Item[] {
  return MEMBER_NAMES.map((name) => ({
    label: name,
    kind: Kind.Property,
    detail: builtinHover("member", name)?.signatures.join("  |  "),
    documentation: { value: builtinMarkdown("member", name) ?? "" },
    insertText: name,
    range,
  }));
}

/** Duration of the last completion request and how many ran (read by the bench through the test hook). */
export const completionStats = { ms: NaN, count: 0 };

/** The completion provider (registered in language.ts), timed. */
export function provideCompletion(
  model: monaco.editor.ITextModel,
  position: monaco.Position,
  context: monaco.languages.CompletionContext,
): monaco.languages.CompletionList {
  const t0 = performance.now();
  try {
    return complete(model, position, context);
  } finally {
    completionStats.ms = performance.now() - t0;
    completionStats.count++;
  }
}

function complete(
  model: monaco.editor.ITextModel,
  position: monaco.Position,
  context: monaco.languages.CompletionContext,
): monaco.languages.CompletionList {
  const text = model.getValue();
  const offset = model.getOffsetAt(position);
  const word = model.getWordUntilPosition(position);
  const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };

  if (inDeallocValue(text, offset)) {
    return {
      suggestions: DEALLOC_OPTIONS.map((d, i) => ({
        label: d.name,
        kind: Kind.EnumMember,
        documentation: d.doc,
        insertText: d.name,
        sortText: String(i),
        range,
      })),
    };
  }

  const member = memberContext(text, offset);
  if (member !== undefined) {
    const type = receiverType(text, statementStart(text, member.receiverStart), member.receiver);
    if (type === "metric") return { suggestions: builtinItems("method", METHOD_NAMES, range) };
    if (type === "timestamp") return { suggestions: memberItems(range) };
    return { suggestions: [] };
  }
  // Space and '=' only open the list after `$NodeDeallocationOption =`, handled above.
  if (context.triggerCharacter === " " || context.triggerCharacter === "=") return { suggestions: [] };

  const suggestions: Item[] = [];
  for (const v of variablesAbove(text, offset)) {
    suggestions.push({
      label: v.name,
      kind: Kind.Variable,
      detail: v.type === undefined ? "user variable" : `user variable: ${typeName(v.type)}`,
      insertText: v.name,
      sortText: `0${v.name}`,
      range,
    });
  }
  for (const v of SERVICE_VARIABLES) {
    suggestions.push({
      label: v.name,
      kind: v.access === "readwrite" ? Kind.Field : Kind.Constant,
      detail: `${typeName(v.type)}, ${v.access === "readwrite" ? "read-write" : "read-only"}${v.aliasOf ? ` (alias of ${v.aliasOf})` : ""}`,
      documentation: { value: symbolMarkdown(v.name) ?? v.doc },
      insertText: v.name,
      sortText: `1${v.aliasOf ? "z" : ""}${v.name}`,
      range,
    });
  }
  suggestions.push(...builtinItems("function", FUNCTION_NAMES, range).map((i) => ({ ...i, sortText: `2${String(i.label)}` })));
  for (const c of TIME_INTERVALS) {
    suggestions.push({ label: c.name, kind: Kind.Constant, detail: "timeinterval", documentation: { value: symbolMarkdown(c.name) ?? c.doc }, insertText: c.name, sortText: `3${c.name}`, range });
  }
  return { suggestions };
}
