// `autoscale-formula/control`: the control plane's browser-safe parts: the autoscaler, clocks, the
// store interface with its in-memory implementation, the simulated pool driver, the service's
// rules and error codes. The SQLite store and the REST server are Node-only: `./control/node`.
export { createAutoscaler, type Autoscaler, type AutoscalerOptions, type PoolSpec, type PoolView } from "../control/autoscaler.ts";
export { realClock, virtualClock, type Clock, type TimerHandle, type VirtualClock } from "../control/clock.ts";
export { memoryStore, toAutoScaleEvent, type AutoScaleEvent, type ControlStore, type PoolRecord, type RunRecord, type RunTargets, type SampleRow, type ShadowResult } from "../control/store.ts";
export { simulatedDriver, type AllocationState, type DriverPoolState, type PoolDriver } from "../control/driver.ts";
export { CODES, type ControlError, type ErrorDetail, type Outcome } from "../control/errors.ts";
export { DEFAULT_INTERVAL_MS, ENABLE_THROTTLE_MS, MAX_FORMULA_LENGTH, MAX_INTERVAL_MS, MIN_INTERVAL_MS, MAX_SHADOWS } from "../control/rules.ts";
