// Compact series notation of formula tests, as in Prometheus unit tests (promtool):
//   `a`      one value            `axn`   n+1 copies of a
//   `a+bxn`  a, a+b, …, a+n·b     `a-bxn` a, a−b, …, a−n·b
//   `_`      one missing sample   `_xn`   n missing samples
// Space-separated pieces concatenate. Never throws; an error names the piece and its offset.

/** One value per sample period; `undefined` is a missing sample. */
export type SeriesValues = readonly (number | undefined)[];

/** Most values one series may expand to (a week of 30 s samples is 20,160). */
export const MAX_SERIES_VALUES = 100_000;

export type SeriesParse = { readonly values: SeriesValues } | { readonly error: string; readonly offset: number };

const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const PIECE = new RegExp(String.raw`^(?:(_)|(${NUM}))(?:([+-])(\d+(?:\.\d*)?|\.\d+))?(?:x(\d+))?$`);

/** Expands a series in compact notation (a bare number is one value). */
export function parseSeries(input: string | number): SeriesParse {
  if (typeof input === "number") {
    return Number.isFinite(input) ? { values: [input] } : { error: `${input} is not a finite number`, offset: 0 };
  }
  if (typeof input !== "string") return { error: "a series is a string such as \"0+5x10\" or a number", offset: 0 };
  const values: (number | undefined)[] = [];
  const re = /\S+/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    const piece = m[0];
    const p = PIECE.exec(piece);
    if (!p) return { error: `'${clip(piece)}' is not a series piece (a, axn, a+bxn, a-bxn, _ or _xn)`, offset: m.index };
    const [, missing, start, sign, step, times] = p;
    const n = times === undefined ? undefined : Number(times);
    if (missing !== undefined && step !== undefined) return { error: `'${clip(piece)}': a missing sample has no step`, offset: m.index };
    // `_xn` is n missing samples; `axn` is n+1 values (promtool's convention for both).
    const count = n === undefined ? 1 : missing !== undefined ? n : n + 1;
    if (values.length + count > MAX_SERIES_VALUES) {
      return { error: `the series expands to more than ${MAX_SERIES_VALUES.toLocaleString("en-US")} values`, offset: m.index };
    }
    if (missing !== undefined) {
      for (let i = 0; i < count; i++) values.push(undefined);
      continue;
    }
    const a = Number(start);
    const b = step === undefined ? 0 : (sign === "-" ? -1 : 1) * Number(step);
    // a + i·b computed from a each time, so long runs carry no accumulated rounding.
    for (let i = 0; i < count; i++) values.push(a + i * b);
  }
  if (values.length === 0) return { error: "the series is empty", offset: 0 };
  return { values };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
