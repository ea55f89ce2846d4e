// `autoscale-formula/analyze`: what is proven about a formula without running it: the bounds
// (interval analysis) of its targets and user variables, and the A6xx findings they support.
export { bounds, formatBounds, formatInterval, DEFAULT_INPUTS, parseAssumption, resolveInputs, contains, type Assumptions, type BoundsOptions, type BoundsResult, type InputRange, type InputRanges, type Iv, type VariableBounds } from "../analyze/bounds.ts";
