// `autoscale test [files or folders…]`: runs formula test files (`*.test.yaml`). One line per
// test, then `N passed, M failed`; exit 0 all pass, 1 a test failed, 2 a malformed test file or
// an unreadable formula (named with file and line). `--json`, `--reporter junit`.

import { dirname, join } from "node:path";
import type { Command } from "commander";
import { quoteSpan } from "../../entry/diagnostics.ts";
import { coverageOf, MAX_TEST_FILE_CHARS, parseTestFile, runTest, testSubject, type Coverage, type FormulaTestFile, type TestResult } from "../../entry/testing.ts";
import { SourceText } from "../../index.ts";
import { exitWith, READ_LIMITS, readTextOrExit, type Io, type ReadLimit } from "../io.ts";
import { paint, useColor } from "../render.ts";

/** Test files are read no further than the library accepts them (MAX_TEST_FILE_CHARS characters, at most 4 UTF-8 bytes each). */
const TEST_FILE_LIMIT: ReadLimit = { bytes: 4 * MAX_TEST_FILE_CHARS, what: "a formula test file (1,048,576 characters at most)" };

interface TestFlags {
  readonly json?: boolean;
  readonly reporter?: string;
  readonly coverage?: boolean;
  readonly minCoverage?: string;
}

/** The results of one test file. */
interface FileReport {
  readonly file: string;
  readonly formula: string;
  readonly results: readonly TestResult[];
  readonly formulaText: string;
  /** with --coverage / --min-coverage, when the formula compiles */
  readonly coverage?: Coverage;
}

