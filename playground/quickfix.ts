// Quick fixes: a diagnostic that says "did you mean 'X'?" (L112, C303 case mismatches; P210 '=='
// for '=') offers replacing the marked text with X (Ctrl/Cmd+. or the light bulb).
import { monaco } from "./monaco.ts";

const SUGGESTION = /did you mean '([^']+)'\?/;

/** The code-action provider (registered in language.ts). */
export const didYouMean: monaco.languages.CodeActionProvider = {
  provideCodeActions(model, _range, context) {
    const actions: monaco.languages.CodeAction[] = [];
    for (const marker of context.markers) {
      const m = SUGGESTION.exec(marker.message);
      if (m === null) continue;
      const range = new monaco.Range(marker.startLineNumber, marker.startColumn, marker.endLineNumber, marker.endColumn);
      actions.push({
        title: `Change to '${m[1]}'`,
        kind: "quickfix",
        diagnostics: [marker],
        isPreferred: true,
        edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range, text: m[1]! } }] },
      });
    }
    return { actions, dispose() {} };
  },
};
