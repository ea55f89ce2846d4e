// Runtime values, the evaluation error, and the seedable PRNG shared by the compiled closures
// and the reference interpreter. Data and tiny helpers only; no evaluation logic here.
//
// Value representation (chosen so the hot path is plain numbers and every value can still be
// told apart at run time, since user variables are dynamically typed and results must print them):
//   double        → number                      (truth values are 1 / 0)
//   doubleVec     → readonly number[]           (Array.isArray; never mutated after creation)
//   string        → string
//   timestamp     → Timestamp { ms }            (epoch milliseconds, UTC; may hold sub-ms parts)
//   timeinterval  → Interval { ms }             (signed milliseconds; printed rounded to 100 ns ticks)
//   dealloc       → Dealloc { name }            (one frozen instance per keyword)
// Timestamps keep a double's precision: about 0.25 µs for present-day instants, so an interval
// computed from two timestamps can be one 100 ns tick off what .NET would print.

import type { MessageId, Span } from "../base/diagnostics.ts";
import type { DeallocOption } from "../check/symbols.ts";
import { MAX_TIME_MS, MIN_TIME_MS } from "../base/timeparse.ts";

/** An instant (epoch ms, UTC). */
export class Timestamp {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
}

/** A signed duration in milliseconds. */
export class Interval {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
}

/** The four node deallocation options (spec §7); the keyword table is in symbols.ts. */
export type DeallocName = DeallocOption;

/** A deallocation keyword value; use {@link dealloc} to get the shared instance. */
export class Dealloc {
  readonly name: DeallocName;
  constructor(name: DeallocName) {
    this.name = name;
  }
}

const DEALLOCS: Record<DeallocName, Dealloc> = {
  requeue: Object.freeze(new Dealloc("requeue")),
  terminate: Object.freeze(new Dealloc("terminate")),
  taskcompletion: Object.freeze(new Dealloc("taskcompletion")),
  retaineddata: Object.freeze(new Dealloc("retaineddata")),
};

/** The shared value of a deallocation keyword. */
export function dealloc(name: DeallocName): Dealloc {
  return DEALLOCS[name];
}

/** Any runtime value of the language. */
export type Value = number | readonly number[] | string | Timestamp | Interval | Dealloc;

/** Largest |TimeSpan| .NET can hold (Int64 ticks), in ms. */
export const MAX_INTERVAL_MS = 922_337_203_685_477.5;

/**
 * A runtime failure: a catalogue message id, its arguments, and the span it is reported at
 * (`Line L, Col C:` is computed from `span.start`). `service` picks the AutoScaleRun error
 * code. Thrown by implementations and caught once, at the top of an evaluation.
 */
export class EvalError extends Error {
  readonly id: MessageId;
  readonly args: readonly (string | number)[];
  readonly span: Span;
  constructor(id: MessageId, span: Span, args: readonly (string | number)[] = []) {
    super(id);
    this.id = id;
    this.args = args;
    this.span = span;
  }
}

/** Thrown by `stop()`: ends execution successfully (caught by the statement loop). */
export const STOP: unique symbol = Symbol("stop");

/** Checks an interval result; NaN, infinities and values beyond .NET's TimeSpan range fail. */
export function makeInterval(ms: number, what: string, site: Span): Interval {
  if (!(ms >= -MAX_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) throw new EvalError("TimeOutOfRange", site, [what, "timeinterval"]);
  return new Interval(ms);
}

/** Checks a timestamp result: it must fall in .NET's DateTime range (years 0001–9999). */
export function makeTimestamp(ms: number, what: string, site: Span): Timestamp {
  if (!(ms >= MIN_TIME_MS && ms <= MAX_TIME_MS)) throw new EvalError("TimeOutOfRange", site, [what, "timestamp"]);
  return new Timestamp(ms);
}

/**
 * A seedable PRNG (sfc32, seeded through splitmix32) returning doubles in [0, 1). The same seed
 * gives the same sequence, so dry-runs with a seed are reproducible.
 */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return function random(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
