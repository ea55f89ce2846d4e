// Light and dark theme: follows the system's prefers-color-scheme until the user picks one with
// the toggle (remembered in localStorage); the page's CSS variables and Monaco switch together,
// and a `themechange` event on document lets canvas drawings repaint.
import { monaco } from "./monaco.ts";

const KEY = "autoscale-playground-theme";
type Theme = "light" | "dark";

function stored(): Theme | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Applies the initial theme and wires the toggle button. */
export function attachTheme(button: HTMLButtonElement): { current: () => Theme } {
  const media = window.matchMedia?.("(prefers-color-scheme: dark)");
  let theme: Theme = stored() ?? (media?.matches ? "dark" : "light");
  const apply = (): void => {
    document.documentElement.dataset.theme = theme;
    monaco.editor.setTheme(theme === "dark" ? "autoscale-dark" : "autoscale-light");
    button.setAttribute("aria-pressed", String(theme === "dark"));
    button.textContent = "Dark theme";
    // Canvas drawings (the dry-run chart) read the colours when drawn: tell them.
    document.dispatchEvent(new CustomEvent("themechange", { detail: theme }));
  };
  media?.addEventListener("change", (e) => {
    if (stored() !== undefined) return;
    theme = e.matches ? "dark" : "light";
    apply();
  });
  button.addEventListener("click", () => {
    theme = theme === "dark" ? "light" : "dark";
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // private mode: the choice lasts for this page only
    }
    apply();
  });
  apply();
  return { current: () => theme };
}
