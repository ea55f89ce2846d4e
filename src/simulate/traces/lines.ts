// Streaming text: UTF-8 chunks (a file stream, fetch body) to lines, holding one chunk and one
// partial line at a time, never the whole text. Browser-safe (TextDecoder).

import type { TextSource } from "./types.ts";

/** The chunks of a source as strings (UTF-8 decoded across chunk boundaries); `onBytes` sees each chunk's size. */
export async function* textChunks(source: TextSource, onBytes?: (n: number) => void): AsyncGenerator<string> {
  if (typeof source === "string") {
    onBytes?.(source.length);
    yield source;
    return;
  }
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    let text: string;
    if (typeof chunk === "string") text = chunk;
    else {
      onBytes?.(chunk.byteLength);
      text = decoder.decode(chunk, { stream: true });
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * Calls `onLine` for every line (without its `\n` / `\r\n`), numbered from 1. Synchronous per
 * chunk: one await per chunk, not per line (an async iterator of a million lines spends a second
 * on promises alone).
 */
export async function forEachLine(source: TextSource, onLine: (line: number, text: string) => void, onBytes?: (n: number) => void): Promise<number> {
  let partial = "";
  let line = 0;
  for await (const chunk of textChunks(source, onBytes)) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", from);
      if (nl < 0) break;
      let text = partial === "" ? chunk.slice(from, nl) : partial + chunk.slice(from, nl);
      partial = "";
      if (text.endsWith("\r")) text = text.slice(0, -1);
      onLine(++line, text);
      from = nl + 1;
    }
    partial += chunk.slice(from);
  }
  if (partial.length > 0) onLine(++line, partial.endsWith("\r") ? partial.slice(0, -1) : partial);
  return line;
}
