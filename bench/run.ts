// `npm run bench`: runs every bench module (bench/<topic>.ts exporting run()) in this one process
// and writes bench/RESULTS.md. Numbers are medians; ratios compare runs made side by side here.
import { writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import type { BenchRow } from "./harness.ts";

const here = new URL(".", import.meta.url);
const only = process.argv.slice(2);
const topics = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "harness.ts"].includes(f))
  .map((f) => f.slice(0, -3))
  .filter((t) => only.length === 0 || only.includes(t))
  .sort();

const sections: string[] = [];
for (const topic of topics) {
  const mod = (await import(new URL(`${topic}.ts`, here).href)) as { run?: () => Promise<BenchRow[]> };
  if (typeof mod.run !== "function") continue;
  process.stderr.write(`bench ${topic}…\n`);
  const rows = await mod.run();
  const lines = rows.map((r) => `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.note ?? ""} |`);
  sections.push(`## ${topic}\n\n| measurement | median | target / comparison |\n|---|---|---|\n${lines.join("\n")}\n`);
  console.log(`\n## ${topic}`);
  for (const r of rows) console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit}${r.note ? `  (${r.note})` : ""}`);
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3);
}

if (only.length === 0) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const header = `# Benchmark results

Produced by \`npm run bench\` (\`node bench/run.ts\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}.
The machine is shared and noisy: every figure is a median of repeated batches, and comparisons are
ratios between runs made in the same process.
`;
  writeFileSync(new URL("RESULTS.md", here), `${header}\n${sections.join("\n")}`);
}
