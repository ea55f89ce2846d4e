// An in-memory Io for running the CLI in-process.

import { READ_LIMITS, tooLarge, type Io } from "../../src/cli/io.ts";

/** A fake Io over an in-memory file map; captured output in `out` / `err`. */
export function fakeIo(files: Record<string, string> = {}, options: { stdin?: string; isTTY?: boolean; env?: Record<string, string> } = {}) {
  const fs = new Map(Object.entries(files));
  const captured = { out: "", err: "" };
  const io: Io = {
    stdout: (t) => void (captured.out += t),
    stderr: (t) => void (captured.err += t),
    readFile: (p, maxBytes = READ_LIMITS.context.bytes) => {
      const t = fs.get(p);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      if (Buffer.byteLength(t) > maxBytes) throw tooLarge(maxBytes);
      return t;
    },
    writeFile: (p, t) => void fs.set(p, t),
    readStdin: async (maxBytes) => {
      if (Buffer.byteLength(options.stdin ?? "") > maxBytes) throw tooLarge(maxBytes);
      return options.stdin ?? "";
    },
    listFormulas: (p) => {
      const dir = p.endsWith("/") ? p : `${p}/`;
      const under = [...fs.keys()].filter((f) => f.startsWith(dir));
      return under.length === 0 ? undefined : under.filter((f) => f.endsWith(".formula")).sort();
    },
    listFiles: (p, suffix) => {
      const dir = p.endsWith("/") ? p : `${p}/`;
      const under = [...fs.keys()].filter((f) => f.startsWith(dir));
      return under.length === 0 ? undefined : under.filter((f) => f.endsWith(suffix)).sort();
    },
    openRead: (p: string) => {
      const t = fs.get(p);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      // Small chunks, so streaming readers meet lines and JSON values split across chunks.
      async function* chunks() {
        const bytes = Buffer.from(t!);
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      }
      return { chunks: chunks(), size: Buffer.byteLength(t) };
    },
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  };
  return { io, fs, captured };
}
