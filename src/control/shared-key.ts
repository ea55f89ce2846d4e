// Batch Shared Key authentication (Node only, node:crypto): the string to sign as the Batch REST
// reference defines it (verb, eleven standard headers, the canonicalized ocp-* headers, the
// canonicalized resource), HMAC-SHA256 with the base64 account key. Verifies; never stores keys.

import { createHmac, timingSafeEqual } from "node:crypto";

/** The request parts a signature covers. Header names lower-case (as node:http gives them). */
export interface SignedRequest {
  readonly method: string;
  /** raw request target: path and query, as sent */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const STANDARD = ["content-encoding", "content-language", "content-length", "content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"] as const;

/** Requests older or newer than this (by ocp-date or Date) are refused, as the service does. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(",") : (v ?? ""));

/** The canonicalized resource: `/account/path` then `\nname:value` per query parameter, sorted by name. */
export function canonicalizedResource(account: string, url: string): string {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  let out = `/${account}${path === "" ? "/" : path}`;
  if (q >= 0) {
    const params = new Map<string, string[]>();
    for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
      const key = name.toLowerCase();
      params.set(key, [...(params.get(key) ?? []), value]);
    }
    for (const name of [...params.keys()].sort()) out += `\n${name}:${params.get(name)!.join(",")}`;
  }
  return out;
}

/** The string to sign; `contentLength` overrides the header (a POST without body is signed as 0 or empty). */
export function stringToSign(account: string, req: SignedRequest, contentLength?: string): string {
  let s = `${req.method.toUpperCase()}\n`;
  for (const h of STANDARD) s += `${h === "content-length" && contentLength !== undefined ? contentLength : one(req.headers[h])}\n`;
  const ocp = Object.keys(req.headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h.startsWith("ocp-"))
    .sort();
  for (const h of ocp) {
    const v = one(req.headers[h]);
    if (v !== "") s += `${h}:${v.replace(/\s+/g, " ").trim()}\n`;
  }
  return s + canonicalizedResource(account, req.url);
}

/** `SharedKey account:signature` for a request (what a client sends). */
export function sign(account: string, keyBase64: string, req: SignedRequest): string {
  return `SharedKey ${account}:${createHmac("sha256", Buffer.from(keyBase64, "base64")).update(stringToSign(account, req), "utf8").digest("base64")}`;
}

/** Why a request is not authenticated (the AuthenticationErrorDetail), or undefined when it is. */
export function verify(account: string, keyBase64: string, req: SignedRequest, nowMs: number): string | undefined {
  const auth = one(req.headers["authorization"]);
  const m = /^SharedKey ([^:\s]+):([A-Za-z0-9+/=]+)$/.exec(auth);
  if (!m) return auth === "" ? "The Authorization header is missing: every request must be signed with the account's Shared Key." : "The Authorization header is not of the form 'SharedKey account:signature'.";
  if (m[1] !== account) return `The account '${m[1]}' in the Authorization header is not this server's account.`;
  const dateText = one(req.headers["ocp-date"]) || one(req.headers["date"]);
  const date = Date.parse(dateText);
  if (dateText === "" || Number.isNaN(date)) return "The request has no valid ocp-date or Date header.";
  if (Math.abs(nowMs - date) > MAX_CLOCK_SKEW_MS) return "The request time is more than 15 minutes away from the server's time.";
  const given = Buffer.from(m[2]!, "base64");
  const key = Buffer.from(keyBase64, "base64");
  // A POST without a body is signed with Content-Length "0" by some clients and "" by others.
  const length = one(req.headers["content-length"]);
  const variants = length === "" || length === "0" ? ["", "0"] : [length];
  for (const v of variants) {
    const expected = createHmac("sha256", key).update(stringToSign(account, req, v), "utf8").digest();
    if (expected.length === given.length && timingSafeEqual(expected, given)) return undefined;
  }
  return "The MAC signature found in the HTTP request is not the same as any computed signature.";
}
