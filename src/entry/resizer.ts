// `autoscale-formula/resizer`: the resizer as a pure planning function, for embedders that run
// their own pools. planResize decides which nodes to add and remove; the embedder applies the plan.
export { planResize, removalOrder, normalizeTarget, type Targets, type ResizeSnapshot, type SnapshotNode, type SnapshotTask, type SnapshotCounts, type ResizePlan, type NodeRemoval, type TaskFate } from "../resizer/plan.ts";
export type { NodeKind, NodeState } from "../resizer/model.ts";
export type { DeallocOption } from "../check/symbols.ts";
