// Child process of sqlite-crash.test.ts: evaluation loops on a virtual clock over a SQLite store,
// as fast as it can, until it is killed. On a restart it resumes from the store.
import { createAutoscaler, simulatedDriver, virtualClock } from "../../src/entry/control.ts";
import { sqliteStore } from "../../src/entry/node/control.ts";

export const FORMULAS = [
  "$TargetDedicatedNodes = 2;",
  "$n = max($UsableNodeCount.GetSample(1)); $TargetDedicatedNodes = $n + 1 > 5 ? 1 : $n + 1;",
  "$TargetDedicatedNodes = $nope;",
];
export const POOLS = 20;
const T0 = Date.parse("2024-05-01T00:00:00Z");

if (process.argv[2]) {
  const store = sqliteStore(process.argv[2]);
  const stored = store.loadPools();
  const start = stored.length > 0 ? Math.max(...stored.map((p) => p.lastRunTime ?? p.creationTime)) : T0;
  const clock = virtualClock(start);
  let runs = 0;
  const a = createAutoscaler({ clock, store, driver: simulatedDriver({ allocationDelayMs: 60_000 }), onRun: () => runs++ });
  if (stored.length === 0) {
    for (let i = 0; i < POOLS; i++) a.addPool({ id: `p${i}`, enableAutoScale: true, autoScaleFormula: FORMULAS[i % 2]!, autoScaleEvaluationIntervalMs: 5 * 60_000 });
  }
  process.stdout.write(`ready ${runs}\n`);
  for (let round = 1; ; round++) {
    clock.advance(5 * 60_000);
    if (round % 7 === 0) a.enable(`p${round % POOLS}`, { formula: FORMULAS[round % FORMULAS.length]! });
    if (round % 20 === 0) {
      process.stdout.write(`runs ${runs}\n`);
      await new Promise((r) => setImmediate(r));
    }
  }
}
