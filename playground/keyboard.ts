// Keyboard paths: Ctrl/Cmd+Enter evaluates and Ctrl/Cmd+Shift+Enter dry-runs (in the editor and
// anywhere on the page); Shift+Alt+F formats on every platform; F6 / Shift+F6 move between the
// page's areas (editor, problems, panels, toolbar) so the editor never traps focus; Monaco's own
// Ctrl+M toggles "Tab moves focus". The tab list follows the ARIA tabs pattern (arrow keys,
// Home/End, aria-selected, roving tabindex).
import { monaco } from "./monaco.ts";

/** Actions the shortcuts run. */
export interface KeyboardActions {
  readonly evaluate: () => void;
  readonly dryRun: () => void;
  readonly format: () => void;
  readonly selectTab: (name: string, focus: boolean) => void;
}

/** The focusable areas F6 cycles through, in order; each returns what to focus (or undefined to skip). */
function areas(editor: monaco.editor.IStandaloneCodeEditor): (() => HTMLElement | (() => void) | undefined)[] {
  return [
    () => () => editor.focus(),
    () => document.querySelector<HTMLElement>("#problems [tabindex='0']") ?? undefined,
    () => document.querySelector<HTMLElement>(".tabs [aria-selected='true']") ?? undefined,
    () => document.getElementById("examples") ?? undefined,
  ];
}

function currentArea(editor: monaco.editor.IStandaloneCodeEditor): number {
  const a = document.activeElement;
  if (editor.hasTextFocus() || (a instanceof Node && document.getElementById("editor")?.contains(a))) return 0;
  if (a?.closest("#problems")) return 1;
  if (a?.closest(".side")) return 2;
  return 3;
}

function moveArea(editor: monaco.editor.IStandaloneCodeEditor, step: 1 | -1): void {
  const list = areas(editor);
  let i = currentArea(editor);
  for (let n = 0; n < list.length; n++) {
    i = (i + step + list.length) % list.length;
    const target = list[i]!();
    if (target === undefined) continue;
    if (typeof target === "function") target();
    else target.focus();
    return;
  }
}

/** Installs every shortcut. */
export function attachKeyboard(editor: monaco.editor.IStandaloneCodeEditor, actions: KeyboardActions): void {
  const { KeyMod, KeyCode } = monaco;
  editor.addCommand(KeyMod.CtrlCmd | KeyCode.Enter, actions.evaluate);
  editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Enter, actions.dryRun);
  editor.addCommand(KeyMod.Shift | KeyMod.Alt | KeyCode.KeyF, actions.format);
  editor.addCommand(KeyCode.F6, () => moveArea(editor, 1));
  editor.addCommand(KeyMod.Shift | KeyCode.F6, () => moveArea(editor, -1));

  document.addEventListener("keydown", (e) => {
    if (e.target instanceof Node && document.getElementById("editor")?.contains(e.target)) return; // Monaco's commands above
    if (e.key === "F6") {
      e.preventDefault();
      moveArea(editor, e.shiftKey ? -1 : 1);
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (e.shiftKey) actions.dryRun();
      else actions.evaluate();
    } else if (e.key === "F" && e.shiftKey && e.altKey) {
      e.preventDefault();
      actions.format();
    }
  });

  const tabs = [...document.querySelectorAll<HTMLButtonElement>(".tabs [role='tab']")];
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener("click", () => actions.selectTab(tab.dataset.tab!, false));
    tab.addEventListener("keydown", (e) => {
      const to = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      actions.selectTab(tabs[to]!.dataset.tab!, true);
    });
  }
}

/** Shows the named tab and its panel (ARIA state and roving tabindex included). */
export function selectTab(name: string, focus: boolean): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>(".tabs [role='tab']")) {
    const on = tab.dataset.tab === name;
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(`tab-${tab.dataset.tab}`)?.classList.toggle("active", on);
    if (on && focus) tab.focus();
  }
}
