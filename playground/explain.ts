// Explain in the editor (issue 10 part 5): after an evaluation, each line shows the values of its
// statements at the end of the line (after-line decorations, from program.explain's statement
// trace), the findings are information markers, and hovering a variable shows its value. Target
// assignments and user variables also show their bounds (interval analysis, src/analyze), which
// need no evaluation. Everything is cleared the moment the text changes: values of old text lie.
import { SourceText } from "../src/index.ts";
import { bounds, formatInterval, type BoundsResult } from "../src/entry/analyze.ts";
import type { Explained } from "./evaluate-panel.ts";
import { monaco } from "./monaco.ts";

/** Owner of the explain findings' markers. */
export const EXPLAIN_OWNER = "autoscale-explain";
const TARGETS = ["$TargetDedicatedNodes", "$TargetLowPriorityNodes"] as const;
const ALIASES: Record<string, (typeof TARGETS)[number]> = { $TargetDedicated: "$TargetDedicatedNodes", $TargetLowPriority: "$TargetLowPriorityNodes" };

/** The explain layer of one editor. */
export interface ExplainLayer {
  show(explained: Explained | undefined): void;
  clear(): void;
  /** Inline texts by line number (for tests). */
  inline(): Record<number, string>;
}

let current: { text: string; explained: Explained } | undefined;
let boundsCache: { text: string; result: BoundsResult } | undefined;

function boundsOf(text: string): BoundsResult {
  if (boundsCache?.text !== text) boundsCache = { text, result: bounds(text) };
  return boundsCache.result;
}

/** `[0, 20]` for a target or numeric user variable, when the analysis ran. */
function boundsText(text: string, name: string): string | undefined {
  if (text.length > 32_768) return undefined; // a huge paste: the analysis would take seconds
  const r = boundsOf(text);
  if (!r.ok) return undefined;
  const target = (TARGETS as readonly string[]).includes(name) ? name : ALIASES[name];
  if (target !== undefined) return formatInterval(r.targets[target as (typeof TARGETS)[number]]);
  const v = r.variables.find((x) => x.name === name);
  return v?.kind === "double" ? formatInterval(v.interval) : undefined;
}

/** Attaches the layer to an editor. */
export function attachExplain(editor: monaco.editor.IStandaloneCodeEditor): ExplainLayer {
  const model = editor.getModel()!;
  const decorations = editor.createDecorationsCollection();
  let inline: Record<number, string> = {};

  const clear = (): void => {
    current = undefined;
    inline = {};
    decorations.clear();
    monaco.editor.setModelMarkers(model, EXPLAIN_OWNER, []);
  };

  const show = (explained: Explained | undefined): void => {
    clear();
    if (explained === undefined || explained.text !== model.getValue()) return;
    current = { text: explained.text, explained };
    const source = new SourceText(explained.text);
    const byLine = new Map<number, string[]>();
    for (const s of explained.explanation.statements) {
      const line = source.positionAt(s.span.end).line;
      const name = s.target ?? "";
      let part = name ? `${name} = ${s.value}` : s.value;
      const b = name && (TARGETS as readonly string[]).concat(Object.keys(ALIASES)).includes(name) ? boundsText(explained.text, name) : undefined;
      if (b !== undefined) part += ` (bounds ${b})`;
      byLine.set(line, [...(byLine.get(line) ?? []), part]);
    }
    const list: monaco.editor.IModelDeltaDecoration[] = [];
    for (const [line, parts] of byLine) {
      if (line > model.getLineCount()) continue;
      const text = `  ⇒ ${parts.join("; ")}`;
      inline[line] = text;
      const col = model.getLineMaxColumn(line);
      list.push({ range: new monaco.Range(line, col, line, col), options: { showIfCollapsed: true, after: { content: text, inlineClassName: "inline-value", cursorStops: monaco.editor.InjectedTextCursorStops.None } } });
    }
    decorations.set(list);
    monaco.editor.setModelMarkers(
      model,
      EXPLAIN_OWNER,
      explained.explanation.findings.map((f) => {
        const a = source.positionAt(f.span.start);
        const b = source.positionAt(Math.max(f.span.end, f.span.start));
        return { severity: monaco.MarkerSeverity.Info, message: f.message, code: `explain: ${f.kind}`, source: "explain", startLineNumber: a.line, startColumn: a.column, endLineNumber: b.line, endColumn: b.column };
      }),
    );
  };
  return { show, clear, inline: () => ({ ...inline }) };
}

/**
 * Hover: the value a variable had in the last evaluation (the statement under the cursor's value
 * when the cursor is on its assignment) and, for targets and numeric variables, their bounds.
 */
export const valueHover: monaco.languages.HoverProvider = {
  provideHover(model, position) {
    const word = model.getWordAtPosition(position);
    if (word === null || !/^[$A-Za-z_]/.test(word.word)) return undefined;
    const name = word.word;
    const text = model.getValue();
    const lines: string[] = [];
    if (current !== undefined && current.text === text) {
      const { outcome, explanation } = current.explained;
      const offset = model.getOffsetAt({ lineNumber: position.lineNumber, column: word.startColumn });
      const here = explanation.statements.find((s) => s.target === name && s.span.start <= offset && offset < s.span.end);
      if (here !== undefined) lines.push(`assigned here: \`${here.value}\``);
      const target = ALIASES[name] ?? name;
      const final =
        target === "$TargetDedicatedNodes" ? String(outcome.targets.dedicated)
        : target === "$TargetLowPriorityNodes" ? String(outcome.targets.lowPriority)
        : name === "$NodeDeallocationOption" ? outcome.targets.deallocation
        : outcome.variables.find((v) => v.name === name)?.text;
      if (final !== undefined) lines.push(`after the last evaluation: \`${final}\``);
    }
    const b = boundsText(text, name);
    if (b !== undefined) lines.push(`bounds over every completed run: \`${b}\``);
    if (lines.length === 0) return undefined;
    return { range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn), contents: [{ value: `**${name}**: ${lines.join("  \n")}` }] };
  },
};
