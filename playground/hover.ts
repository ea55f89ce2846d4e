// Hover docs for built-ins, service variables, constants and deallocation keywords, rendered from
// the same tables the checker uses; user variables show the type the checker inferred there.
import { checkText } from "../src/index.ts";
import { forEachChild, type Ident, type Node } from "../src/entry/syntax.ts";
import { builtinHover, symbolHover, typeName } from "../src/entry/tables.ts";
import { monaco } from "./monaco.ts";

// Signatures and examples are coloured as formulas, in the signature flavour where `|` and `?:` are not errors.
const fence = (code: string): string => `\n\`\`\`autoscale-signature\n${code}\n\`\`\``;

/**
 * Markdown for a service variable, `TimeInterval_*` constant or deallocation keyword: the library's
 * own `symbolHover` text (signature, docs, era, example), so editor and API say the same thing.
 */
export function symbolMarkdown(name: string): string | undefined {
  const h = symbolHover(name);
  if (h === undefined) return undefined;
  const lines = [`**${h.signature}**`, "", h.doc];
  if (h.era) lines.push("", `_${h.era}_`);
  if (h.example) lines.push("", `Example:${fence(h.example)}`);
  return lines.join("\n");
}

/** Markdown for a function, method or timestamp member; undefined when the name is unknown. */
export function builtinMarkdown(kind: "function" | "method" | "member", name: string): string | undefined {
  const h = builtinHover(kind, name);
  if (h === undefined) return undefined;
  // One paragraph per overload's description (GetSample has five; as lines they ran together).
  const docs = h.docs.length > 1 ? h.docs.map((d) => `- ${d}`) : h.docs;
  const lines = [fence(h.signatures.join("\n")).trimStart(), "", ...docs];
  if (h.era) lines.push("", `_${h.era}_`);
  const examples = h.examples.map((e) => (e.value === undefined ? e.formula : `${e.formula}   // → ${e.value}`));
  lines.push("", `Example${examples.length > 1 ? "s" : ""}:${fence(examples.join("\n"))}`);
  return lines.join("\n");
}

/** Markdown for any name the tables know, looked up by the syntax around it. */
export function nameMarkdown(name: string, afterDot: boolean, beforeParen: boolean): string | undefined {
  if (afterDot) return builtinMarkdown(beforeParen ? "method" : "member", name) ?? builtinMarkdown(beforeParen ? "member" : "method", name);
  return symbolMarkdown(name) ?? builtinMarkdown("function", name);
}

/** The innermost Ident covering `offset` (spans are half-open; the end counts, for a cursor after a name). */
function identAt(node: Node, offset: number): Ident | undefined {
  if (offset < node.span.start || offset > node.span.end) return undefined;
  if (node.kind === "Ident") return node;
  let hit: Ident | undefined;
  forEachChild(node, (child) => {
    hit ??= identAt(child, offset);
  });
  return hit;
}

/** The hover provider (registered in language.ts). */
export function provideHover(model: monaco.editor.ITextModel, position: monaco.Position): monaco.languages.Hover | undefined {
  const word = model.getWordAtPosition(position);
  if (word === null) return undefined;
  const line = model.getLineContent(position.lineNumber);
  const before = line.slice(0, word.startColumn - 1).trimEnd();
  const after = line.slice(word.endColumn - 1).trimStart();
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const known = nameMarkdown(word.word, before.endsWith("."), after.startsWith("("));
  if (known !== undefined) return { range, contents: [{ value: known }] };
  // A user variable: show the type the checker gives it at this point (not on a huge paste, where
  // a check takes seconds: the linter checks those in its worker).
  if (model.getValueLength() > 32_768) return undefined;
  const checked = checkText(model.getValue()).checked;
  if (checked === undefined) return undefined;
  const ident = identAt(checked.ast, model.getOffsetAt({ lineNumber: position.lineNumber, column: word.startColumn }));
  const resolution = ident ? checked.resolutions[ident.id] : undefined;
  if (ident === undefined || resolution?.kind !== "user") return undefined;
  const type = checked.types[ident.id];
  return { range, contents: [{ value: `**${ident.name}** — user variable${type ? `: ${typeName(type)}` : ""}` }] };
}
