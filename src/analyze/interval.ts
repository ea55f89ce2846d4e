// Intervals of doubles for the bounds analysis: [lo, hi] over the extended reals, plus whether
// ±Infinity itself and NaN may occur. Pure arithmetic on abstract values; no AST here.
// Every operation over-approximates the IEEE operation it models (sound, not always tight).

/**
 * The set `{ x : lo ≤ x ≤ hi }` of doubles, where an infinite endpoint means "no bound" and the
 * value ±Infinity itself belongs to the set only when `inf` is set; NaN belongs when `nan` is set.
 * No number at all: `lo > hi` (canonically `lo = +∞, hi = −∞`). −0 is inside any interval holding 0.
 */
export interface Iv {
  readonly lo: number;
  readonly hi: number;
  /** ±Infinity (at an infinite endpoint) may occur, e.g. after a division by a value near 0 or an overflow */
  readonly inf: boolean;
  /** NaN may occur (0/0, ∞ − ∞, 0 × ∞, log of a negative number) */
  readonly nan: boolean;
}

/** No value at all (unreachable). */
export const EMPTY: Iv = Object.freeze({ lo: Infinity, hi: -Infinity, inf: false, nan: false });
/** Any finite double. */
export const REALS: Iv = Object.freeze({ lo: -Infinity, hi: Infinity, inf: false, nan: false });
/** Any double at all, NaN and ±Infinity included. */
export const ANY_DOUBLE: Iv = Object.freeze({ lo: -Infinity, hi: Infinity, inf: true, nan: true });
/** A truth value of unknown outcome. */
export const BOOL: Iv = Object.freeze({ lo: 0, hi: 1, inf: false, nan: false });

/** Builds a normalized interval: a NaN endpoint becomes the unbounded one; no finite value left and no ±∞ allowed means no number. */
export function iv(lo: number, hi: number, inf = false, nan = false): Iv {
  if (Number.isNaN(lo)) lo = -Infinity;
  if (Number.isNaN(hi)) hi = Infinity;
  if (lo > hi || (!inf && (lo === Infinity || hi === -Infinity))) return nan ? { lo: Infinity, hi: -Infinity, inf: false, nan: true } : EMPTY;
  return { lo, hi, inf: inf && (lo === -Infinity || hi === Infinity), nan };
}

/** The single value `x`. */
export function point(x: number): Iv {
  return Number.isNaN(x) ? iv(Infinity, -Infinity, false, true) : iv(x, x, !Number.isFinite(x));
}

/** Truth value: 0 when `canFalse`, 1 when `canTrue`. */
export function truth(canFalse: boolean, canTrue: boolean): Iv {
  return iv(canFalse ? 0 : 1, canTrue ? 1 : 0);
}

export const hasNumber = (a: Iv): boolean => a.lo <= a.hi;
export const isEmpty = (a: Iv): boolean => a.lo > a.hi && !a.nan;
export const hasZero = (a: Iv): boolean => a.lo <= 0 && a.hi >= 0;
const mayPosInf = (a: Iv): boolean => a.inf && a.hi === Infinity;
const mayNegInf = (a: Iv): boolean => a.inf && a.lo === -Infinity;
const mayInf = (a: Iv): boolean => mayPosInf(a) || mayNegInf(a);
/** NaN in one operand gives NaN only when the other operand has some value. */
const nanIn = (a: Iv, b: Iv): boolean => (a.nan && !isEmpty(b)) || (b.nan && !isEmpty(a));
/** True when a computed bound is infinite, so a finite result may have overflowed to ±∞. */
const overflow = (lo: number, hi: number): boolean => lo === -Infinity || hi === Infinity;

/** A condition that may be true (nonzero, or NaN: NaN !== 0). */
export const mayBeTrue = (c: Iv): boolean => c.nan || (hasNumber(c) && (c.lo < 0 || c.hi > 0));
/** A condition that may be false (exactly 0). */
export const mayBeFalse = (c: Iv): boolean => hasNumber(c) && hasZero(c);

/** Smallest interval holding both. */
export function join(a: Iv, b: Iv): Iv {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  return iv(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), a.inf || b.inf, a.nan || b.nan);
}

/** Values in both. */
export function meet(a: Iv, b: Iv): Iv {
  return iv(Math.max(a.lo, b.lo), Math.min(a.hi, b.hi), a.inf && b.inf, a.nan && b.nan);
}

/** `x` is in `a` (the property tests' membership test). */
export function contains(a: Iv, x: number): boolean {
  if (Number.isNaN(x)) return a.nan;
  if (!Number.isFinite(x) && !a.inf) return false;
  return x >= a.lo && x <= a.hi;
}

export function neg(a: Iv): Iv {
  return iv(-a.hi, -a.lo, a.inf, a.nan);
}

export function add(a: Iv, b: Iv): Iv {
  const nan = nanIn(a, b) || (mayPosInf(a) && mayNegInf(b)) || (mayNegInf(a) && mayPosInf(b));
  if (!hasNumber(a) || !hasNumber(b)) return iv(Infinity, -Infinity, false, nan);
  const lo = a.lo + b.lo;
  const hi = a.hi + b.hi;
  return iv(lo, hi, a.inf || b.inf || overflow(lo, hi), nan);
}

export function sub(a: Iv, b: Iv): Iv {
  return add(a, neg(b));
}

/** a × b, where 0 × ±∞ counts as 0 for the bounds (the finite products near it) and as NaN for the flag. */
const times = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);

