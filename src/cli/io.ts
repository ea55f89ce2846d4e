// CLI I/O boundary: everything a command may touch outside memory goes through `Io`, so tests run
// commands in-process with a fake. Commands return or throw exit codes; only bin.ts exits.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";

/** What commands may do to the outside world. */
export interface Io {
  /** Writes to standard output (text is written as is; include the newline). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Reads a UTF-8 file; throws (ENOENT, EISDIR, …) when it cannot. */
  readonly readFile: (path: string) => string;
  /** Replaces a file's contents. */
  readonly writeFile: (path: string, text: string) => void;
  /** Whole standard input (for the `-` argument). */
  readonly readStdin: () => Promise<string>;
  /** `*.formula` files under `path` (sorted, recursive) when it is a directory; undefined otherwise. */
  readonly listFormulas: (path: string) => string[] | undefined;
  /** Files whose names end with `suffix` under `path` (sorted, recursive) when it is a directory; undefined otherwise. */
  readonly listFiles: (path: string, suffix: string) => string[] | undefined;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTTY: boolean;
  /** Environment (NO_COLOR). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Ends the command with `code` (1 = problems found, 2 = usage). Caught by runCli. */
export function exitWith(code: number, message = ""): never {
  throw new CommanderError(code, "autoscale.exit", message);
}

/** Drops a leading byte-order mark (editors on Windows write one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a text file (BOM dropped) for `autoscale <command>`. An unreadable path is a usage error:
 * a one-line message and exit 2, never a stack trace.
 */
export function readTextOrExit(io: Io, command: string, path: string): string {
  try {
    return stripBom(io.readFile(path));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message;
    io.stderr(`autoscale ${command}: cannot read '${path}': ${reason}\n`);
    return exitWith(2);
  }
}

/** The real process I/O, for bin.ts. */
export function nodeIo(): Io {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFileSync(p, "utf8"),
    writeFile: (p, t) => writeFileSync(p, t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    listFormulas: (p) => listFiles(p, ".formula"),
    listFiles,
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

/** Files whose names end with `suffix` under `p`, recursively and sorted; undefined when `p` is not a directory. */
function listFiles(p: string, suffix: string): string[] | undefined {
  if (!isDirectory(p)) return undefined;
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(suffix)) out.push(full);
    }
  };
  walk(p);
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
