// A deterministic control-plane scenario in two sessions (a restart between them) over any store:
// pools with constant, oscillating, sample-driven, failing, random and shadowed formulas, manual
// resizes, enables (new formula, new interval), disable, delete, pushed samples. `snapshot` is
// everything a store keeps and the API shows. test/control/scenario.test.ts compares it with a
// golden file written by the schema-v3 store (before the store stopped rewriting pool rows at
// every run), and starts session 2 from a v3 database dump (fixtures/scenario-v3.sql).
import type { DatabaseSync } from "node:sqlite";
import { createAutoscaler, simulatedDriver, virtualClock, type ControlStore } from "../../src/entry/control.ts";

export const T0 = Date.parse("2024-05-01T00:00:00Z");
const MIN = 60_000;
/** session 1 runs rounds [0, SPLIT), session 2 rounds [SPLIT, ROUNDS) */
export const SPLIT = 14;
export const ROUNDS = 30;

const F = {
  constant: "$TargetDedicatedNodes = 2;",
  oscillating: "$n = avg($UsableNodeCount.GetSample(TimeInterval_Minute * 5, 50)); $TargetDedicatedNodes = $n < 3 ? $n + 1 : 2;",
  pending: "$p = max($PendingTasks.GetSample(1)); $TargetDedicatedNodes = min(4, $p); $NodeDeallocationOption = taskcompletion;",
  failing: "$TargetDedicatedNodes = $nope;",
  random: "$TargetLowPriorityNodes = floor(rand() * 3); $TargetDedicatedNodes = 1;",
  lowPriority: "$TargetLowPriorityNodes = 2.7; $TargetDedicatedNodes = 0;",
};

/** Runs rounds [from, to) of the scenario on `store` (a fresh autoscaler resumes what it holds). */
export function runSession(store: ControlStore, from: number, to: number): unknown {
  const clock = virtualClock(T0 + from * 5 * MIN);
  const a = createAutoscaler({ clock, store, driver: simulatedDriver({ allocationDelayMs: MIN }) });
  const must = (o: { ok: boolean }, what: string): void => {
    if (!o.ok) throw new Error(`scenario step refused: ${what}: ${JSON.stringify(o)}`);
  };
  for (let r = from; r < to; r++) {
    const t = clock.now();
    switch (r) {
      case 0:
        must(a.addPool({ id: "constant", enableAutoScale: true, autoScaleFormula: F.constant, autoScaleEvaluationIntervalMs: 5 * MIN }), "constant");
        must(a.addPool({ id: "oscillating", enableAutoScale: true, autoScaleFormula: F.oscillating, autoScaleEvaluationIntervalMs: 5 * MIN }), "oscillating");
        must(a.addPool({ id: "pending", enableAutoScale: true, autoScaleFormula: F.pending, autoScaleEvaluationIntervalMs: 10 * MIN, taskSlotsPerNode: 4 }), "pending");
        must(a.addPool({ id: "failing", enableAutoScale: true, autoScaleFormula: F.failing, autoScaleEvaluationIntervalMs: 5 * MIN }), "failing");
        must(a.addPool({ id: "random", displayName: "rand", enableAutoScale: true, autoScaleFormula: F.random, autoScaleEvaluationIntervalMs: 5 * MIN }), "random");
        must(a.addPool({ id: "manual", targetDedicatedNodes: 1, vmSize: "standard_a1" }), "manual");
        must(a.setShadowFormulas("constant", [F.lowPriority, F.failing]), "shadows");
        break;
      case 3:
        must(a.enable("constant", { formula: F.lowPriority }), "enable formula");
        must(a.resize("manual", { targetDedicatedNodes: 3, nodeDeallocationOption: "terminate" }), "resize");
        break;
      case 6:
        must(a.enable("manual", { formula: F.constant, intervalMs: 5 * MIN }), "enable manual");
        must(a.addPool({ id: "late", enableAutoScale: true, autoScaleFormula: F.oscillating, autoScaleEvaluationIntervalMs: 5 * MIN }), "late");
        break;
      case 9:
        must(a.enable("oscillating", { intervalMs: 15 * MIN }), "enable interval");
        must(a.deletePool("failing"), "delete");
        break;
      case 12:
        must(a.disable("random"), "disable");
        must(a.setShadowFormulas("constant", [F.constant]), "shadows 2");
        break;
      case 16:
        must(a.resize("random", { targetDedicatedNodes: 2, targetLowPriorityNodes: 1 }), "resize random");
        must(a.enable("constant", { formula: F.failing }), "enable failing");
        break;
      case 20:
        must(a.enable("random", { formula: F.random }), "enable random");
        must(a.setShadowFormulas("constant", []), "no shadows");
        break;
      case 25:
        must(a.enable("constant", { formula: F.constant }), "enable constant");
        must(a.addPool({ id: "failing", enableAutoScale: true, autoScaleFormula: F.pending, autoScaleEvaluationIntervalMs: 5 * MIN }), "failing again");
        break;
    }
    if (r % 2 === 0) must(a.recordSamples("pending", [{ metric: "$PendingTasks", t, value: (r * 7) % 9 }]), "samples");
    clock.advance(5 * MIN);
  }
  const view = a.listPools().sort((x, y) => (x.id < y.id ? -1 : 1));
  a.close();
  return view;
}

/** What the store holds and the API shows after a session. */
export function snapshot(store: ControlStore, view: unknown): unknown {
  const pools = store.loadPools().sort((x, y) => (x.id < y.id ? -1 : 1));
  return {
    view,
    pools,
    runs: Object.fromEntries(pools.map((p) => [p.id, store.runs(p.id)])),
    newest3: Object.fromEntries(pools.map((p) => [p.id, store.runs(p.id, { limit: 3 })])),
    after5: Object.fromEntries(pools.map((p) => [p.id, store.runs(p.id, { after: 5, limit: 4 }).map((r) => r.seq)])),
    // Each pool's samples in time order (stores may interleave pools differently).
    samples: pools.map((p) => store.samples(p.id, 0)),
  };
}

/** The rows of a database as SQL text (tables and indexes, then rows): a readable fixture. */
export function dumpSql(db: DatabaseSync): string {
  const quote = (v: unknown): string => (v === null ? "NULL" : typeof v === "number" || typeof v === "bigint" ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
  const version = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  const out = [`PRAGMA user_version = ${version};`];
  const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name").all() as { type: string; name: string; sql: string }[];
  for (const o of objects) out.push(`${o.sql};`);
  for (const o of objects.filter((x) => x.type === "table")) {
    for (const row of db.prepare(`SELECT * FROM ${o.name}`).all() as Record<string, unknown>[]) {
      out.push(`INSERT INTO ${o.name} (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(quote).join(", ")});`);
    }
  }
  return out.join("\n") + "\n";
}