export function mul(a: Iv, b: Iv): Iv {
  const nan = nanIn(a, b) || (hasZero(a) && mayInf(b)) || (hasZero(b) && mayInf(a));
  if (!hasNumber(a) || !hasNumber(b)) return iv(Infinity, -Infinity, false, nan);
  const p1 = times(a.lo, b.lo), p2 = times(a.lo, b.hi), p3 = times(a.hi, b.lo), p4 = times(a.hi, b.hi);
  const lo = Math.min(p1, p2, p3, p4);
  const hi = Math.max(p1, p2, p3, p4);
  return iv(lo, hi, a.inf || b.inf || overflow(lo, hi), nan);
}

/** Candidates of x / y at one corner; ∞/∞ stands for every quotient of large numbers of those signs (0 … ∞). */
function quotients(x: number, y: number, out: number[]): void {
  if (!Number.isFinite(x) && !Number.isFinite(y)) {
    const sign = Math.sign(x) * Math.sign(y);
    out.push(0, sign * Infinity);
  } else out.push(x / y);
}

export function div(a: Iv, b: Iv): Iv {
  let nan = nanIn(a, b) || (mayInf(a) && mayInf(b));
  if (!hasNumber(a) || !hasNumber(b)) return iv(Infinity, -Infinity, false, nan);
  if (hasZero(b)) {
    // x / ±0 is ±∞ (sign from x and from the zero's sign, which −0 makes unknowable), 0 / 0 is NaN.
    nan ||= hasZero(a);
    return iv(-Infinity, Infinity, true, nan);
  }
  const qs: number[] = [];
  quotients(a.lo, b.lo, qs);
  quotients(a.lo, b.hi, qs);
  quotients(a.hi, b.lo, qs);
  quotients(a.hi, b.hi, qs);
  const lo = Math.min(...qs);
  const hi = Math.max(...qs);
  return iv(lo, hi, a.inf || overflow(lo, hi), nan);
}

/** Applies a nondecreasing function to both endpoints (ceil, floor, round). */
export function monotone(a: Iv, f: (x: number) => number): Iv {
  return iv(f(a.lo), f(a.hi), a.inf, a.nan);
}

/** Widens outward by a few units of relative error: results of sums, means and transcendental functions whose rounding can cross the exact bound. */
export function widen(a: Iv): Iv {
  if (!hasNumber(a)) return a;
  const out = (x: number, dir: 1 | -1): number => (Number.isFinite(x) && x !== 0 ? x + dir * Math.abs(x) * 1e-12 : x);
  return iv(out(a.lo, -1), out(a.hi, 1), a.inf, a.nan);
}

/** A logarithm (any base): nondecreasing on [0, ∞], −∞ at 0, NaN below 0. */
export function log(a: Iv, f: (x: number) => number): Iv {
  const nan = a.nan || (hasNumber(a) && a.lo < 0);
  if (!hasNumber(a) || a.hi < 0) return iv(Infinity, -Infinity, false, nan);
  const lo = Math.max(a.lo, 0);
  return widen(iv(f(lo), f(a.hi), a.inf || lo === 0, nan));
}

/** The number part only (no NaN, no ±∞): what a completed run can hold in a target. */
export function finitePart(a: Iv): Iv {
  return iv(a.lo, a.hi, false, false);
}

// ---- comparisons: a truth value, 1 when it may hold, 0 when it may fail (NaN never compares) ----

export function lt(a: Iv, b: Iv): Iv {
  if (isEmpty(a) || isEmpty(b)) return EMPTY;
  const both = hasNumber(a) && hasNumber(b);
  return truth(a.nan || b.nan || (both && a.hi >= b.lo), both && a.lo < b.hi);
}
export function le(a: Iv, b: Iv): Iv {
  if (isEmpty(a) || isEmpty(b)) return EMPTY;
  const both = hasNumber(a) && hasNumber(b);
  return truth(a.nan || b.nan || (both && a.hi > b.lo), both && a.lo <= b.hi);
}
export function eq(a: Iv, b: Iv): Iv {
  if (isEmpty(a) || isEmpty(b)) return EMPTY;
  const both = hasNumber(a) && hasNumber(b);
  const overlap = both && a.lo <= b.hi && b.lo <= a.hi;
  const single = both && a.lo === a.hi && b.lo === b.hi && a.lo === b.lo;
  return truth(a.nan || b.nan || !single, overlap);
}
export function ne(a: Iv, b: Iv): Iv {
  return not(eq(a, b));
}
/** `!x`: 1 exactly when x is 0. */
export function not(a: Iv): Iv {
  if (isEmpty(a)) return EMPTY;
  return truth(mayBeTrue(a), mayBeFalse(a));
}

/**
 * `[lo, hi]`; an unbounded side prints `(−∞` / `+∞)`, or `[−∞` / `+∞]` when ±Infinity itself may
 * occur (after an overflow or a division by a value near 0); `{3}` when exact; `∅` when empty;
 * ` or NaN` when NaN may occur.
 */
export function formatIv(a: Iv, num: (x: number) => string = String): string {
  if (!hasNumber(a)) return a.nan ? "NaN" : "∅";
  let text: string;
  if (a.lo === a.hi) text = `{${num(a.lo)}}`;
  else {
    const left = a.lo === -Infinity ? (a.inf ? "[−∞" : "(−∞") : `[${num(a.lo)}`;
    const right = a.hi === Infinity ? (a.inf ? "+∞]" : "+∞)") : `${num(a.hi)}]`;
    text = `${left}, ${right}`;
  }
  return a.nan ? `${text} or NaN` : text;
}
