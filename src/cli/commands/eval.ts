// `autoscale eval <formula|-> --context ctx.json [--metrics m.csv] [--now ISO] [--json]`: one
// evaluation, like the REST Evaluate call. Prints the results string (or the AutoScaleRun as
// JSON); exit 0 success, 1 formula or evaluation error, 2 usage error / unreadable or bad file.

import type { Command } from "commander";
import { parseEvalContextJson } from "../../entry/eval.ts";
import { loadSamplesCsv } from "../../entry/metrics.ts";
import { compile, evaluateAutoScale, hasErrors, type AutoScaleRun } from "../../index.ts";
import { exitWith, READ_LIMITS, readTextOrExit, type Io } from "../io.ts";
import { renderDiagnostics, useColor } from "../render.ts";
import { renderExplanation } from "../explain-render.ts";
import { readInputs, refuseDirectory } from "./check.ts";

interface EvalFlags {
  readonly context: string;
  readonly metrics?: string;
  readonly now?: string;
  readonly json?: boolean;
  readonly explain?: boolean;
}

/** Registers `eval` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("eval")
    .description("evaluate a formula against a pool and metric histories; prints the results string ('-' reads stdin)")
    .argument("<formula>", "formula file, or - for stdin")
    .requiredOption("--context <file>", 'context JSON: { "now", "pool": {…}, "samples": { "$Metric": [[time, value], …] }, "seed"?, "options"? }')
    .option("--metrics <file>", "CSV samples (a timestamp column, one column per metric); replaces the context's samples")
    .option("--now <time>", "evaluation time (ISO 8601 / RFC 1123), overriding the context's")
    .option("--json", "print the whole AutoScaleRun as JSON")
    .option("--explain", "show why: the formula with each line's values, sample queries and branches, then findings (with --json: an `explain` field)")
    .action(async (formulaPath: string, flags: EvalFlags) => {
      refuseDirectory(io, formulaPath, "eval", "evaluates");
      const [input] = await readInputs([formulaPath], io, "eval");
      if (!input) exitWith(2);
      const color = useColor(io);
      const contextText = readTextOrExit(io, "eval", flags.context, READ_LIMITS.context);
      let samples;
      if (flags.metrics !== undefined) {
        const csv = readTextOrExit(io, "eval", flags.metrics, READ_LIMITS.metrics);
        const loaded = loadSamplesCsv(csv);
        if (loaded.diagnostics.length > 0) {
          io.stderr(`${renderDiagnostics(loaded.diagnostics, csv, flags.metrics, color)}\n`);
          exitWith(2);
        }
        samples = loaded.store;
      }
      const parsed = parseEvalContextJson(contextText, { ...(samples ? { samples } : {}), ...(flags.now !== undefined ? { now: flags.now } : {}) });
      if (!parsed.context) {
        io.stderr(`${renderDiagnostics(parsed.diagnostics, contextText, flags.context, color)}\n`);
        exitWith(2);
      }
      // A context that parses but the evaluator rejects (a `now` out of range, a bad pool field) is
      // a bad input file, like a JSON error: named, exit 2.
      const invalidContext = (run: AutoScaleRun): void => {
        if (run.error?.code !== "InvalidAutoScaleEvaluationContext") return;
        if (flags.json) io.stdout(`${JSON.stringify(run, null, 2)}\n`);
        io.stderr(`autoscale eval: invalid context '${flags.context}'${flags.now === undefined ? "" : ` (with --now ${flags.now})`}: ${run.error.values.map((v) => v.value).join("; ")}\n`);
        exitWith(2);
      };
      const { program: compiled, diagnostics } = compile(input.text);
      if (!compiled) {
        // The formula does not compile: the REST-shaped run (syntax or undefined-symbol error) for
        // --json, the rendered diagnostics otherwise.
        const run = evaluateAutoScale(input.text, parsed.context);
        invalidContext(run);
        const explain = flags.explain ? { explain: evaluateAutoScale(input.text, parsed.context, { explain: true }).explanation } : {};
        if (flags.json) io.stdout(`${JSON.stringify({ ...run, ...explain }, null, 2)}\n`);
        else {
          if (!run.error || run.error.code === "AutoScalingFormulaSyntaxError" || !hasErrors(diagnostics)) {
            io.stderr(`${renderDiagnostics(diagnostics.filter((d) => d.severity === "error"), input.text, input.file, color)}\n`);
          }
          if (run.error && run.error.code !== "AutoScalingFormulaSyntaxError") {
            io.stdout(`${run.results}\n`);
            io.stderr(`${run.error.code}: ${run.error.values.map((v) => v.value).join("; ")}\n`);
          }
        }
        exitWith(1);
      }
      const explained = flags.explain ? compiled.explain(parsed.context) : undefined;
      const outcome = explained?.outcome ?? compiled.evaluate(parsed.context);
      invalidContext(outcome.run);
      if (flags.json) io.stdout(`${JSON.stringify(explained ? { ...outcome.run, explain: explained.explanation } : outcome.run, null, 2)}\n`);
      else {
        io.stdout(`${outcome.run.results}\n`);
        if (explained) io.stdout(`\n${renderExplanation(input.text, compiled.checked.ast, explained.explanation)}`);
      }
      if (outcome.run.error) {
        if (!flags.json) {
          io.stderr(`${outcome.run.error.code}: ${outcome.run.error.message}\n`);
          if (outcome.diagnostic) io.stderr(`${renderDiagnostics([outcome.diagnostic], input.text, input.file, color)}\n`);
          else io.stderr(`${outcome.run.error.values.map((v) => v.value).join("\n")}\n`);
        }
        exitWith(1);
      }
    });
}
