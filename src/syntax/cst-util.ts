// Helpers of the CST → AST lowering (cst-to-ast.ts): real tokens and subtree extents of a
// recovered CST, literal values of token images, how a found token is named in messages.

import type { IToken } from "chevrotain";
import type { StrayCstNode } from "../../grammar/cst.d.ts";

/** A token the input holds (not one the parser's recovery inserted). */
export const isReal = (t: IToken | undefined): t is IToken =>
  t !== undefined && t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset);
/** Offset just past a token (half-open). */
export const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;

/** Number value; the L104–L107/L111 stand-ins get their evident value (or NaN). */
export function numberValue(image: string): number {
  // Most literals are small integers: summed digit by digit (exact below 2^53) instead of
  // Number()'s general string conversion, measurably cheaper per literal in the parse benchmark.
  if (image.length <= 9) {
    let value = 0;
    for (let i = 0; i < image.length; i++) {
      const digit = image.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return numberOf(image);
      value = value * 10 + digit;
    }
    return value;
  }
  return numberOf(image);
}

function numberOf(image: string): number {
  if (image.charCodeAt(0) === 91) return Number.NaN; // `[`
  return Number(image.charCodeAt(image.length - 1) === 46 ? image.slice(0, -1) : image); // trailing `.`
}

/** String value; for the L102/L108/L109 stand-ins, the text the writer evidently meant. */
export function stringValue(image: string): string {
  return image
    .replace(/^\\?["']/, "")
    .replace(/\\?["']$/, "")
    .replace(/\\(.)/g, "$1");
}

export function describeFound(t: IToken): string {
  return `'${abbreviate(t.image)}'`;
}

export function abbreviate(s: string): string {
  const flat = s.replace(/\s+/g, " ");
  return flat.length > 30 ? `${flat.slice(0, 27)}...` : flat;
}

export function firstToken(node: StrayCstNode): IToken | undefined {
  for (const tokens of Object.values(node.children)) {
    const t = (tokens as IToken[] | undefined)?.[0]; // absent keys hold undefined (parser.ts)
    if (isReal(t)) return t;
  }
  return undefined;
}

/** First and last real token offsets of any CST subtree (iterative; recovered nodes may be empty). */
export function extentOf(root: { children: Record<string, unknown[]> }): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as { children?: Record<string, unknown[]> } & Partial<IToken>;
    if (n.children !== undefined) {
      // Absent keys hold undefined (parser.ts pre-shapes `children`).
      for (const list of Object.values(n.children)) if (list !== undefined) for (const child of list) stack.push(child);
    } else if (isReal(n as IToken)) {
      const t = n as IToken;
      if (t.startOffset < start) start = t.startOffset;
      if (tokenEnd(t) > end) end = tokenEnd(t);
    }
  }
  return start === Infinity ? undefined : { start, end };
}
