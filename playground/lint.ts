// Diagnostics on every keystroke: parse + check the whole formula, then set Monaco markers and
// the problems list. A formula (at most 100 statements; 8 KB is a dense one) is checked on the
// main thread, debounced by 150 ms: the pass including setModelMarkers takes ~1 ms in Chromium
// (bench/playground.ts), where a worker would only add message-passing latency. Text above 32 KB
// (a paste of a generated file: 10,000 lines check in seconds) goes to a worker instead, so the
// page never freezes under the user's typing.
import { SourceText, checkText, type Diagnostic } from "../src/index.ts";
import { MARKER_OWNER, toMarkers } from "./markers.ts";
import { monaco } from "./monaco.ts";

/** Debounce between the last keystroke and re-checking. */
export const LINT_DELAY_MS = 150;
/** Texts longer than this are checked in the lint worker. */
export const WORKER_CHARS = 32_768;

/** One lint pass: the diagnostics and how long parse + check + setModelMarkers took. */
export interface LintResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceText;
  readonly ms: number;
}

/** Checks `model` now and on every change (debounced); calls `onResult` after each pass. */
export function attachLinter(model: monaco.editor.ITextModel, onResult: (r: LintResult) => void): { lintNow: () => LintResult } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let worker: Worker | undefined;
  let request = 0;
  const publish = (text: string, diagnostics: readonly Diagnostic[], t0: number): LintResult => {
    const source = new SourceText(text);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(diagnostics, source, model.uri));
    const result = { diagnostics, source, ms: performance.now() - t0 };
    onResult(result);
    return result;
  };
  const lintNow = (): LintResult => {
    clearTimeout(timer);
    request++; // a pass in the worker for older text is now moot
    const t0 = performance.now();
    const text = model.getValue();
    return publish(text, checkText(text).diagnostics, t0);
  };
  const lintInWorker = (): void => {
    const text = model.getValue();
    const version = model.getVersionId();
    const id = ++request;
    const t0 = performance.now();
    worker ??= new Worker(new URL("./lint-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<{ id: number; diagnostics: Diagnostic[] }>) => {
      // Only the newest request counts, and only if the text is still what was checked.
      if (e.data.id === request && model.getVersionId() === version) publish(text, e.data.diagnostics, t0);
    };
    // A worker that cannot load or dies: this pass runs here, the next one in a fresh worker.
    worker.onerror = (e) => {
      e.preventDefault();
      worker?.terminate();
      worker = undefined;
      if (id === request && model.getVersionId() === version) lintNow();
    };
    worker.postMessage({ id, text });
  };
  model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(() => (model.getValueLength() > WORKER_CHARS && typeof Worker !== "undefined" ? lintInWorker() : lintNow()), LINT_DELAY_MS);
  });
  lintNow();
  return { lintNow };
}

const SEVERITY_NAME: Record<number, string> = { 8: "error", 4: "warning", 2: "info", 1: "hint" };

/**
 * Renders the problems list under the editor from the model's markers of every owner (parse and
 * check, the last evaluation's failure, explain findings), so the list and the squiggles always
 * agree. Rows are focusable: Enter, Space or a click moves the cursor there.
 */
export function renderProblems(host: HTMLElement, editor: monaco.editor.IStandaloneCodeEditor): void {
  const model = editor.getModel();
  if (model === null) return;
  const markers = monaco.editor
    .getModelMarkers({ resource: model.uri })
    .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn || b.severity - a.severity);
  const focusedIndex = [...host.children].indexOf(document.activeElement as Element);
  host.replaceChildren();
  const problems = markers.filter((m) => m.severity >= monaco.MarkerSeverity.Warning);
  if (problems.length === 0) {
    const ok = document.createElement("div");
    ok.className = "ok";
    ok.setAttribute("role", "listitem");
    ok.textContent = "No problems.";
    host.append(ok);
  }
  for (const m of markers) {
    const severity = SEVERITY_NAME[m.severity] ?? "info";
    const code = typeof m.code === "string" ? m.code : (m.code?.value ?? "");
    const row = document.createElement("div");
    row.className = severity;
    row.setAttribute("role", "listitem");
    row.tabIndex = 0;
    row.textContent = `${m.startLineNumber}:${m.startColumn}  ${severity}${code ? ` ${code}` : ""}: ${m.message}`;
    const go = (): void => {
      const at = { lineNumber: m.startLineNumber, column: m.startColumn };
      editor.setPosition(at);
      editor.revealPositionInCenter(at);
      editor.focus();
    };
    row.addEventListener("click", go);
    row.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        go();
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        ((e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null)?.focus();
      }
    });
    host.append(row);
  }
  // Keep keyboard focus in the list when it re-renders under the user.
  if (focusedIndex >= 0) (host.children[Math.min(focusedIndex, host.children.length - 1)] as HTMLElement | undefined)?.focus();
}
