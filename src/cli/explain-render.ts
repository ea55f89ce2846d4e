// Terminal rendering of an explanation: the formula with each line annotated by what ran on it
// (statement values, sample queries, branch outcomes), like a debugger's inline values, then
// the findings.

import { SourceText, type Formula } from "../index.ts";
import { formatInterval, type Explanation } from "../entry/eval.ts";

/** The annotated formula and findings, as printed by `autoscale eval --explain`. */
export function renderExplanation(text: string, ast: Formula | undefined, explanation: Explanation): string {
  const source = new SourceText(text);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const notes: string[][] = lines.map(() => []);
  const note = (offset: number, s: string) => notes[Math.min(source.positionAt(offset).line, lines.length) - 1]?.push(s);
  const ran = new Set(explanation.statements.map((s) => s.index));
  for (const s of explanation.statements) note(s.span.end, s.target ? `${s.target} = ${s.value}` : `(value ${s.value}, discarded)`);
  for (const q of explanation.queries) {
    const where = q.window ? `${q.selected}/${q.expected} samples in ${formatInterval(q.window.to - q.window.from)} (${round(q.percent!)} %${q.required !== undefined ? `, needs ${round(q.required)} %` : ""})` : `${q.selected} sample${q.selected === 1 ? "" : "s"}`;
    note(q.span.start, `${q.metric}.${q.method}: ${where}${q.failed ? " FAILED" : ""}`);
  }
  for (const b of explanation.branches) {
    note(b.span.start, b.op === "?:" ? `?: ${b.outcome ? "then" : "else"}` : `${b.op} ${b.outcome ? "true" : "false"}`);
  }
  if (ast) ast.statements.forEach((s, i) => !ran.has(i) && note(s.span.end, "not run"));
  const width = String(lines.length).length;
  const out = lines.map((line, i) => {
    const head = `${String(i + 1).padStart(width)} | ${line}`;
    return notes[i]!.length > 0 ? `${head}    // ${notes[i]!.join("; ")}` : head;
  });
  out.push("");
  const end = explanation.end;
  out.push(end.kind === "end" ? "The run completed." : end.kind === "stop" ? `The run was ended by stop() at line ${end.line}.` : `The run failed: ${end.message}`);
  if (explanation.findings.length > 0) {
    out.push("", "Findings:");
    for (const f of explanation.findings) out.push(`  line ${f.line}: ${f.message}`);
  }
  return `${out.join("\n")}\n`;
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}
