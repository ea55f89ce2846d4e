// Evaluate panel: one explained evaluation of the editor's formula against an editable context
// (sample context files, pool JSON, metric histories as series notation or JSON). In live mode it
// re-evaluates as you type (debounced), otherwise results are marked out of date on every edit.
import { compile, formatDiagnostic, SourceText, type Diagnostic, type EvalOutcome } from "../src/index.ts";
import type { Explanation } from "../src/entry/eval.ts";
import { CONTEXTS, fillSelect } from "./examples.ts";
import { attachSeriesEditor } from "./series-editor.ts";
import type { ContextEdits, ShareState } from "./share.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Debounce of live evaluation after the last edit. */
export const LIVE_DELAY_MS = 300;

/** Used when no sample context is chosen: a pool of 2 nodes, a rising queue and a busy CPU. */
export function defaultContext(): { now: string; pool: object; samples: Record<string, [string, number][]> } {
  const now = Date.parse("2024-05-06T12:00:00Z");
  const series = (f: (i: number) => number): [string, number][] =>
    Array.from({ length: 20 }, (_, i) => [new Date(now - (20 - i) * 30_000 - 60_000).toISOString(), f(i)]);
  return {
    now: new Date(now).toISOString(),
    pool: { targetDedicatedNodes: 2, targetLowPriorityNodes: 0, currentDedicatedNodes: 2, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 },
    samples: {
      $PendingTasks: series((i) => 4 + i),
      $ActiveTasks: series((i) => 2 + i),
      $RunningTasks: series(() => 2),
      $CPUPercent: series((i) => 55 + (i % 5) * 5),
    },
  };
}

/** An evaluation the editor can annotate: the text it ran on, its outcome and explanation. */
export interface Explained {
  readonly text: string;
  readonly outcome: EvalOutcome;
  readonly explanation: Explanation;
}

/** Handle of the Evaluate panel. */
export interface EvaluatePanel {
  state(): { context?: string; edits?: ContextEdits; live?: boolean };
  restore(shared: ShareState | undefined): void;
  /** Evaluates now; `live` (an edit's re-evaluation) keeps the last results when the formula does not compile. */
  evaluate(live?: boolean): EvalOutcome | undefined;
  /** The formula changed: re-evaluate (live) or mark the results out of date. */
  formulaChanged(): void;
  /** Whether live mode is on. */
  live(): boolean;
}

const DEFAULT = "default";

