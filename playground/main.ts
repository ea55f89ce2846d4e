// Playground bootstrap: creates the editor and wires the language, diagnostics, explain layer,
// examples, share link, theme, shortcuts and the Evaluate / Dry-run panels together. Logic lives
// in the modules it imports.
import "./style.css";
import { formatFormula, SourceText } from "../src/index.ts";
import { completionStats } from "./completion.ts";
import { createDryRunPanel } from "./dryrun-panel.ts";
import { createEvaluatePanel } from "./evaluate-panel.ts";
import { DEFAULT_FORMULA, EXAMPLES, fillSelect } from "./examples.ts";
import { attachExplain, EXPLAIN_OWNER } from "./explain.ts";
import { download } from "./export.ts";
import { attachKeyboard, selectTab } from "./keyboard.ts";
import { LANGUAGE_ID, registerAutoscaleLanguage } from "./language.ts";
import { attachLinter, renderProblems, type LintResult } from "./lint.ts";
import { MARKER_OWNER, toMarkers } from "./markers.ts";
import { monaco } from "./monaco.ts";
import { decodeHash, encodeState, MAX_LINK_CHARS, parseStateJson, type ShareState } from "./share.ts";
import { attachTheme } from "./theme.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

registerAutoscaleLanguage();

// ---- Status line: messages clear themselves; offers (a download) stay until the next message.
const status = $("status");
let statusTimer: ReturnType<typeof setTimeout> | undefined;
/** Shows a status message for 5 s (`sticky`: until replaced). */
function setStatus(content: string | Node, sticky = false): void {
  clearTimeout(statusTimer);
  status.replaceChildren(content);
  if (!sticky) statusTimer = setTimeout(() => status.replaceChildren(), 5000);
}

const decoded = decodeHash(location.hash);
const shared = decoded.kind === "state" ? decoded.state : undefined;
const initialExample = shared?.example ?? (shared === undefined ? EXAMPLES[0]?.name : undefined);
const initialText = shared?.formula ?? EXAMPLES.find((e) => e.name === initialExample)?.text ?? DEFAULT_FORMULA;

const model = monaco.editor.createModel(initialText, LANGUAGE_ID, monaco.Uri.parse("inmemory://playground/formula.formula"));
const editor = monaco.editor.create($("editor"), {
  model,
  theme: "autoscale-light",
  ariaLabel: "Formula editor. Ctrl+M toggles whether Tab moves focus; F6 moves to the next area.",
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 14,
  scrollBeyondLastLine: false,
  renderWhitespace: "none",
  tabSize: 2,
  wordBasedSuggestions: "off",
  fixedOverflowWidgets: true,
  lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
});
attachTheme($<HTMLButtonElement>("theme"));

const examples = fillSelect($("examples"), [
  { value: "", label: "(your formula)" },
  ...EXAMPLES.map((e) => ({ value: e.name, label: e.name.replace(/\.formula$/, "") })),
]) as HTMLSelectElement;
examples.setAttribute("aria-label", "Example formulas");
examples.value = initialExample ?? "";

// ---- Explain and evaluation markers: both describe the text they ran on, so an edit clears them.
const EVAL_OWNER = `${MARKER_OWNER}-eval`;
const explain = attachExplain(editor);
const evaluatePanel = createEvaluatePanel({
  getFormula: () => model.getValue(),
  onChange: () => saveState(),
  lintState: () => (lintedVersion !== model.getVersionId() ? "pending" : lastLint?.diagnostics.some((d) => d.severity === "error") ? "errors" : "clean"),
  onEvaluated: (d, explained) => {
    monaco.editor.setModelMarkers(model, EVAL_OWNER, d ? toMarkers([d], new SourceText(model.getValue()), model.uri) : []);
    explain.show(explained);
  },
});
const dryRunPanel = createDryRunPanel({ getFormula: () => model.getValue(), onChange: () => saveState(), onStatus: (s) => setStatus(s) });
evaluatePanel.restore(shared);
dryRunPanel.restore(shared);
let activeTab = shared?.tab === "dryrun" ? "dryrun" : "evaluate";
selectTab(activeTab, false);
if (decoded.kind === "damaged") setStatus(`This link is damaged (${decoded.reason}); showing the default example instead.`, true);

let lastLint: LintResult | undefined;
let lintCount = 0;
// The model version the last lint saw: tests wait for it to match, not just for "a lint ran",
// because on a slow machine the debounce can fire between two typed characters.
let lintedVersion = -1;
const linter = attachLinter(model, (r) => {
  lastLint = r;
  lintCount++;
  lintedVersion = model.getVersionId();
});
// The problems list shows every owner's markers, so it always agrees with the squiggles.
let problemsFrame = 0;
monaco.editor.onDidChangeMarkers((uris) => {
  if (!uris.some((u) => u.toString() === model.uri.toString())) return;
  cancelAnimationFrame(problemsFrame);
  problemsFrame = requestAnimationFrame(() => renderProblems($("problems"), editor));
});
renderProblems($("problems"), editor);

