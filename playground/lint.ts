// Diagnostics on every keystroke: parse + check the whole formula, then set Monaco markers and
// the problems list. Runs on the main thread, debounced by 150 ms, with no worker: parse + check
// of a 7.4 KB formula takes ~0.5 ms in Node (bench/check.ts), and the whole pass including
// setModelMarkers ~2 ms in Chromium on 8 KB (bench/playground.ts; the e2e test fails above 16 ms).
// That is far inside one frame, so a worker would only add message-passing latency and bundle.
import { SourceText, checkText, type Diagnostic } from "../src/index.ts";
import { MARKER_OWNER, toMarkers } from "./markers.ts";
import { monaco } from "./monaco.ts";

/** Debounce between the last keystroke and re-checking. */
export const LINT_DELAY_MS = 150;

/** One lint pass: the diagnostics and how long parse + check + setModelMarkers took. */
export interface LintResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceText;
  readonly ms: number;
}

/** Checks `model` now and on every change (debounced); calls `onResult` after each pass. */
export function attachLinter(model: monaco.editor.ITextModel, onResult: (r: LintResult) => void): { lintNow: () => LintResult } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lintNow = (): LintResult => {
    clearTimeout(timer);
    const t0 = performance.now();
    const text = model.getValue();
    const source = new SourceText(text);
    const { diagnostics } = checkText(text);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(diagnostics, source, model.uri));
    const result = { diagnostics, source, ms: performance.now() - t0 };
    onResult(result);
    return result;
  };
  model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(lintNow, LINT_DELAY_MS);
  });
  lintNow();
  return { lintNow };
}

/** Renders the problems list under the editor; clicking a row moves the cursor there. */
export function renderProblems(host: HTMLElement, result: LintResult, editor: monaco.editor.IStandaloneCodeEditor): void {
  host.replaceChildren();
  if (result.diagnostics.length === 0) {
    const ok = document.createElement("div");
    ok.className = "ok";
    ok.textContent = "No problems.";
    host.append(ok);
    return;
  }
  for (const d of result.diagnostics) {
    const at = result.source.positionAt(d.span.start);
    const row = document.createElement("div");
    row.className = d.severity;
    row.textContent = `${at.line}:${at.column}  ${d.severity} ${d.code}: ${d.message}`;
    row.addEventListener("click", () => {
      editor.setPosition({ lineNumber: at.line, column: at.column });
      editor.revealPositionInCenter({ lineNumber: at.line, column: at.column });
      editor.focus();
    });
    host.append(row);
  }
}
