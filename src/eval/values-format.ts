// Formatting of runtime values exactly as the service prints them in `results` (spec §6.4,
// §11.5): .NET "G6" doubles, ISO timestamps with milliseconds, `[a,b]` vectors, TimeSpan "c"
// intervals. Pure functions; never throws for any value.

import { Dealloc, Interval, Timestamp, type Value } from "./runtime.ts";

/**
 * A double as .NET Core 3.0+ `ToString("G6")` prints it: at most 6 significant digits (exact
 * decimal expansion rounded half away from zero), no trailing zeros, scientific form
 * `d.ddddE+XX` when the exponent is ≤ −5 or ≥ 6. `NaN`, `Infinity`, `-Infinity`. Negative
 * zero prints `-0` (.NET Core 3.0 changed this from `0` to be IEEE-correct).
 */
export function formatDouble(x: number): string {
  // Fast paths first. Small integers print as themselves (but -0, which String prints as 0).
  if (Number.isInteger(x) && x > -1e6 && x < 1e6) return x === 0 && 1 / x < 0 ? "-0" : String(x);
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  // In the fixed-point range, toPrecision(6)
  // rounds the exact binary value to 6 significant digits, ties away from zero on the magnitude
  // (ECMA-262 Number.prototype.toPrecision: the larger n of a tie, after taking the sign off) —
  // the .NET digits; only its trailing zeros differ. A value that rounds up to 1e6 comes back in
  // exponent form and takes the general path.
  // A results string often prints one value several times (a variable and the target it sets).
  if (x === lastDouble) return lastDoubleText;
  const abs = x < 0 ? -x : x;
  let text: string | undefined;
  if (abs >= 1e-4 && abs < 1e6) {
    const fixed = x.toPrecision(6);
    if (fixed.indexOf("e") < 0) text = trimFraction(fixed);
  }
  text ??= formatDoubleSlow(x);
  lastDouble = x;
  lastDoubleText = text;
  return text;
}

/** The last non-integer formatDouble printed (NaN never equals itself: no stale hit). */
let lastDouble = Number.NaN;
let lastDoubleText = "";

/**
 * The general G6 path of {@link formatDouble}, for finite nonzero x: from toExponential's digits.
 * Exported so the tests can check the fast paths against it.
 */
export function formatDoubleSlow(x: number): string {
  const sign = x < 0 ? "-" : "";
  // toExponential rounds the exact binary value to 6 significant digits, ties away from zero
  // on the magnitude — the same digits .NET produces.
  const e = Math.abs(x).toExponential(5);
  const ePos = e.indexOf("e");
  const digits = (e[0]! + e.slice(2, ePos)).replace(/0+$/, "");
  const exp = Number(e.slice(ePos + 1));
  if (exp >= 6 || exp <= -5) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(exp);
    return `${sign}${mantissa}E${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return sign + digits + "0".repeat(intLen - digits.length);
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

/** `2016-10-13T19:18:47.805Z` (UTC, milliseconds truncated as .NET's round-trip of ms does). */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return "NaN";
  // Every evaluation prints its own time; a round of pools evaluated at one instant prints one.
  if (ms === lastTimestamp) return lastTimestampText;
  lastTimestampText = civilTimestamp(ms);
  lastTimestamp = ms;
  return lastTimestampText;
}

let lastTimestamp = Number.NaN;
let lastTimestampText = "";

function civilTimestamp(ms: number): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const hh = Math.floor(rest / 3_600_000);
  rest -= hh * 3_600_000;
  const mm = Math.floor(rest / 60_000);
  rest -= mm * 60_000;
  const ss = Math.floor(rest / 1000);
  const milli = rest - ss * 1000;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm; proleptic Gregorian, no Date).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const ms3 = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : String(milli);
  return `${String(y).padStart(4, "0")}-${p2(m)}-${p2(d)}T${p2(hh)}:${p2(mm)}:${p2(ss)}.${ms3}Z`;
}

const TICKS_PER_MS = 10_000;
const MS_PER_DAY = 86_400_000;

/**
 * A duration in .NET TimeSpan "c" form `[-][d.]hh:mm:ss[.fffffff]`: `00:15:00`, `1.00:00:00`,
 * `-00:00:30`, `00:00:00.0000001`. The value (milliseconds, a double) is rounded to whole 100 ns
 * ticks first. Integer arithmetic only: whole milliseconds and the ticks of the fraction are kept
 * apart, because ms × 10,000 is past 2^53 for spans over about 28 years and would print
 * floating-point residue (`-3652058.23:59:59.0000128` for 0001-01-01 − 9999-12-31).
 */
export function formatInterval(ms: number): string {
  if (!Number.isFinite(ms)) return ms > 0 ? "Infinity" : ms < 0 ? "-Infinity" : "NaN";
  const abs = Math.abs(ms);
  let whole = Math.floor(abs); // exact: |ms| < 2^53
  let subTicks = Math.round((abs - whole) * TICKS_PER_MS); // abs - whole is exact too
  if (subTicks === TICKS_PER_MS) {
    whole += 1;
    subTicks = 0;
  }
  const sign = ms < 0 && (whole !== 0 || subTicks !== 0) ? "-" : "";
  const days = Math.floor(whole / MS_PER_DAY);
  let rest = whole - days * MS_PER_DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const fraction = (rest - s * 1000) * TICKS_PER_MS + subTicks; // < 10^7 ticks
  const dayPart = days > 0 ? `${days}.` : "";
  const fracPart = fraction > 0 ? `.${String(fraction).padStart(7, "0")}` : "";
  return `${sign}${dayPart}${p2(h)}:${p2(m)}:${p2(s)}${fracPart}`;
}

/** `[1,2.5,3]`: G6 doubles joined by commas, no spaces; `[]` when empty. */
export function formatVector(v: readonly number[]): string {
  let out = "[";
  for (let i = 0; i < v.length; i++) out += (i ? "," : "") + formatDouble(v[i]!);
  return `${out}]`;
}

/** Any runtime value as the results string shows it (strings as written, keywords as words). */
export function formatValue(v: Value): string {
  if (typeof v === "number") return formatDouble(v);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return formatVector(v);
  if (v instanceof Timestamp) return formatTimestamp(v.ms);
  if (v instanceof Interval) return formatInterval(v.ms);
  if (v instanceof Dealloc) return v.name;
  return String(v);
}

/** `10.0300` → `10.03`, `5.00000` → `5`: trailing zeros of the fraction, then a bare point, dropped. */
function trimFraction(text: string): string {
  if (text.indexOf(".") < 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
