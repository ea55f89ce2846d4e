// The SQLite store: same behaviour as the memory store, migrations from every shipped version,
// and a crash test: a child process SIGKILLed in the middle of evaluation loops, restarted,
// leaves every committed run and setting intact and no run recorded twice.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { createAutoscaler, memoryStore, simulatedDriver, virtualClock, type ControlStore, type PoolRecord } from "../../src/entry/control.ts";
import { migrate, SCHEMA_VERSION, sqliteStore } from "../../src/entry/node/control.ts";
import { FORMULAS, POOLS } from "./crash-child.ts";

const dir = mkdtempSync(join(tmpdir(), "autoscale-control-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.parse("2024-05-01T00:00:00Z");

function exercise(store: ControlStore): unknown {
  const clock = virtualClock(T0);
  const a = createAutoscaler({ clock, store, driver: simulatedDriver() });
  a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 3;", autoScaleEvaluationIntervalMs: 5 * 60_000 });
  a.setShadowFormulas("p", ["$TargetDedicatedNodes = 1;", "$TargetLowPriorityNodes = 2;"]);
  a.recordSamples("p", [{ metric: "$PendingTasks", t: T0, value: 4 }]);
  clock.advance(20 * 60_000);
  a.addPool({ id: "q", targetDedicatedNodes: 1, displayName: "fixed" });
  return { pools: store.loadPools(), runs: store.runs("p"), last2: store.runs("p", { limit: 2 }), after3: store.runs("p", { after: 3 }), samples: store.samples("p", 0) };
}

describe("sqlite store", () => {
  it("stores what the memory store stores", () => {
    const s = sqliteStore(join(dir, "same.sqlite"));
    expect(exercise(s)).toEqual(exercise(memoryStore()));
    s.close();
  });

  it("samples: a row of samples straddling the pruning time keeps its newer ones; a deleted pool's go; same as the memory store", () => {
    const run = (store: ControlStore): unknown => {
      const rows = (pool: string, from: number) => Array.from({ length: 10 }, (_, i) => ({ poolId: pool, metric: i % 2 ? "$A" : "$B", t: from + (i * 7) % 10, value: i + 0.5 }));
      store.putPool({ id: "a", vmSize: "v", taskSlotsPerNode: 1, creationTime: 0, lastModified: 0, version: 1, enableAutoScale: false, targetDedicatedNodes: 0, targetLowPriorityNodes: 0, shadowFormulas: [], runCount: 0 });
      store.appendSamples([...rows("a", 0), ...rows("b", 3)]);
      store.appendSamples(rows("a", 20));
      // Each pool's samples in time order (stores may interleave pools differently).
      const both = (since: number) => [store.samples("a", since), store.samples("b", since), store.samples(undefined, since).length];
      const before = both(0);
      store.pruneSamples(5);
      const pruned = both(0);
      const later = both(8);
      store.deletePool("a");
      return { before, pruned, later, after: both(0) };
    };
    const s = sqliteStore(":memory:");
    const memory = run(memoryStore()) as { after: unknown[][] };
    expect(memory.after[0]).toHaveLength(0);
    expect(memory.after[1]).toHaveLength(8);
    expect(run(s)).toEqual(memory);
    s.close();
  });

  it("rounds that commit the same pools in the same order, with a pool changed, deleted and re-created between them: same as the memory store", () => {
    const run = (store: ControlStore): unknown => {
      const clock = virtualClock(T0);
      const a = createAutoscaler({ clock, store, driver: simulatedDriver() });
      for (const id of ["a", "b", "c"]) a.addPool({ id, enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = $TargetDedicatedNodes + 1;", autoScaleEvaluationIntervalMs: 5 * 60_000 });
      clock.advance(10 * 60_000);
      a.setShadowFormulas("b", ["$TargetDedicatedNodes = 7;"]); // b's row rewritten between two rounds
      clock.advance(5 * 60_000);
      a.deletePool("a");
      a.addPool({ id: "a", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 5;", autoScaleEvaluationIntervalMs: 5 * 60_000 });
      clock.advance(10 * 60_000);
      return { pools: store.loadPools().sort((x, y) => x.id.localeCompare(y.id)), runs: ["a", "b", "c"].map((id) => store.runs(id).map((r) => [r.seq, r.time - T0, r.run.results])) };
    };
    const s = sqliteStore(join(dir, "order.sqlite"));
    expect(run(s)).toEqual(run(memoryStore()));
    s.close();
  });

  it("a restart resumes pools, settings, history and samples", () => {
    const path = join(dir, "resume.sqlite");
    const clock = virtualClock(T0);
    const s1 = sqliteStore(path);
    const a = createAutoscaler({ clock, store: s1, driver: simulatedDriver() });
    a.addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = max($PendingTasks.GetSample(1));", autoScaleEvaluationIntervalMs: 5 * 60_000 });
    a.recordSamples("p", [{ metric: "PendingTasks", t: T0, value: 6 }]);
    clock.advance(12 * 60_000);
    a.close();
    s1.close();
    const s2 = sqliteStore(path);
    const clock2 = virtualClock(clock.now());
    const b = createAutoscaler({ clock: clock2, store: s2, driver: simulatedDriver() });
    const p = b.getPool("p");
    expect(p.ok && p.value).toMatchObject({ enableAutoScale: true, targetDedicatedNodes: 6, runCount: 3, currentDedicatedNodes: 6, allocationState: "steady" });
    clock2.advance(3 * 60_000); // the 15-min instant of the schedule
    const h = b.history("p");
    expect(h.ok && h.value.map((r) => [r.seq, (r.time - T0) / 60_000, r.run.error?.code])).toEqual([[1, 0, "AutoScalingFormulaEvaluationError"], [2, 5, undefined], [3, 10, undefined], [4, 15, undefined]]);
    s2.close();
  });

  it("migrates a version-1 database, keeping its pools and shadow formulas", () => {
    const path = join(dir, "v1.sqlite");
    const v1 = sqliteStore(path, { targetVersion: 1 });
    expect(v1.version).toBe(1);
    v1.db.exec(`INSERT INTO pools (id, vm_size, task_slots_per_node, creation_time, last_modified, version, enable_autoscale, formula, interval_ms, schedule_start,
      target_dedicated, target_low_priority, run_count, shadow_formulas) VALUES ('old', 'a2', 2, 1, 1, 1, 1, '$TargetDedicatedNodes = 1;', 300000, 1, 0, 0, 0,
      '["$TargetDedicatedNodes = 4;","$TargetDedicatedNodes = 5;"]')`);
    v1.close();
    const now = sqliteStore(path);
    expect(now.version).toBe(SCHEMA_VERSION);
    expect(now.getPool("old")).toMatchObject<Partial<PoolRecord>>({ taskSlotsPerNode: 2, autoScaleFormula: "$TargetDedicatedNodes = 1;", shadowFormulas: ["$TargetDedicatedNodes = 4;", "$TargetDedicatedNodes = 5;"] });
    now.close();
  });

  it("migrates a version-2 database, keeping its runs (history, error, targets, shadows) and their chain", () => {
    const path = join(dir, "v2.sqlite");
    const v2 = sqliteStore(path, { targetVersion: 2 });
    expect(v2.version).toBe(2);
    const error = { code: "AutoScalingFormulaEvaluationError", message: "m", values: [{ name: "Message", value: "Line 1, Col 24: Undefined symbol" }] };
    const shadows = [{ formula: "$TargetDedicatedNodes = 1;", run: { timestamp: "2024-05-01T00:05:00.000Z", results: "$TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue" }, targets: { dedicated: 1, lowPriority: 0 } }];
    const run2 = { timestamp: "2024-05-01T00:05:00.000Z", results: "$TargetDedicatedNodes=2.5;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion" };
    v2.db.exec(`INSERT INTO pools (id, vm_size, task_slots_per_node, creation_time, last_modified, version, enable_autoscale, formula, interval_ms, schedule_start,
      target_dedicated, target_low_priority, deallocation, run_count, last_run_time, autoscale_run) VALUES ('old', 'a2', 1, ${T0}, ${T0}, 1, 1, 'f', 300000, ${T0}, 2, 0, 'taskcompletion', 2, ${T0 + 300_000}, '${JSON.stringify(run2)}')`);
    const add = v2.db.prepare("INSERT INTO runs (pool_id, seq, time, formula, run, targets, applied, shadows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    add.run("old", 1, T0, "f", JSON.stringify({ timestamp: "2024-05-01T00:00:00.000Z", results: "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue", error }), null, 0, "[]");
    add.run("old", 2, T0 + 300_000, "f", JSON.stringify(run2), JSON.stringify({ dedicated: 2.5, lowPriority: 0, deallocation: "taskcompletion" }), 1, JSON.stringify(shadows));
    v2.close();
    const now = sqliteStore(path);
    expect(now.version).toBe(SCHEMA_VERSION);
    expect(now.runs("old")).toEqual([
      { poolId: "old", seq: 1, time: T0, formula: "f", run: { timestamp: "2024-05-01T00:00:00.000Z", results: "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue", error }, applied: false, shadows: [] },
      { poolId: "old", seq: 2, time: T0 + 300_000, formula: "f", run: run2, targets: { dedicated: 2.5, lowPriority: 0, deallocation: "taskcompletion" }, applied: true, shadows },
    ]);
    expect(now.runs("old", { after: 1 }).map((r) => r.seq)).toEqual([2]);
    now.deletePool("old");
    expect(now.db.prepare("SELECT count(*) AS n FROM run_chunks").get()).toEqual({ n: 0 });
    now.close();
  });

  it("refuses a database from a newer version, and a run recorded twice", () => {
    const db = new DatabaseSync(join(dir, "future.sqlite"));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
    db.close();
    const s = sqliteStore(":memory:");
    const clock = virtualClock(T0);
    createAutoscaler({ clock, store: s, driver: simulatedDriver() }).addPool({ id: "p", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;" });
    const run = s.runs("p")[0]!;
    expect(() => s.commitRuns([{ pool: s.getPool("p")!, run }])).toThrow();
    expect(() => s.commitRuns([{ pool: s.getPool("p")!, run: { ...run, time: run.time + 1 } }])).toThrow(/does not follow/);
    expect(s.runs("p")).toHaveLength(1);
  });
});

describe("crash: SIGKILL in the middle of evaluation loops", () => {
  const child = join(import.meta.dirname, "crash-child.ts");
  /** Starts the child, waits until it has committed at least `runs` runs, kills it with SIGKILL. */
  function runAndKill(db: string, runs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [child, db], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      let seen = 0;
      const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
      p.stderr.on("data", (d: Buffer) => (err += d.toString()));
      p.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = [...out.matchAll(/runs (\d+)/g)].at(-1);
        seen = m ? Number(m[1]) : 0;
        if (seen >= runs) p.kill("SIGKILL");
      });
      p.on("exit", (_code, signal) => {
        clearTimeout(timer);
        if (signal !== "SIGKILL") reject(new Error(`child ended without being killed: ${err}`));
        else if (seen < runs) reject(new Error(`child killed before ${runs} runs (saw ${seen}): ${err}`));
        else resolve(seen);
      });
    });
  }

  function check(db: string): Map<string, number> {
    const s = sqliteStore(db);
    const counts = new Map<string, number>();
    const pools = s.loadPools();
    expect(pools).toHaveLength(POOLS);
    for (const p of pools) {
      const runs = s.runs(p.id);
      // Every committed run is there once: seq 1..runCount without gaps, times strictly increasing.
      expect(runs.map((r) => r.seq)).toEqual(runs.map((_, i) => i + 1));
      expect(p.runCount).toBe(runs.length);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.time).toBeGreaterThan(runs[i - 1]!.time);
      expect(p.lastRunTime).toBe(runs.at(-1)!.time);
      expect(p.autoScaleRun).toEqual(runs.at(-1)!.run);
      // Settings intact: a formula this test set, the interval as created.
      expect(FORMULAS).toContain(p.autoScaleFormula);
      expect(p.autoScaleEvaluationIntervalMs).toBe(5 * 60_000);
      for (const r of runs) expect(FORMULAS).toContain(r.formula);
      counts.set(p.id, runs.length);
    }
    s.close();
    return counts;
  }

  it("every committed run and setting survives, none is recorded twice, and a restart continues", async () => {
    const db = join(dir, "crash.sqlite");
    await runAndKill(db, 2_000);
    const first = check(db);
    await runAndKill(db, 2_000);
    const second = check(db);
    for (const [id, n] of first) expect(second.get(id)!).toBeGreaterThan(n);
  }, 90_000);
});
