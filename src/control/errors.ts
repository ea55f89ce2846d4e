// Control-plane errors as data: the Batch service's error codes, HTTP statuses and messages for
// the requests autoscale touches (spec §6.1, §6.2, §6.5). The autoscaler returns them; the REST
// server renders them as the service's OData error JSON. Never thrown.

/** One `{ key, value }` detail of a Batch error (REST `values`). */
export interface ErrorDetail {
  readonly key: string;
  readonly value: string;
}

/** A refused request: what the service would answer. */
export interface ControlError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly values: readonly ErrorDetail[];
}

/** Either the value or the refusal. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ControlError };

/** A successful outcome. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** A refused outcome. */
export function refuse<T = never>(status: number, code: string, message: string, values: readonly ErrorDetail[] = []): Outcome<T> {
  return { ok: false, error: { status, code, message, values } };
}

/**
 * The codes this control plane answers with. Wire values follow the Batch SDKs' error-code
 * tables (BatchErrorCodeStrings); where the service's choice is undocumented, docs/control-plane.md
 * says what was chosen and why.
 */
export const CODES = {
  poolNotFound: [404, "PoolNotFound", "The specified pool does not exist."],
  poolExists: [409, "PoolExists", "The specified pool already exists."],
  poolBeingResized: [409, "PoolBeingResized", "The specified pool is being resized; the operation is not allowed until the resize completes."],
  invalidState: [409, "OperationInvalidForCurrentState", "The specified operation is not valid for the current state of the resource."],
  tooManyEnable: [503, "TooManyEnableAutoScaleRequests", "Enable AutoScale requests for the same pool must be separated by at least 30 seconds."],
  formulaTooLong: [400, "AutoScaleFormulaTooLong", "The specified auto-scaling formula is too long. The maximum length is 8192 characters."],
  formulaSyntax: [400, "AutoScalingFormulaSyntaxError", "The specified auto-scaling formula has a syntax error."],
  invalidProperty: [400, "InvalidPropertyValue", "The value provided for one of the properties in the request body is invalid."],
  missingProperty: [400, "MissingRequiredProperty", "A required property was not specified in the request body."],
  invalidSettings: [400, "InvalidAutoScalingSettings", "The specified auto-scale settings are not valid."],
} as const satisfies Record<string, readonly [number, string, string]>;

/** Refuses with one of {@link CODES}. */
export function fail<T = never>(which: keyof typeof CODES, values: readonly ErrorDetail[] = [], message?: string): Outcome<T> {
  const [status, code, text] = CODES[which];
  return refuse(status, code, message ?? text, values);
}

/** `[{ key: "PropertyName", value: name }, { key: "Reason", value: reason }]`, the service's shape for property errors. */
export function propertyDetails(name: string, reason: string, extra: Record<string, string> = {}): ErrorDetail[] {
  return [{ key: "PropertyName", value: name }, ...Object.entries(extra).map(([key, value]) => ({ key, value })), { key: "Reason", value: reason }];
}
