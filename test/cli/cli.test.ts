import { describe, expect, it } from "vitest";
import { createProgram, runCli } from "../../src/cli/program.ts";
import { fakeIo } from "./fake-io.ts";

const CLEAN = "$TargetDedicatedNodes = 1;\n";
const BROKEN = "$TargetDedicatedNodes = min(400, 2)\n$NodeDeallocationOption = taskcompletion;\n";
const WARN = "$TargetDedicatedNodes = 1;;\n";

describe("autoscale check", () => {
  it("clean file → exit 0", async () => {
    const { io, captured } = fakeIo({ "a.formula": CLEAN });
    expect(await runCli(io, ["check", "a.formula"])).toBe(0);
    expect(captured.out).toBe("checked 1 file: no problems\n");
  });

  it("warnings alone still exit 0", async () => {
    const { io, captured } = fakeIo({ "w.formula": WARN });
    expect(await runCli(io, ["check", "w.formula"])).toBe(0);
    expect(captured.out).toContain("warning P205");
  });

  it("broken file → exit 1 with the rendered carets", async () => {
    const { io, captured } = fakeIo({ "b.formula": BROKEN });
    expect(await runCli(io, ["check", "b.formula"])).toBe(1);
    expect(captured.out).toBe(
      [
        "b.formula:1:36: error P202: Missing ';' between statements.",
        "    $TargetDedicatedNodes = min(400, 2)",
        "                                       ^",
        "",
        "checked 1 file: 1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("runs the checker, not only the parser", async () => {
    const { io, captured } = fakeIo({ "c.formula": "$TargetDedicatedNodes = $Nope;" });
    expect(await runCli(io, ["check", "c.formula"])).toBe(1);
    expect(captured.out).toMatch(/error C3\d\d/);
  });

  it("a directory checks every *.formula in it", async () => {
    const { io, captured } = fakeIo({ "s/a.formula": CLEAN, "s/b.formula": BROKEN, "s/readme.txt": "x" });
    expect(await runCli(io, ["check", "s"])).toBe(1);
    expect(captured.out).toContain("s/b.formula:1:36");
    expect(captured.out).toContain("checked 2 files");
  });

  it("--json: one entry per file with 1-based positions", async () => {
    const { io, captured } = fakeIo({ "a.formula": CLEAN, "b.formula": BROKEN });
    expect(await runCli(io, ["check", "--json", "a.formula", "b.formula"])).toBe(1);
    expect(JSON.parse(captured.out)).toEqual([
      { file: "a.formula", diagnostics: [] },
      {
        file: "b.formula",
        diagnostics: [
          { code: "P202", severity: "error", message: "Missing ';' between statements.", line: 1, column: 36, endLine: 1, endColumn: 36 },
        ],
      },
    ]);
  });

  it("reads stdin for '-'", async () => {
    const { io, captured } = fakeIo({}, { stdin: BROKEN });
    expect(await runCli(io, ["check", "-"])).toBe(1);
    expect(captured.out).toContain("<stdin>:1:36: error P202");
  });

  it("colour only on a TTY without NO_COLOR", async () => {
    const tty = fakeIo({ "b.formula": BROKEN }, { isTTY: true });
    await runCli(tty.io, ["check", "b.formula"]);
    expect(tty.captured.out).toContain("\u001b[31m");
    const noColor = fakeIo({ "b.formula": BROKEN }, { isTTY: true, env: { NO_COLOR: "1" } });
    await runCli(noColor.io, ["check", "b.formula"]);
    expect(noColor.captured.out).not.toContain("\u001b[");
  });

  it.each([
    { argv: ["check", "--bogus", "a.formula"], message: "unknown option '--bogus'" },
    { argv: ["check"], message: "missing required argument 'files'" },
    { argv: ["frobnicate"], message: "unknown command 'frobnicate'" },
    { argv: ["check", "missing.formula"], message: "cannot read 'missing.formula': no such file or directory" },
  ])("usage error $argv → exit 2, clear message, no stack trace", async ({ argv, message }) => {
    const { io, captured } = fakeIo({ "a.formula": CLEAN });
    expect(await runCli(io, argv)).toBe(2);
    expect(captured.err).toContain(message);
    expect(captured.err).not.toMatch(/\n\s+at /);
  });

  it("--help and --version exit 0", async () => {
    const { io, captured } = fakeIo();
    expect(await runCli(io, ["--help"])).toBe(0);
    expect(captured.out).toContain("check");
    expect(await runCli(io, ["--version"])).toBe(0);
  });

  it("createProgram builds a fresh command each call", () => {
    const { io } = fakeIo();
    expect(createProgram(io)).not.toBe(createProgram(io));
    expect(createProgram(io).commands.map((c) => c.name())).toEqual(expect.arrayContaining(["check", "fmt"]));
  });
});

describe("autoscale fmt", () => {
  const UGLY = "// keep me\n$TargetDedicatedNodes=max( 1,2 );   // and me\n";
  const PRETTY = "// keep me\n$TargetDedicatedNodes = max(1, 2); // and me\n";

  it("prints the formatted text", async () => {
    const { io, captured } = fakeIo({ "f.formula": UGLY });
    expect(await runCli(io, ["fmt", "f.formula"])).toBe(0);
    expect(captured.out).toBe(PRETTY);
  });

  it("--check exits 1 when not formatted, 0 when formatted", async () => {
    const { io, captured } = fakeIo({ "f.formula": UGLY, "g.formula": PRETTY });
    expect(await runCli(io, ["fmt", "--check", "f.formula"])).toBe(1);
    expect(captured.err).toContain("'f.formula' is not formatted");
    expect(await runCli(io, ["fmt", "--check", "g.formula"])).toBe(0);
  });

  it("--write rewrites the file", async () => {
    const { io, fs, captured } = fakeIo({ "f.formula": UGLY });
    expect(await runCli(io, ["fmt", "--write", "f.formula"])).toBe(0);
    expect(fs.get("f.formula")).toBe(PRETTY);
    expect(captured.out).toBe("");
  });

  it("never formats a file with syntax errors: reports them, exit 1, file untouched", async () => {
    const { io, fs, captured } = fakeIo({ "b.formula": BROKEN });
    expect(await runCli(io, ["fmt", "--write", "b.formula"])).toBe(1);
    expect(fs.get("b.formula")).toBe(BROKEN);
    expect(captured.err).toContain("b.formula:1:36: error P202");
    expect(captured.out).toBe("");
  });

  it("formats stdin", async () => {
    const { io, captured } = fakeIo({}, { stdin: "a=1" });
    expect(await runCli(io, ["fmt", "-"])).toBe(0);
    expect(captured.out).toBe("a = 1;\n");
  });
});