/** Wires the Evaluate panel. */
export function createEvaluatePanel(opts: {
  getFormula: () => string;
  onChange: () => void;
  /** whether the linter has seen the editor's current text, and found errors */
  lintState: () => "pending" | "errors" | "clean";
  /** after each run: its failure (E4xx with span) and explanation; both undefined when it did not run */
  onEvaluated: (d: Diagnostic | undefined, explained: Explained | undefined) => void;
}): EvaluatePanel {
  const ctxSelect = fillSelect($("eval-context"), [
    { value: DEFAULT, label: "built-in default" },
    ...CONTEXTS.filter((c) => c.name.endsWith(".json")).map((c) => ({ value: c.name, label: c.name.replace(/\.json$/, "") })),
  ]);
  ctxSelect.setAttribute("aria-label", "Evaluation context");
  const nowInput = $<HTMLInputElement>("eval-now");
  const poolInput = $<HTMLTextAreaElement>("eval-pool");
  const samplesInput = $<HTMLTextAreaElement>("eval-samples");
  const liveBox = $<HTMLInputElement>("eval-live");
  const results = $("eval-results");
  const vars = $("eval-vars");
  const stale = $("eval-stale");
  const evalError = $("eval-error");
  let extra: Record<string, unknown> = {};
  /** The fields as the chosen context filled them: what differs is a user edit (shared in links). */
  let loaded = { now: "", pool: "", samples: "" };
  let ran = false;

  const nowMs = (): number => {
    const t = Date.parse(nowInput.value);
    return Number.isFinite(t) ? t : Date.now();
  };
  const series = attachSeriesEditor($("series-editor"), samplesInput, nowMs, () => contextChanged());

  const loadContext = (name: string): void => {
    const file = CONTEXTS.find((c) => c.name === name);
    let ctx: Record<string, unknown>;
    try {
      ctx = file ? (JSON.parse(file.text) as Record<string, unknown>) : defaultContext();
    } catch {
      ctx = defaultContext();
    }
    const { now, pool, samples, ...rest } = ctx;
    extra = rest;
    ctxSelect.value = file ? name : DEFAULT;
    nowInput.value = typeof now === "number" ? new Date(now).toISOString() : String(now ?? "");
    poolInput.value = JSON.stringify(pool ?? {}, null, 2);
    samplesInput.value = JSON.stringify(samples ?? {}, null, 1);
    loaded = { now: nowInput.value, pool: poolInput.value, samples: samplesInput.value };
    series.refresh();
  };
  const edits = (): ContextEdits | undefined => {
    const e = {
      ...(nowInput.value !== loaded.now ? { now: nowInput.value } : {}),
      ...(poolInput.value !== loaded.pool ? { pool: poolInput.value } : {}),
      ...(samplesInput.value !== loaded.samples ? { samples: samplesInput.value } : {}),
    };
    return Object.keys(e).length > 0 ? e : undefined;
  };

  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  const markStale = (): void => {
    if (liveBox.checked) {
      clearTimeout(liveTimer);
      liveTimer = setTimeout(() => void evaluate(true), LIVE_DELAY_MS);
      return;
    }
    if (!ran) return;
    stale.hidden = false;
    results.classList.add("stale");
    vars.classList.add("stale");
  };
  const contextChanged = (): void => {
    opts.onChange();
    markStale();
  };
  for (const input of [nowInput, poolInput, samplesInput]) input.addEventListener("input", contextChanged);
  ctxSelect.addEventListener("change", () => {
    loadContext(ctxSelect.value);
    contextChanged();
  });
  liveBox.addEventListener("change", () => {
    opts.onChange();
    if (liveBox.checked) void evaluate();
  });

  const showEvalError = (message: string | undefined): void => {
    evalError.hidden = message === undefined;
    evalError.textContent = message ?? "";
  };

  /** `live`: run by an edit. A formula that does not compile then keeps the last results, marked out of date. */
  const evaluate = (live = false): EvalOutcome | undefined => {
    clearTimeout(liveTimer);
    const text = opts.getFormula();
    if (live) {
      // The linter has parsed and checked this text already: wait for it, and skip broken text.
      const lint = opts.lintState();
      if (lint === "pending") {
        liveTimer = setTimeout(() => void evaluate(true), LIVE_DELAY_MS);
        return undefined;
      }
      if (lint === "errors") {
        if (ran) {
          stale.textContent = "(out of date: the formula has errors, see Problems)";
          stale.hidden = false;
          results.classList.add("stale");
          vars.classList.add("stale");
        }
        opts.onEvaluated(undefined, undefined);
        return undefined;
      }
    }
    ran = true;
    stale.textContent = "(out of date: the formula or context changed; press Evaluate)";
    const body = vars.querySelector("tbody")!;
    results.textContent = "";
    body.replaceChildren();
    stale.hidden = true;
    results.classList.remove("stale");
    vars.classList.remove("stale");
    let pool: unknown;
    let samples: unknown;
    try {
      pool = JSON.parse(poolInput.value);
      samples = JSON.parse(samplesInput.value);
    } catch (e) {
      showEvalError(`Context JSON: ${(e as Error).message}`);
      opts.onEvaluated(undefined, undefined);
      return undefined;
    }
    const { program, diagnostics } = compile(text);
    if (program === undefined) {
      const source = new SourceText(text);
      showEvalError(diagnostics.map((d) => formatDiagnostic(d, source, { fileName: "formula" })).join("\n"));
      opts.onEvaluated(undefined, undefined);
      return undefined;
    }
    const { run, outcome, explanation } = program.explain({ ...extra, now: nowInput.value, pool, samples } as Parameters<typeof program.explain>[0]);
    if (outcome === undefined) {
      // The context itself was refused (InvalidAutoScaleEvaluationContext): nothing ran.
      showEvalError(run.error ? `${run.error.code}: ${run.error.message}` : "The evaluation did not run.");
      opts.onEvaluated(undefined, undefined);
      return undefined;
    }
    const err = outcome.run.error;
    showEvalError(err ? `${err.code}: ${err.message}\n${err.values.map((v) => `${v.name}: ${v.value}`).join("\n")}` : undefined);
    results.textContent = outcome.run.results;
    const row = (name: string, value: string): void => {
      const tr = document.createElement("tr");
      for (const t of [name, value]) tr.append(Object.assign(document.createElement("td"), { textContent: t }));
      body.append(tr);
    };
    row("$TargetDedicatedNodes", String(outcome.targets.dedicated));
    row("$TargetLowPriorityNodes", String(outcome.targets.lowPriority));
    row("$NodeDeallocationOption", outcome.targets.deallocation);
    for (const v of outcome.variables) row(v.name, v.text);
    opts.onEvaluated(outcome.diagnostic, { text, outcome, explanation });
    return outcome;
  };
  $("eval-run").addEventListener("click", () => void evaluate());

  return {
    state: () => {
      const edited = edits();
      return {
        ...(ctxSelect.value !== DEFAULT ? { context: ctxSelect.value } : {}),
        ...(edited !== undefined ? { edits: edited } : {}),
        ...(liveBox.checked ? {} : { live: false }),
      };
    },
    restore(shared) {
      loadContext(shared?.context ?? DEFAULT);
      if (shared?.edits?.now !== undefined) nowInput.value = shared.edits.now;
      if (shared?.edits?.pool !== undefined) poolInput.value = shared.edits.pool;
      if (shared?.edits?.samples !== undefined) samplesInput.value = shared.edits.samples;
      if (shared?.live !== undefined) liveBox.checked = shared.live;
      series.refresh();
    },
    evaluate,
    formulaChanged: markStale,
    live: () => liveBox.checked,
  };
}
