// Renders the README's diagnostics table from the catalogue (`npm run docs` writes it;
// test/docs.test.ts fails when README.md is stale).
import { readFileSync, writeFileSync } from "node:fs";
import { Messages } from "../src/base/diagnostics.ts";

const BEGIN = "<!-- diagnostics-table -->";
const END = "<!-- /diagnostics-table -->";

/** The markdown table: one row per code, in code order. */
export function diagnosticsTable(): string {
  const rows = Object.entries(Messages)
    .map(([id, m]) => ({ id, ...m }))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((m) => `| ${m.code} | ${m.severity} | ${m.id} | ${m.template.replace(/\|/g, "\\|").replace(/\{(\d)\}/g, "‹$1›")} |`);
  return ["| code | severity | name | message (‹n› = argument) |", "|---|---|---|---|", ...rows].join("\n");
}

/** README text with the table section replaced. */
export function withTable(readme: string): string {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error("README.md lacks the diagnostics-table markers");
  return `${readme.slice(0, a + BEGIN.length)}\n${diagnosticsTable()}\n${readme.slice(b)}`;
}

if (process.argv.includes("--write")) {
  const url = new URL("../README.md", import.meta.url);
  writeFileSync(url, withTable(readFileSync(url, "utf8")));
}
