// Closures for calls of the `doubleVecList` functions (avg, max, sum, …) whose arguments are not
// one fused GetSample (compile.ts handles that case): two doubles, or a list of arguments
// written into a buffer owned by the call site. Same results and errors as impls.ts on the
// flattened arguments.

import type { OverloadId } from "../../check/builtins.ts";
import type { Span } from "../../base/diagnostics.ts";
import type { Frame } from "../frame.ts";
import type { ListImpl, RangeFn } from "../impls.ts";
import type { Value } from "../runtime.ts";

type Thunk = (f: Frame) => Value;

/** Writes one list argument's values at `out[n…]`; returns the new count. */
export type Pusher = (f: Frame, out: number[], n: number) => number;

/**
 * Call-site buffers are overwritten in place, never emptied (`length = 0` frees the backing
 * store, so every call would allocate a new one), except after a call with more values than
 * this, so one huge window does not pin its memory for the program's lifetime.
 */
const BUFFER_KEEP = 4096;

/**
 * `fn(x, y)` for two double arguments. max/min skip the buffer: maxOf/minOf of impls.ts on
 * `[x, y]` — a NaN first value wins, else y when it is greater (less) or NaN.
 */
export function listOfTwoDoubles(id: OverloadId, fn: ListImpl["fn"], site: Span, a: Thunk, b: Thunk): Thunk {
  if (id === "max_list") {
    return function evalMax2(f) {
      const x = a(f) as number;
      const y = b(f) as number;
      return x !== x || !(y > x || y !== y) ? x : y;
    };
  }
  if (id === "min_list") {
    return function evalMin2(f) {
      const x = a(f) as number;
      const y = b(f) as number;
      return x !== x || !(y < x || y !== y) ? x : y;
    };
  }
  const buf: number[] = [];
  return function evalListCallDD(f) {
    const x = a(f) as number;
    const y = b(f) as number;
    buf[0] = x;
    buf[1] = y;
    return fn(site, buf, 0, 2);
  };
}

/**
 * `fn` over the arguments' values written in order into one buffer of this call site: list
 * implementations never keep or return their input, and a site cannot re-enter itself (its
 * arguments are other sites).
 */
export function listOfPushers(fn: ListImpl["fn"], site: Span, pushers: readonly Pusher[]): Thunk {
  const buf: number[] = [];
  if (pushers.length === 2) {
    const [p, q] = pushers as [Pusher, Pusher];
    return function evalListCall2(f) {
      const n = q(f, buf, p(f, buf, 0));
      const v = fn(site, buf, 0, n);
      if (n > BUFFER_KEEP) buf.length = 0;
      return v;
    };
  }
  return function evalListCall(f) {
    let n = 0;
    for (let i = 0; i < pushers.length; i++) n = pushers[i]!(f, buf, n);
    const v = fn(site, buf, 0, n);
    if (n > BUFFER_KEEP) buf.length = 0;
    return v;
  };
}

/** A GetSample argument: its selected samples, read from the metric's buffer (method checks unchanged). */
export function pushSamples(range: RangeFn, metric: string, m: number, site: Span, a: Thunk, b: Thunk, c: Thunk): Pusher {
  return function pushSamples(f, out, n) {
    const series = f.series[m]!;
    const r = range(f.env, series, metric, site, a(f), b(f), c(f));
    const values = series.rawValues;
    for (let i = r.begin; i < r.end; i++) out[n++] = values[i]!;
    return n;
  };
}

/** A double argument. */
export function pushDouble(t: Thunk): Pusher {
  return function pushDouble(f, out, n) {
    out[n] = t(f) as number;
    return n + 1;
  };
}

/** Any argument: a double, or every element of a doubleVec. */
export function pushValue(t: Thunk): Pusher {
  return function pushValue(f, out, n) {
    const v = t(f);
    if (typeof v === "number") {
      out[n] = v;
      return n + 1;
    }
    const xs = v as readonly number[];
    for (let i = 0; i < xs.length; i++) out[n++] = xs[i]!;
    return n;
  };
}
