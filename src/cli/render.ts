// Terminal rendering of diagnostics: formatDiagnostic's text, coloured only on a TTY without NO_COLOR.

import { formatDiagnostic, SourceText, type Diagnostic } from "../index.ts";
import type { Io } from "./io.ts";

const RED = "\u001b[31m";
const GREEN = "\u001b[32m";
const YELLOW = "\u001b[33m";
const CYAN = "\u001b[36m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Colour only for people: a terminal, and the NO_COLOR convention (no-color.org) not set. */
export function useColor(io: Pick<Io, "isTTY" | "env">): boolean {
  return io.isTTY && (io.env["NO_COLOR"] ?? "") === "";
}

/** How many diagnostics of one file the terminal shows; the rest are counted ("and N more"). */
export const MAX_SHOWN_DIAGNOSTICS = 20;

/**
 * Each diagnostic as `file:line:col: severity CODE: message`, the source line and carets; blank-line
 * separated. At most `limit` are shown, then one line `file: … and N more (E errors, W warnings)`,
 * so a data file with a mistake on every line cannot flood the terminal.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], text: string, fileName: string, color: boolean, limit = MAX_SHOWN_DIAGNOSTICS): string {
  const source = new SourceText(text);
  const shown = diagnostics.slice(0, limit).map((d) => {
    const plain = formatDiagnostic(d, source, { fileName });
    if (!color) return plain;
    const paint = d.severity === "error" ? RED : d.severity === "warning" ? YELLOW : CYAN;
    const [head = "", line = "", carets = ""] = plain.split("\n");
    const coloredHead = head.replace(` ${d.severity} ${d.code}:`, ` ${paint}${BOLD}${d.severity} ${d.code}${RESET}:`);
    return `${coloredHead}\n${line}\n${carets.replace(/\^+/, (m) => `${paint}${m}${RESET}`)}`;
  });
  const rest = diagnostics.slice(limit);
  if (rest.length > 0) shown.push(`${fileName}: … and ${rest.length} more (${summarize(rest)})`);
  return shown.join("\n\n");
}

/** `text` in green or red when colour is on (test results). */
export function paint(text: string, tone: "green" | "red", color: boolean): string {
  return color ? `${tone === "green" ? GREEN : RED}${BOLD}${text}${RESET}` : text;
}

/** `3 errors, 1 warning` style counts. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
