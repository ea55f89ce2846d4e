// The CLI as users run it (issue 9): a real child process per run, real pipes, real files,
// /dev/zero, /dev/full, FIFOs. Each case failed on the code before the fix (noted per test).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** `autoscale` as a shell function: the Node that runs the tests (it strips types) on bin.ts (or $AUTOSCALE_BIN: another build). */
const DEFINE = `autoscale() { "$NODE" "$BIN" "$@"; }; `;
const TMP = mkdtempSync(join(tmpdir(), "autoscale-cli-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Runs a bash command line in the repository (`autoscale` is the CLI, `$T` a temporary folder). */
function sh(command: string, timeoutMs = 60_000): { status: number | null; out: string; err: string; ms: number } {
  const began = Date.now();
  const r = spawnSync("bash", ["-c", DEFINE + command], { cwd: REPO, encoding: "utf8", env: { ...process.env, NODE: process.execPath, BIN: process.env["AUTOSCALE_BIN"] ?? join(REPO, "src/cli/bin.ts"), T: TMP, NO_COLOR: "1" }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - began };
}

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;
const WEEK = "simulate samples/dry-run/spot-mix.formula --workload samples/workloads/week-quiet-weekend.csv";
const DAILY = "simulate samples/dry-run/queue-depth.formula --workload samples/workloads/daily-batch.csv";

describe("output through pipes (was cut at the 64 KiB pipe buffer, exit 0)", { timeout: 60_000 }, () => {
  it.each(["--json", "--csv"])("%s: a slow reader on a pipe gets every byte the file gets", (format) => {
    const file = sh(`autoscale ${WEEK} ${format} > "$T/out"`);
    expect(file.status).toBe(0);
    const size = statSync(join(TMP, "out")).size;
    expect(size).toBeGreaterThan(100_000);
    // The reader starts late, so the pipe is full when the CLI finishes its work.
    const piped = sh(`autoscale ${WEEK} ${format} | (sleep 0.5; wc -c); exit \${PIPESTATUS[0]}`);
    expect(piped.status).toBe(0);
    expect(Number(piped.out.trim())).toBe(size);
  });

  // Guards the drain wait: the CLI now outlives the reader, so it meets EPIPE and must end quietly.
  it("a reader that goes away (| head -1): quiet, no stack trace, the command's own exit code", () => {
    const r = sh(`autoscale ${WEEK} --json | head -1; exit \${PIPESTATUS[0]}`);
    expect(r.out).toBe("{\n");
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
  });

  it("stdout on a full disk (> /dev/full): one line, exit 2 (was exit 0)", () => {
    const r = sh(`autoscale fmt samples/e06-task-based.formula > /dev/full`);
    expect(r.status).toBe(2);
    expect(r.err).toBe("autoscale: cannot write to standard output: no space left on device\n");
    const big = sh(`autoscale ${WEEK} --json > /dev/full`);
    expect(big.status).toBe(2);
    expect(big.err).toBe("autoscale: cannot write to standard output: no space left on device\n");
  });
});

describe("bounded reads (a 100 MB formula was a V8 abort, /dev/zero grew past 18 GB)", { timeout: 60_000 }, () => {
  it("a formula from /dev/zero, a sparse 100 MB file or a 2 MB stdin: one line, exit 2, quickly", () => {
    sh(`truncate -s 100M "$T/big.formula"`);
    for (const [command, name] of [
      [`autoscale check /dev/zero`, "'/dev/zero'"],
      [`autoscale check "$T/big.formula"`, `'${TMP}/big.formula'`],
      [`head -c 2000000 /dev/zero | autoscale check -`, "standard input"],
      [`autoscale fmt "$T/big.formula"`, `'${TMP}/big.formula'`],
    ] as const) {
      const r = sh(command);
      expect(r.status, command).toBe(2);
      expect(r.err).toMatch(new RegExp(`^autoscale (check|fmt): ${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is larger than 1 MiB, the limit for a formula file \\(a formula has at most 8192 characters\\)\\n$`));
      expect(r.ms).toBeLessThan(15_000);
    }
  });

  it("a formula under 1 MiB but over 8192 characters is read: L110 with the real length, exit 1", () => {
    writeFileSync(join(TMP, "long.formula"), `a = 1; // ${"x".repeat(20_000)}\n`);
    const r = sh(`autoscale check "$T/long.formula"`);
    expect(r.status).toBe(1);
    expect(r.out).toContain("error L110: AutoScalingFormulaTooLong: the formula has 20011 characters");
    expect(r.out.length).toBeLessThan(1_000); // the quoted line is a window, not 20,000 x's
  });

  it("context, metrics and workload files have their own limits", () => {
    const context = sh(`autoscale eval samples/e06-task-based.formula --context /dev/zero`);
    expect(context.status).toBe(2);
    expect(context.err).toBe("autoscale eval: '/dev/zero' is larger than 16 MiB, the limit for a context file\n");
    const workload = sh(`autoscale simulate samples/dry-run/queue-depth.formula --workload /dev/zero`);
    expect(workload.status).toBe(2);
    expect(workload.err).toBe("autoscale simulate: '/dev/zero' is larger than 64 MiB, the limit for a workload file\n");
    sh(`truncate -s 100M "$T/metrics.csv"`);
    const metrics = sh(`autoscale eval samples/e06-task-based.formula --context samples/contexts/new-pool-no-history.json --metrics "$T/metrics.csv"`);
    expect(metrics.status).toBe(2);
    expect(metrics.err).toBe(`autoscale eval: '${TMP}/metrics.csv' is larger than 32 MiB, the limit for a metrics file\n`);
  });

  it("a FIFO is read to its end", () => {
    const r = sh(`mkfifo "$T/fifo.formula" && { printf '$TargetDedicatedNodes = 1;\\n' > "$T/fifo.formula" & } && autoscale check "$T/fifo.formula"`);
    expect(r.status).toBe(0);
    expect(r.out).toBe("checked 1 file: no problems\n");
  });
});

describe("diagnostic floods (10,000 bad samples in a one-line context: out of memory after 91 s)", { timeout: 60_000 }, () => {
  it("the first 20 diagnostics, each quoting a window of the line, then a count; quickly", () => {
    const samples = Array.from({ length: 10_000 }, () => ["bad", 1]);
    writeFileSync(join(TMP, "flood.json"), JSON.stringify({ now: "2024-05-01T12:00:00Z", pool: { targetDedicatedNodes: 1 }, samples: { $PendingTasks: samples } }));
    const r = sh(`autoscale eval samples/e06-task-based.formula --context "$T/flood.json"`);
    expect(r.status).toBe(2);
    expect(r.err.length).toBeLessThan(20_000);
    expect(r.err.match(/error R502/g)).toHaveLength(20);
    expect(r.err).toContain(`${TMP}/flood.json: … and 9980 more (9980 errors, 0 warnings)`);
    expect(r.ms).toBeLessThan(15_000);
  });
});

describe("exit codes", { timeout: 60_000 }, () => {
  it.each([
    { args: `--chart /tmp`, message: "autoscale simulate: cannot write '/tmp': is a directory" },
    { args: `--chart /nonexistent/x.svg`, message: "autoscale simulate: cannot write '/nonexistent/x.svg': no such file or directory" },
    { args: `--samples-out /dev/full`, message: "autoscale simulate: cannot write '/dev/full': no space left on device" },
  ])("simulate $args: one line, exit 2 (was 70 internal error)", ({ args, message }) => {
    const r = sh(`autoscale ${DAILY} --csv ${args} > /dev/null`);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`${message}\n`);
    expect(r.err).not.toMatch(NO_STACK);
  });

  it.each([
    { args: "--interval 4m59s", message: "error: --interval 4m59s: The evaluation interval must be between 5 minutes and 168 hours; got 4m59s." },
    { args: "--interval 0", message: "error: --interval 0: The evaluation interval must be between 5 minutes and 168 hours; got 0s." },
    { args: `--seed ${"9".repeat(400)}`, message: "error: --seed: expected a whole number from 0 to 9007199254740991" },
  ])("simulate $args is a usage error: exit 2 (was 1)", ({ args, message }) => {
    const r = sh(`autoscale ${DAILY} ${args}`);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`${message}\n`);
    expect(r.out).toBe("");
  });

  it.each([
    { args: `--workload samples/workloads/daily-batch.csv --end 2030-01-01T00:00:00Z`, code: "R505" },
    { args: `--workload samples/workloads/daily-batch.csv --nodes 5000`, code: "R505" },
    { args: `--workload "$T/empty.csv"`, code: "R502" },
  ])("the simulator's own refusals ($code) are exit 2: $args", ({ args, code }) => {
    writeFileSync(join(TMP, "empty.csv"), "submit,duration\n");
    const r = sh(`autoscale simulate samples/dry-run/queue-depth.formula ${args}`);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`error ${code}: `);
    expect(r.out).toBe("");
  });

  it('a context with "now": 1e20 names the file, exit 2 (was 1, file not named)', () => {
    writeFileSync(join(TMP, "now.json"), JSON.stringify({ now: 1e20, pool: { targetDedicatedNodes: 1 } }));
    const r = sh(`autoscale eval samples/e06-task-based.formula --context "$T/now.json"`);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`autoscale eval: invalid context '${TMP}/now.json': now: 100000000000000000000 is not an ISO 8601 / RFC 1123 time, a Date or epoch milliseconds\n`);
  });

  it("no arguments: help on stderr, exit 2 (was 0)", () => {
    const r = sh(`autoscale`);
    expect(r.status).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("Usage: autoscale [options] [command]");
    expect(sh(`autoscale help`).status).toBe(0);
  });

  it("eval of a folder is a usage error (was: the first formula in it, silently)", () => {
    const r = sh(`autoscale eval samples --context samples/contexts/new-pool-no-history.json`);
    expect(r.status).toBe(2);
    expect(r.err).toBe("autoscale eval: 'samples' is a directory; eval evaluates one formula file\n");
    expect(r.out).toBe("");
  });

  it("fmt of a folder: every *.formula with --check/--write, a usage error without (was: the first formula, silently)", () => {
    const dir = join(TMP, "fmt");
    sh(`mkdir -p "$T/fmt/sub" && printf 'a=1;\\n' > "$T/fmt/x.formula" && printf 'b = 2;\\n' > "$T/fmt/sub/y.formula"`);
    const bare = sh(`autoscale fmt "$T/fmt"`);
    expect(bare.status).toBe(2);
    expect(bare.err).toContain("several files or a directory need --write or --check");
    const check = sh(`autoscale fmt --check "$T/fmt"`);
    expect(check.status).toBe(1);
    expect(check.err).toBe(`autoscale fmt: '${dir}/x.formula' is not formatted\n`);
    expect(sh(`autoscale fmt --write "$T/fmt"`).status).toBe(0);
    expect(readFileSync(join(dir, "x.formula"), "utf8")).toBe("a = 1;\n");
    expect(sh(`autoscale fmt --check "$T/fmt"`).status).toBe(0);
  });

});