/** Registers `test` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("test")
    .description("run formula tests (*.test.yaml); a directory runs every test file under it")
    .argument("[paths...]", "test files or directories (default: the current directory)")
    .option("--json", "print the results as JSON")
    .option("--reporter <name>", "output format: text (default) or junit (JUnit XML for CI systems)")
    .option("--coverage", "report statements never executed and ?:, &&, || outcomes never seen, with carets")
    .option("--min-coverage <percent>", "fail (exit 1) when a formula's coverage by its tests is under this percentage")
    .action((paths: string[], flags: TestFlags) => {
      const reporter = flags.json ? "json" : (flags.reporter ?? "text");
      if (!["text", "junit", "json"].includes(reporter)) {
        io.stderr(`autoscale test: unknown reporter '${reporter}' (expected text or junit)\n`);
        exitWith(2);
      }
      const minCoverage = flags.minCoverage === undefined ? undefined : Number(flags.minCoverage);
      if (minCoverage !== undefined && !(minCoverage >= 0 && minCoverage <= 100)) {
        io.stderr(`autoscale test: --min-coverage '${flags.minCoverage}' is not a percentage between 0 and 100\n`);
        exitWith(2);
      }
      const withCoverage = flags.coverage === true || minCoverage !== undefined;
      const files = (paths.length > 0 ? paths : ["."]).flatMap((p) => io.listFiles(p, ".test.yaml") ?? [p]);
      if (files.length === 0) {
        io.stderr(`autoscale test: no *.test.yaml files in ${(paths.length > 0 ? paths : ["."]).map((p) => `'${p}'`).join(", ")}\n`);
        exitWith(2);
      }
      const reports: FileReport[] = [];
      let malformed = false;
      for (const file of files) {
        const text = readTextOrExit(io, "test", file, TEST_FILE_LIMIT);
        const parsed = parseTestFile(text);
        if (!parsed.file) {
          malformed = true;
          for (const p of parsed.problems) io.stderr(`${file}:${p.line}:${p.column}: error: ${p.message}\n`);
          continue;
        }
        const report = runFile(io, file, parsed.file, withCoverage);
        if (report) reports.push(report);
        else malformed = true;
      }
      const all = reports.flatMap((r) => r.results);
      const failed = all.filter((r) => !r.passed).length;
      if (reporter === "json") io.stdout(`${JSON.stringify(toJson(reports, failed), null, 2)}\n`);
      else if (reporter === "junit") io.stdout(toJunit(reports));
      else io.stdout(toText(reports, useColor(io)));
      if (reporter === "text" && flags.coverage) io.stdout(coverageText(reports));
      const under = minCoverage === undefined ? [] : reports.filter((r) => (r.coverage?.percent ?? 0) < minCoverage);
      for (const r of under) io.stderr(`autoscale test: coverage of ${r.formula} by ${r.file} is ${percent(r.coverage?.percent ?? 0)}, under the minimum ${minCoverage} %\n`);
      if (malformed) exitWith(2);
      if (failed > 0 || under.length > 0) exitWith(1);
    });
}

function runFile(io: Io, file: string, test: FormulaTestFile, withCoverage: boolean): FileReport | undefined {
  const formulaPath = join(dirname(file), test.formula);
  let text: string;
  try {
    text = io.readFile(formulaPath, READ_LIMITS.formula.bytes);
  } catch {
    io.stderr(`${file}: error: cannot read the formula '${formulaPath}'\n`);
    return undefined;
  }
  const subject = testSubject(text);
  const results = test.tests.map((t) => runTest(subject, t, { explain: withCoverage }));
  const coverage = withCoverage && subject.program ? coverageOf(subject.program.checked.ast, results.flatMap((r) => (r.explanation ? [r.explanation] : []))) : undefined;
  return { file, formula: formulaPath, formulaText: text, results, ...(coverage ? { coverage } : {}) };
}

function coverageText(reports: readonly FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const c = r.coverage;
    if (!c) {
      out.push(`coverage of ${r.formula} by ${r.file}: none (the formula does not compile)`);
      continue;
    }
    out.push(`coverage of ${r.formula} by ${r.file}: ${percent(c.percent)} (${c.covered} of ${c.total})`);
    const source = new SourceText(r.formulaText);
    for (const item of c.items) {
      if (item.covered) continue;
      const { line, column } = source.positionAt(item.at.start);
      out.push(`${r.formula}:${line}:${column}: ${item.label}`, quoteSpan(source, item.at));
    }
  }
  return `${out.join("\n")}\n`;
}

function percent(p: number): string {
  return `${Math.floor(p * 10) / 10} %`;
}

function toText(reports: readonly FileReport[], color: boolean): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const r of reports) {
    for (const t of r.results) {
      if (t.passed) passed++;
      else failed++;
      const mark = t.passed ? paint("PASS", "green", color) : paint("FAIL", "red", color);
      lines.push(`${mark} ${r.file}:${t.line} ${t.name}`);
      for (const m of t.mismatches) lines.push(`       ${m.what}: expected ${m.expected}, got ${m.actual}`);
    }
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return `${lines.join("\n")}\n`;
}

function toJson(reports: readonly FileReport[], failed: number) {
  const total = reports.reduce((n, r) => n + r.results.length, 0);
  return {
    passed: total - failed,
    failed,
    files: reports.map((r) => ({
      file: r.file,
      formula: r.formula,
      tests: r.results.map((t) => ({ name: t.name, line: t.line, passed: t.passed, mismatches: t.mismatches, run: t.run })),
      ...(r.coverage ? { coverage: coverageJson(r.coverage, r.formulaText) } : {}),
    })),
  };
}

function coverageJson(c: Coverage, text: string) {
  const source = new SourceText(text);
  const uncovered = c.items.filter((i) => !i.covered).map((i) => ({ ...source.positionAt(i.at.start), span: i.at, kind: i.kind, label: i.label }));
  return { percent: c.percent, covered: c.covered, total: c.total, uncovered };
}

function toJunit(reports: readonly FileReport[]): string {
  const total = reports.reduce((n, r) => n + r.results.length, 0);
  const failures = reports.reduce((n, r) => n + r.results.filter((t) => !t.passed).length, 0);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="autoscale test" tests="${total}" failures="${failures}">`];
  for (const r of reports) {
    const f = r.results.filter((t) => !t.passed).length;
    out.push(`  <testsuite name="${xml(r.file)}" tests="${r.results.length}" failures="${f}">`);
    for (const t of r.results) {
      const head = `    <testcase name="${xml(t.name)}" classname="${xml(r.file)}" file="${xml(r.file)}" line="${t.line}"`;
      if (t.passed) {
        out.push(`${head}/>`);
        continue;
      }
      const detail = t.mismatches.map((m) => `${m.what}: expected ${m.expected}, got ${m.actual}`).join("\n");
      out.push(`${head}>`, `      <failure message="${xml(t.mismatches[0]?.what ?? "failed")}">${xml(detail)}</failure>`, `    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return `${out.join("\n")}\n`;
}

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; markup characters are escaped.
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
