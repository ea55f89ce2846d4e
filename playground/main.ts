// Playground bootstrap: creates the editor and wires the language, diagnostics, examples, share
// link and the Evaluate / Dry-run panels together. Logic lives in the modules it imports.
import "./style.css";
import { formatFormula, SourceText } from "../src/index.ts";
import { DEFAULT_FORMULA, EXAMPLES, fillSelect } from "./examples.ts";
import { LANGUAGE_ID, registerAutoscaleLanguage } from "./language.ts";
import { MARKER_OWNER, toMarkers } from "./markers.ts";
import { attachLinter, renderProblems, type LintResult } from "./lint.ts";
import { monaco } from "./monaco.ts";
import { createPanels } from "./panels.ts";
import { decodeState, encodeState, type ShareState } from "./share.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

registerAutoscaleLanguage();

const shared = decodeState(location.hash);
const initialExample = shared?.example ?? (shared === undefined ? EXAMPLES[0]?.name : undefined);
const initialText = shared?.formula ?? EXAMPLES.find((e) => e.name === initialExample)?.text ?? DEFAULT_FORMULA;

const model = monaco.editor.createModel(initialText, LANGUAGE_ID, monaco.Uri.parse("inmemory://playground/formula.formula"));
const editor = monaco.editor.create($("editor"), {
  model,
  theme: "autoscale-light",
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 14,
  scrollBeyondLastLine: false,
  renderWhitespace: "none",
  tabSize: 2,
  wordBasedSuggestions: "off",
  fixedOverflowWidgets: true,
});

const examples = fillSelect($("examples"), [
  { value: "", label: "(your formula)" },
  ...EXAMPLES.map((e) => ({ value: e.name, label: e.name.replace(/\.formula$/, "") })),
]) as HTMLSelectElement;
examples.value = initialExample ?? "";

// Evaluation failures (E4xx, with the failing expression's span) show as markers of their own
// until the next edit, next to the parse/check markers.
const EVAL_OWNER = `${MARKER_OWNER}-eval`;
const panels = createPanels({
  getFormula: () => model.getValue(),
  onChange: () => saveState(),
  onEvalDiagnostic: (d) => monaco.editor.setModelMarkers(model, EVAL_OWNER, d ? toMarkers([d], new SourceText(model.getValue()), model.uri) : []),
});
panels.restore(shared);

let lastLint: LintResult | undefined;
let lintCount = 0;
// The model version the last lint saw: tests wait for it to match, not just for "a lint ran",
// because on a slow machine the debounce can fire between two typed characters.
let lintedVersion = -1;
const linter = attachLinter(model, (r) => {
  lastLint = r;
  lintCount++;
  lintedVersion = model.getVersionId();
  renderProblems($("problems"), r, editor);
});

// Keep the URL in step with the state so the address bar is always a shareable link.
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function currentState(): ShareState {
  return { formula: model.getValue(), example: examples.value || undefined, ...panels.state() };
}
function saveState(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => history.replaceState(null, "", encodeState(currentState())), 300);
}
model.onDidChangeContent(() => {
  monaco.editor.setModelMarkers(model, EVAL_OWNER, []);
  if (!applyingExample) examples.value = "";
  saveState();
});

let applyingExample = false;
examples.addEventListener("change", () => {
  const e = EXAMPLES.find((x) => x.name === examples.value);
  if (e === undefined) return;
  applyingExample = true;
  model.setValue(e.text);
  applyingExample = false;
  saveState();
});

$("format").addEventListener("click", () => {
  // The printer refuses formulas with syntax errors; say so instead of silently doing nothing.
  $("status").textContent = formatFormula(model.getValue()) === undefined ? "Fix the syntax errors before formatting." : "";
  void editor.getAction("editor.action.formatDocument")?.run();
});
$("share").addEventListener("click", () => {
  clearTimeout(saveTimer);
  const url = new URL(location.href);
  url.hash = encodeState(currentState());
  history.replaceState(null, "", url);
  const status = $("status");
  navigator.clipboard?.writeText(url.href).then(
    () => (status.textContent = "Link copied."),
    () => (status.textContent = "Link is in the address bar."),
  );
});

for (const tab of document.querySelectorAll<HTMLButtonElement>(".tabs button")) {
  tab.addEventListener("click", () => {
    for (const t of document.querySelectorAll(".tabs button, .tab")) t.classList.remove("active");
    tab.classList.add("active");
    $(`tab-${tab.dataset.tab}`).classList.add("active");
  });
}

/** Test hook (used by test/e2e): the editor, Monaco and a few read-outs. */
const hook = {
  monaco,
  editor,
  model,
  markers: () => monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }),
  evalMarkers: () => monaco.editor.getModelMarkers({ owner: EVAL_OWNER, resource: model.uri }),
  lintNow: () => linter.lintNow(),
  lastLintMs: () => lastLint?.ms,
  lintCount: () => lintCount,
  lintedLatest: () => lintedVersion === model.getVersionId(),
  state: currentState,
  panels,
};
(window as unknown as { __playground: typeof hook }).__playground = hook;
