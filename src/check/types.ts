// Static types of the autoscale language (spec §2) plus the checker's internal types.

/**
 * - `double`, `doubleVec`, `string`, `timestamp`, `timeinterval`: the language's value types.
 * - `dealloc`: a deallocation keyword (`requeue` …), only assignable to `$NodeDeallocationOption`.
 * - `metric`: a sampled service variable; it has methods but is not a value.
 * - `never`: the type of `stop()`, accepted wherever any type is expected (spec §11.3).
 * - `error`: poison after a reported error, so one mistake gives one diagnostic.
 */
export type Type =
  | "double"
  | "doubleVec"
  | "string"
  | "timestamp"
  | "timeinterval"
  | "dealloc"
  | "metric"
  | "never"
  | "error";

/** Parameter types of built-ins: value types plus the two argument-only forms. */
export type ParamType =
  | "double"
  | "doubleVec"
  | "string"
  | "timestamp"
  | "timeinterval"
  /** a timestamp or a timeinterval (window bounds of the sample methods) */
  | "time"
  /** spec §2: any comma-separated mix of double and doubleVec, flattened; only as a rest parameter */
  | "doubleVecList";

/** Spelling used in diagnostics and hover docs. */
export function typeName(t: Type | ParamType): string {
  switch (t) {
    case "dealloc":
      return "deallocation option";
    case "metric":
      return "sampled metric";
    case "time":
      return "timestamp or timeinterval";
    default:
      return t;
  }
}