// ---- Share: the URL is always a link to the state, unless the state is too large for one.
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function currentState(): ShareState {
  return { formula: model.getValue(), example: examples.value || undefined, ...evaluatePanel.state(), ...dryRunPanel.state(), ...(activeTab !== "evaluate" ? { tab: activeTab } : {}) };
}
/** Writes the state into the address bar; false (and no hash) when it is too large for a link. */
function writeLink(): boolean {
  clearTimeout(saveTimer);
  const state = currentState();
  // lz-string packs formulas about 3-5x: far above the limit, skip compressing (0.5 s on 800 KB).
  const hash = state.formula.length > 10 * MAX_LINK_CHARS ? "#too-large" : encodeState(state);
  const url = new URL(location.href);
  url.hash = hash === "#too-large" || hash.length + url.href.length > MAX_LINK_CHARS ? "" : hash;
  history.replaceState(null, "", url.hash ? url : url.href.replace(/#.*$/, ""));
  return url.hash !== "";
}
function saveState(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(writeLink, 300);
}
model.onDidChangeContent(() => {
  monaco.editor.setModelMarkers(model, EVAL_OWNER, []);
  explain.clear();
  if (!applyingExample) examples.value = "";
  evaluatePanel.formulaChanged();
  dryRunPanel.formulaChanged();
  saveState();
});

// ---- Examples: replacing the formula is one undoable edit (Ctrl+Z brings the old text back).
let applyingExample = false;
let lastExampleText = EXAMPLES.find((e) => e.name === initialExample)?.text;
examples.addEventListener("change", () => {
  const e = EXAMPLES.find((x) => x.name === examples.value);
  if (e === undefined) return;
  const own = model.getValue() !== lastExampleText && model.getValue().trim() !== "";
  applyingExample = true;
  editor.pushUndoStop();
  editor.executeEdits("example", [{ range: model.getFullModelRange(), text: e.text }]);
  editor.pushUndoStop();
  applyingExample = false;
  lastExampleText = e.text;
  if (own) setStatus(`Replaced your formula with ${e.name}: Ctrl+Z in the editor brings yours back.`);
  saveState();
});

function format(): void {
  // The printer refuses formulas with syntax errors; say so instead of silently doing nothing.
  if (formatFormula(model.getValue()) === undefined) setStatus("Fix the syntax errors before formatting.");
  void editor.getAction("editor.action.formatDocument")?.run();
}
$("format").addEventListener("click", format);

$("share").addEventListener("click", () => {
  if (!writeLink()) {
    const json = JSON.stringify(currentState());
    const link = document.createElement("a");
    link.href = "#";
    link.id = "download-state";
    link.textContent = "Download it as a file";
    link.addEventListener("click", (ev) => {
      ev.preventDefault();
      download("autoscale-playground-state.json", new Blob([json], { type: "application/json" }));
    });
    const note = document.createElement("span");
    note.append(`This state is too large for a link (${json.length.toLocaleString("en-US")} characters). `, link, " and open it with Open state.");
    setStatus(note, true);
    return;
  }
  navigator.clipboard?.writeText(location.href).then(
    () => setStatus("Link copied."),
    () => setStatus("Link is in the address bar."),
  );
});
$<HTMLInputElement>("open-state").addEventListener("change", async (ev) => {
  const input = ev.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  const read = parseStateJson(await file.text());
  input.value = "";
  if (read.kind !== "state") {
    setStatus(`${file.name} is not a playground state (${read.kind === "damaged" ? read.reason : "empty"}).`, true);
    return;
  }
  applyState(read.state);
  setStatus(`Opened ${file.name}.`);
});

/** Restores a whole state (an opened file); the formula replacement is undoable like an example's. */
function applyState(state: ShareState): void {
  applyingExample = true;
  editor.pushUndoStop();
  editor.executeEdits("state", [{ range: model.getFullModelRange(), text: state.formula }]);
  editor.pushUndoStop();
  applyingExample = false;
  examples.value = state.example && EXAMPLES.some((e) => e.name === state.example) ? state.example : "";
  evaluatePanel.restore(state);
  dryRunPanel.restore(state);
  activeTab = state.tab === "dryrun" ? "dryrun" : "evaluate";
  selectTab(activeTab, false);
  saveState();
}

const help = $<HTMLButtonElement>("help");
help.addEventListener("click", () => {
  const open = $("shortcuts").hidden;
  $("shortcuts").hidden = !open;
  help.setAttribute("aria-expanded", String(open));
});

attachKeyboard(editor, {
  evaluate: () => {
    chooseTab("evaluate", false);
    void evaluatePanel.evaluate();
  },
  dryRun: () => {
    chooseTab("dryrun", false);
    void dryRunPanel.dryRun();
  },
  format,
  selectTab: (name, focus) => chooseTab(name, focus),
});
function chooseTab(name: string, focus: boolean): void {
  activeTab = name;
  selectTab(name, focus);
  saveState();
}

// Live mode evaluates the formula on load too, so the output matches the editor from the start.
if (evaluatePanel.live()) evaluatePanel.evaluate(true);

/** Test hook (used by test/e2e): the editor, Monaco and a few read-outs. */
const hook = {
  monaco,
  editor,
  model,
  markers: () => monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }),
  evalMarkers: () => monaco.editor.getModelMarkers({ owner: EVAL_OWNER, resource: model.uri }),
  explainMarkers: () => monaco.editor.getModelMarkers({ owner: EXPLAIN_OWNER, resource: model.uri }),
  inlineValues: () => explain.inline(),
  lintNow: () => linter.lintNow(),
  lastLintMs: () => lastLint?.ms,
  lintCount: () => lintCount,
  lintedLatest: () => lintedVersion === model.getVersionId(),
  state: currentState,
  evaluate: () => evaluatePanel.evaluate(),
  dryRun: () => dryRunPanel.dryRun(),
  completionMs: () => completionStats.ms,
  completionCount: () => completionStats.count,
};
(window as unknown as { __playground: typeof hook }).__playground = hook;
// Time to a usable editor, for bench/playground.ts.
(window as unknown as { __playgroundReadyMs: number }).__playgroundReadyMs = performance.now();
