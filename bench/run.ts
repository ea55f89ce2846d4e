// `npm run bench`: runs every bench module (bench/<topic>.ts exporting run()) in this one process
// and writes bench/RESULTS.md. The host is shared and noisy (the same code measures up to 2× apart
// minutes apart), so the whole set runs several rounds (`--runs N`, default 5), interleaved, and
// each row reports the median round with the range across rounds; within a round every figure is
// already a median of repeated batches, and ratios compare runs made side by side.
// `node bench/run.ts parse eval` runs only those topics and prints without writing the file.
import { execFileSync } from "node:child_process";
import { writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { machineSpeed, type BenchRow } from "./harness.ts";

const here = new URL(".", import.meta.url);
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 1) : 5;
const only = args.filter((a, i) => a !== "--runs" && (runsAt < 0 || i !== runsAt + 1));
const topics = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "harness.ts"].includes(f))
  .map((f) => f.slice(0, -3))
  .filter((t) => only.length === 0 || only.includes(t))
  .sort();

type Run = () => Promise<BenchRow[]>;

// Child mode: one topic in a fresh process, rows as JSON on stdout. Each topic runs in its own
// process so one topic's heap (a 30-day simulation keeps hundreds of MB) cannot slow the next;
// every comparison a topic makes (× ratios) is still between runs inside that one process.
if (args[0] === "--child") {
  const mod = (await import(new URL(`${args[1]}.ts`, here).href)) as { run: Run };
  const before = machineSpeed();
  const rows = await mod.run();
  const after = machineSpeed();
  // Topics that interleave their own reference (parse) already say how fast the machine was.
  if (!rows.some((r) => r.name.startsWith("machine reference"))) {
    rows.push({ name: "machine reference: JSON.parse of 8 KB, before and after this topic", value: (before + after) / 2, unit: "MB/s", note: `before ${before.toFixed(0)}, after ${after.toFixed(0)}; about 230 when the machine is quiet` });
  }
  process.stdout.write(JSON.stringify(rows));
  process.exit(0);
}

const modules: string[] = [];
for (const topic of topics) {
  const mod = (await import(new URL(`${topic}.ts`, here).href)) as { run?: Run };
  if (typeof mod.run === "function") modules.push(topic);
}

// rounds[topic] = one BenchRow[] per round, rows matched by position (each module returns a fixed list).
const rounds = new Map<string, BenchRow[][]>(modules.map((t) => [t, []]));
const self = fileURLToPath(import.meta.url);
for (let r = 1; r <= runs; r++) {
  for (const topic of modules) {
    process.stderr.write(`bench ${topic} (round ${r}/${runs})…\n`);
    const out = execFileSync(process.execPath, [self, "--child", topic], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
    rounds.get(topic)!.push(JSON.parse(out) as BenchRow[]);
  }
}

const sections: string[] = [];
for (const topic of modules) {
  const perRound = rounds.get(topic)!;
  const rows = perRound[0]!.map((_, i) => summarise(perRound.map((rs) => rs[i]!)));
  const lines = rows.map(({ row, lo, hi }) => `| ${row.name} | ${fmt(row.value)} ${row.unit} | ${runs > 1 ? `${fmt(lo)}–${fmt(hi)}` : ""} | ${row.note ?? ""} |`);
  sections.push(`## ${topic}\n\n| measurement | median round | range over ${runs} rounds | target / comparison (of the median round) |\n|---|---|---|---|\n${lines.join("\n")}\n`);
  console.log(`\n## ${topic}`);
  for (const { row, lo, hi } of rows) console.log(`  ${row.name}: ${fmt(row.value)} ${row.unit}${runs > 1 ? ` [${fmt(lo)}–${fmt(hi)}]` : ""}${row.note ? `  (${row.note})` : ""}`);
}

/** The median round's row (its note's ratios belong to that round) and the range across rounds. */
function summarise(samples: readonly BenchRow[]): { row: BenchRow; lo: number; hi: number } {
  const sorted = [...samples].sort((a, b) => a.value - b.value);
  return { row: sorted[(sorted.length - 1) >> 1]!, lo: sorted[0]!.value, hi: sorted.at(-1)!.value };
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3);
}

if (only.length === 0) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const header = `# Benchmark results

Produced by \`npm run bench${runs === 5 ? "" : ` -- --runs ${runs}`}\` (\`node bench/run.ts${runs === 5 ? "" : ` --runs ${runs}`}\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}.
The machine is shared and noisy: every figure is a median of repeated batches; the whole set ran
${runs} interleaved rounds and each row shows the median round and the range over the rounds.
Each topic runs in a fresh process per round; comparisons (× ratios) are between runs made side by
side inside that process (where a topic repeats its contenders in sub-rounds, the median of the
per-sub-round ratios).
`;
  writeFileSync(new URL("RESULTS.md", here), `${header}\n${sections.join("\n")}`);
}
