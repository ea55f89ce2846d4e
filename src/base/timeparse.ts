// time("…") parsing (spec §4.1, §11.3): ISO 8601 / W3C-DTF with up to 7 fractional digits
// (.NET ticks) and RFC 1123. Pure; returns undefined for anything else (the caller reports E407).

// W3C-DTF profile of ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.f{1,7}]]
// and a zone (Z or ±hh:mm). A missing zone means UTC: the service runs on UTC and time() is UTC.
// A space instead of `T` is accepted as .NET's DateTime.Parse does.
const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?)?)?$/;

// RFC 1123: "Mon, 06 Oct 2014 10:20:00 GMT" (.NET "r" format). The weekday must match the date,
// as .NET checks it ("the day of week was incorrect").
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC)$/;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Earliest and latest instants a .NET DateTime can hold (years 0001–9999), epoch ms. */
export const MIN_TIME_MS = -62_135_596_800_000;
export const MAX_TIME_MS = 253_402_300_799_999.9;

/**
 * Parses a `time("…")` argument to epoch milliseconds (fractional below 1 ms when more than
 * three fractional digits are given). `undefined` when the text is not an accepted form,
 * including 8 or 9 fractional digits (nextflow#3866) and invalid dates such as Feb 30.
 */
export function parseTime(text: string): number | undefined {
  if (typeof text !== "string") return undefined;
  const s = text.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone] = iso;
    const base = civil(num(y), mo === undefined ? 1 : num(mo), d === undefined ? 1 : num(d), num(h), num(mi), num(sec));
    if (base === undefined) return undefined;
    const fraction = frac === undefined ? 0 : (Number(frac) / 10 ** frac.length) * 1000;
    return withinRange(base + fraction - zoneOffsetMs(zone));
  }
  const rfc = RFC1123.exec(s);
  if (rfc) {
    const [, wd, d, mon, y, h, mi, sec] = rfc;
    const t = civil(num(y), MONTHS.indexOf(mon!) + 1, num(d), num(h), num(mi), num(sec));
    if (t === undefined) return undefined;
    if (WEEKDAYS[new Date(t).getUTCDay()] !== wd) return undefined;
    return withinRange(t);
  }
  return undefined;
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

/** UTC epoch ms of a validated civil date-time, or undefined when a field is out of range. */
function civil(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hh = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4));
  if (hh > 14 || mm > 59) return NaN;
  return sign * (hh * 60 + mm) * 60_000;
}

function withinRange(t: number): number | undefined {
  return Number.isFinite(t) && t >= MIN_TIME_MS && t <= MAX_TIME_MS ? t : undefined;
}
