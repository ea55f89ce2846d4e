// CLI I/O boundary: everything a command may touch outside memory goes through `Io`, so tests run
// commands in-process with a fake. Commands return or throw exit codes; only bin.ts exits.

import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";

/** What commands may do to the outside world. */
export interface Io {
  /** Writes to standard output (text is written as is; include the newline). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /**
   * Reads a UTF-8 file of at most `maxBytes` (default: READ_LIMITS.context); throws (ENOENT,
   * EISDIR, …) when it cannot, and an EFBIG error when the file holds more (see readBounded).
   */
  readonly readFile: (path: string, maxBytes?: number) => string;
  /** Replaces a file's contents. */
  readonly writeFile: (path: string, text: string) => void;
  /** Whole standard input (for the `-` argument), at most `maxBytes`: an EFBIG error beyond. */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  /** `*.formula` files under `path` (sorted, recursive) when it is a directory; undefined otherwise. */
  readonly listFormulas: (path: string) => string[] | undefined;
  /** Files whose names end with `suffix` under `path` (sorted, recursive) when it is a directory; undefined otherwise. */
  readonly listFiles: (path: string, suffix: string) => string[] | undefined;
  /**
   * Opens a file for streaming (large workload traces): its chunks and its size in bytes when
   * known (for a progress bar). Throws as readFile does. Optional: without it, callers read the
   * whole file with readFile.
   */
  readonly openRead?: (path: string) => { readonly chunks: AsyncIterable<Uint8Array | string>; readonly size: number | undefined };
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

/** How much `autoscale` reads of one input file (docs/limits.md, section CLI). */
export interface ReadLimit {
  readonly bytes: number;
  /** For the message: "'x' is larger than <size>, the limit for <what>". */
  readonly what: string;
}

const MiB = 1024 * 1024;

/**
 * The read limits (docs/limits.md, section CLI). A formula has at most 8192 characters: 1 MiB
 * still reads any text an editor would call a formula, so check reports L110 with its real length.
 * The data limits keep the loaded data inside V8's default heap (about 4 GiB), measured on the
 * loaders: a metrics CSV takes about 45 MB of heap per MiB (32 MiB: a year of one-minute samples
 * of four metrics, about 1.4 GB), a workload CSV about 23 MB per MiB (64 MiB: over five million
 * tasks, about 1.5 GB). A context file holds one evaluation's histories (16 MiB: days of one-second
 * samples).
 */
export const READ_LIMITS = {
  formula: { bytes: 1 * MiB, what: "a formula file (a formula has at most 8192 characters)" },
  context: { bytes: 16 * MiB, what: "a context file" },
  metrics: { bytes: 32 * MiB, what: "a metrics file" },
  workload: { bytes: 64 * MiB, what: "a workload file" },
  /** 100,000 events (the simulator's most) take about 4 MB of `time,count` lines */
  preemptions: { bytes: 8 * MiB, what: "a preemption trace" },
} as const satisfies Record<string, ReadLimit>;

/** `1 MiB`, `256 MiB`, or bytes. */
export function formatSize(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** The error readBounded and readStdin throw for an input over its limit. */
export function tooLarge(maxBytes: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`larger than ${formatSize(maxBytes)}`), { code: "EFBIG" });
}

/**
 * Reads at most `maxBytes` of a file as UTF-8, in chunks, never asking the file its size: works
 * on /dev/zero, FIFOs and sparse files, and stops one byte past the limit with an EFBIG error.
 */
