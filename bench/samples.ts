// Sample intake (issue 9): 1,000,000 samples of one metric given shuffled, as a context's samples
// (evaluateAutoScale, which loads them and evaluates once) and straight into a store
// (samplesFromRecord). Samples are sorted once per metric, O(n log n); inserted one at a time
// they took minutes (155 s for 1,000,000 newest-first samples before the fix).
import { evaluateAutoScale } from "../src/eval/evaluate.ts";
import { samplesFromRecord } from "../src/metrics/load.ts";
import { createRng } from "../src/resizer/rng.ts";
import { blackhole, measure, type BenchRow } from "./harness.ts";

const N = 1_000_000;
const NOW = Date.UTC(2024, 0, 1);
const POOL = { targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, taskSlotsPerNode: 1 };
const FORMULA = "$TargetDedicatedNodes = avg($PendingTasks.GetSample(TimeInterval_Hour));";

function samples(order: "ascending" | "shuffled"): [number, number][] {
  const list = Array.from({ length: N }, (_, i) => [NOW - (N - i) * 30_000, i % 17] as [number, number]);
  if (order === "shuffled") {
    const rng = createRng(9);
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }
  return list;
}

export async function run(): Promise<BenchRow[]> {
  const ascending = samples("ascending");
  const shuffled = samples("shuffled");
  const evaluate = (list: [number, number][]) => () => {
    const r = evaluateAutoScale(FORMULA, { now: NOW, pool: POOL, samples: { $PendingTasks: list } });
    if (r.error) throw new Error(`bench evaluation failed: ${r.error.message}`);
    return r;
  };
  const intake = (list: [number, number][]) => () => {
    const r = samplesFromRecord({ $PendingTasks: list });
    if (r.store.get("$PendingTasks").length !== N) throw new Error("bench intake lost samples");
    return r;
  };
  const opts = { samples: 5, warmup: 1 };
  const evalShuffled = measure(evaluate(shuffled), opts) / 1e6;
  const evalAscending = measure(evaluate(ascending), opts) / 1e6;
  const intakeShuffled = measure(intake(shuffled), opts) / 1e6;
  const intakeAscending = measure(intake(ascending), opts) / 1e6;
  blackhole([ascending, shuffled]);
  return [
    { name: "evaluateAutoScale with 1,000,000 shuffled samples", value: evalShuffled, unit: "ms", note: `ascending ${evalAscending.toFixed(0)} ms; was minutes before issue 9 (155 s newest-first)` },
    { name: "samplesFromRecord: 1,000,000 shuffled samples into a store", value: intakeShuffled, unit: "ms", note: `ascending ${intakeAscending.toFixed(0)} ms` },
  ];
}
