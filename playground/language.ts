// Monaco language registration for autoscale formulas. Every language fact (token regexes,
// keyword/constant lists, built-in names, service variables) is read from the project's own tables
// through src/index.ts at load time — nothing here is a second, hand-kept list.
import { formatFormula } from "../src/index.ts";
import { EDITOR_TOKENS, FUNCTION_NAMES, MEMBER_NAMES, METHOD_NAMES, SERVICE_VARIABLES } from "../src/entry/tables.ts";
import { provideCompletion } from "./completion.ts";
import { didYouMean } from "./quickfix.ts";
import { provideHover } from "./hover.ts";
import { valueHover } from "./explain.ts";
import { monaco } from "./monaco.ts";
import { signatureHelp } from "./signature.ts";

/** Monaco language id. */
export const LANGUAGE_ID = "autoscale";
/**
 * The language of signatures in hovers and completion docs: the same tokens, but `|` (between
 * alternative types) and `?:` (the conditional operator's name) are not errors there.
 */
export const SIGNATURE_LANGUAGE_ID = "autoscale-signature";

const re = (source: string): RegExp => new RegExp(source);

/** The Monarch tokenizer, built from EDITOR_TOKENS and the built-in / service-variable tables. */
export function monarchLanguage(signatures = false): monaco.languages.IMonarchLanguage {
  const r = EDITOR_TOKENS.regex;
  return {
    defaultToken: "invalid",
    tokenPostfix: ".autoscale",
    serviceVariables: SERVICE_VARIABLES.map((v) => v.name),
    constants: [...EDITOR_TOKENS.timeIntervalConstants],
    deallocKeywords: [...EDITOR_TOKENS.deallocKeywords],
    functions: [...FUNCTION_NAMES],
    methods: [...METHOD_NAMES],
    members: [...MEMBER_NAMES],
    operators: [...EDITOR_TOKENS.operators],
    tokenizer: {
      root: [
        [re(r.whitespace), "white"],
        [re(r.lineComment), "comment"],
        [/\/\*/, "invalid"],
        [re(r.string), "string"],
        [/"[^"]*$/, "string.invalid"],
        [re(r.number), "number"],
        // after '.', a name is a metric method or a timestamp member
        [/(\.)(\s*)([A-Za-z_][A-Za-z0-9_]*)/, ["delimiter", "white", { cases: { "@methods": "predefined.method", "@members": "predefined.member", "@default": "identifier" } }]],
        [re(r.serviceVariable), { cases: { "@serviceVariables": "variable.predefined", "@default": "variable" } }],
        [
          re(r.identifier),
          {
            cases: {
              "@constants": "constant",
              "@deallocKeywords": "keyword",
              "@functions": "predefined.function",
              "@default": "variable",
            },
          },
        ],
        [/[()]/, "@brackets"],
        [/[;,.]/, "delimiter"],
        [/[<>=!&|+\-*/?:]+/, { cases: { "@operators": "operator", "@default": signatures ? "operator" : "invalid" } }],
      ],
    },
  };
}

/** Editor behaviour: comments, brackets, and a word pattern that keeps the `$` of `$PendingTasks`. */
export function languageConfiguration(): monaco.languages.LanguageConfiguration {
  return {
    comments: { lineComment: EDITOR_TOKENS.lineComment },
    brackets: EDITOR_TOKENS.brackets.map((b) => [b.open, b.close] as [string, string]),
    autoClosingPairs: [...EDITOR_TOKENS.brackets, { open: '"', close: '"', notIn: ["string", "comment"] }],
    surroundingPairs: [...EDITOR_TOKENS.brackets, { open: '"', close: '"' }],
    wordPattern: new RegExp(`${EDITOR_TOKENS.regex.identifier}|${EDITOR_TOKENS.regex.number}`),
  };
}

/** Light and dark themes giving the token classes above distinct colours. */
function defineTheme(): void {
  monaco.editor.defineTheme("autoscale-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [
      { token: "variable.predefined", foreground: "d2a8ff", fontStyle: "bold" },
      { token: "variable", foreground: "79c0ff" },
      { token: "constant", foreground: "ffa657" },
      { token: "keyword", foreground: "ff7b72" },
      { token: "predefined.function", foreground: "d2a8ff" },
      { token: "predefined.method", foreground: "d2a8ff" },
      { token: "predefined.member", foreground: "7ee787" },
      { token: "comment", foreground: "8b949e", fontStyle: "italic" },
      { token: "invalid", foreground: "ff7b72", fontStyle: "underline" },
    ],
    colors: { "editor.background": "#0d1117" },
  });
  monaco.editor.defineTheme("autoscale-light", {
    base: "vs",
    inherit: true,
    rules: [
      { token: "variable.predefined", foreground: "8250df", fontStyle: "bold" },
      { token: "variable", foreground: "0550ae" },
      { token: "constant", foreground: "953800" },
      { token: "keyword", foreground: "cf222e" },
      { token: "predefined.function", foreground: "6639ba" },
      { token: "predefined.method", foreground: "6639ba" },
      { token: "predefined.member", foreground: "116329" },
      { token: "comment", foreground: "6e7781", fontStyle: "italic" },
      { token: "invalid", foreground: "cf222e", fontStyle: "underline" },
    ],
    colors: {},
  });
}

/** Registers the language: tokenizer, completion, hover (docs, values, bounds), signature help, quick fixes, document formatting. Idempotent. */
export function registerAutoscaleLanguage(): void {
  if (monaco.languages.getLanguages().some((l) => l.id === LANGUAGE_ID)) return;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".formula"], aliases: ["Autoscale formula"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage());
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration());
  monaco.languages.register({ id: SIGNATURE_LANGUAGE_ID });
  monaco.languages.setMonarchTokensProvider(SIGNATURE_LANGUAGE_ID, monarchLanguage(true));
  defineTheme();
  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [".", "$", "=", " "],
    provideCompletionItems: provideCompletion,
  });
  monaco.languages.registerHoverProvider(LANGUAGE_ID, { provideHover });
  monaco.languages.registerHoverProvider(LANGUAGE_ID, valueHover);
  monaco.languages.registerCodeActionProvider(LANGUAGE_ID, didYouMean, { providedCodeActionKinds: ["quickfix"] });
  monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, signatureHelp);
  monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    provideDocumentFormattingEdits(model) {
      const text = model.getValue();
      // The printer refuses text with syntax errors (it would drop what it cannot parse).
      const formatted = formatFormula(text);
      if (formatted === undefined || formatted === text) return [];
      return [{ range: model.getFullModelRange(), text: formatted }];
    },
  });
}