export function readBounded(path: string, maxBytes: number): string {
  const fd = openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(READ_CHUNK, maxBytes + 1 - total);
      const chunk = Buffer.allocUnsafe(want);
      const n = readSync(fd, chunk, 0, want, null);
      if (n === 0) break;
      chunks.push(n === want ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

const READ_CHUNK = 64 * 1024;

/** A short reason for a failed read or write: "no such file or directory", "larger than 1 MiB", … */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: "no such file or directory",
    EISDIR: "is a directory",
    ENOTDIR: "a component of the path is not a directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOSPC: "no space left on device",
    EROFS: "read-only file system",
    EPIPE: "broken pipe",
  };
  if (code !== undefined && code !== "EFBIG" && known[code] !== undefined) return known[code];
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads a text file (BOM dropped) for `autoscale <command>`, at most `limit.bytes`. An unreadable
 * path or a file over the limit is a usage error: a one-line message and exit 2, never a stack trace.
 */
export function readTextOrExit(io: Io, command: string, path: string, limit: ReadLimit = READ_LIMITS.context): string {
  try {
    return stripBom(io.readFile(path, limit.bytes));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EFBIG") {
      io.stderr(`autoscale ${command}: '${path}' is larger than ${formatSize(limit.bytes)}, the limit for ${limit.what}\n`);
    } else {
      io.stderr(`autoscale ${command}: cannot read '${path}': ${ioReason(e)}\n`);
    }
    return exitWith(2);
  }
}

/** Writes a file for `autoscale <command>`; a failure (a directory, a missing folder, a full disk) is a one-line message and exit 2. */
export function writeTextOrExit(io: Io, command: string, path: string, text: string): void {
  try {
    io.writeFile(path, text);
  } catch (e) {
    io.stderr(`autoscale ${command}: cannot write '${path}': ${ioReason(e)}\n`);
    exitWith(2);
  }
}

/** The process's I/O: an Io plus `finish`, which bin.ts awaits before it exits. */
export interface ProcessIo extends Io {
  /**
   * Waits until stdout and stderr have drained, then returns the exit code: `code`, or 2 with a
   * one-line message when stdout could not be written (a full disk). A reader that went away
   * (EPIPE: `| head`) is not an error: the rest of the output is dropped quietly.
   */
  readonly finish: (code: number) => Promise<number>;
}

/** The real process I/O, for bin.ts. */
export function nodeIo(): ProcessIo {
  const out = new GuardedOutput(process.stdout);
  const err = new GuardedOutput(process.stderr);
  return {
    stdout: (t) => out.write(t),
    stderr: (t) => err.write(t),
    readFile: (p, maxBytes = READ_LIMITS.context.bytes) => readBounded(p, maxBytes),
    writeFile: (p, t) => writeFileSync(p, t),
    readStdin: async (maxBytes) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const c of process.stdin) {
        chunks.push(c as Buffer);
        total += (c as Buffer).length;
        if (total > maxBytes) throw tooLarge(maxBytes);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
    listFormulas: (p) => listFiles(p, ".formula"),
    listFiles,
    openRead: (p) => {
      // Fails here (ENOENT, EISDIR) rather than on the first read; a FIFO has no useful size.
      const st = statSync(p);
      if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${p}`), { code: "EISDIR" });
      return { chunks: createReadStream(p, { highWaterMark: 1 << 20 }), size: st.isFile() ? st.size : undefined };
    },
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    finish: async (code) => {
      await Promise.all([out.drained(), err.drained()]);
      if (out.failed !== undefined) {
        err.write(`autoscale: cannot write to standard output: ${ioReason(out.failed)}\n`);
        await err.drained();
        return 2;
      }
      return err.failed !== undefined && code === 0 ? 2 : code;
    },
  };
}

/**
 * An output stream that remembers its first write error instead of crashing on it (an 'error'
 * event without a listener is an uncaught exception), and drops writes after it.
 */
class GuardedOutput {
  /** The first write error, except EPIPE (the reader went away), which only stops the writes. */
  failed: NodeJS.ErrnoException | undefined;
  private closed = false;
  private readonly stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream) {
    this.stream = stream;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (this.closed) return;
      this.closed = true;
      if (e.code !== "EPIPE") this.failed = e;
    });
  }

  write(text: string): void {
    if (!this.closed && !this.stream.destroyed) this.stream.write(text);
  }

  /** Resolves once everything written so far has reached the file, pipe or terminal (or failed). */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || this.stream.destroyed) return resolve();
      this.stream.once("error", () => resolve());
      this.stream.write("", () => resolve());
    });
  }
}

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
