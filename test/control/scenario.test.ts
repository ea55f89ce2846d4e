// The control plane's observable state is unchanged by the store's optimisations: the scenario
// (scenario.ts) over the memory store, over a fresh SQLite store with a restart in the middle, and
// from a schema-v3 database dump (migrated on open) gives exactly the golden snapshot that the
// schema-v3 store recorded (fixtures/scenario-golden.json: pools, runs with their AutoScaleRun,
// shadows and targets, history windows, samples, and what GET shows). A golden file can fail:
// any change in a run, a target, a results string or the history is a difference here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../src/entry/control.ts";
import { SCHEMA_VERSION, sqliteStore } from "../../src/entry/node/control.ts";
import { ROUNDS, runSession, snapshot, SPLIT } from "./scenario.ts";

const dir = mkdtempSync(join(tmpdir(), "autoscale-scenario-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const golden = JSON.parse(fixture("scenario-golden.json")) as unknown;

/** Opens the database once more: the same pools, runs and samples as the golden scenario (the view needs a driver: not compared). */
function expectReopenedAsGolden(path: string): void {
  const store = sqliteStore(path);
  const { view: _v, ...stored } = snapshot(store, undefined) as Record<string, unknown>;
  const { view: _g, ...expected } = golden as Record<string, unknown>;
  expect(stored).toEqual(expected);
  store.close();
}

describe("control-plane scenario against the golden snapshot", () => {
  it("memory store", () => {
    const store = memoryStore();
    runSession(store, 0, SPLIT);
    expect(snapshot(store, runSession(store, SPLIT, ROUNDS))).toEqual(golden);
  });

  it("SQLite store, restarted between the two sessions and once more after", () => {
    const path = join(dir, "fresh.sqlite");
    const s1 = sqliteStore(path);
    runSession(s1, 0, SPLIT);
    s1.close();
    const s2 = sqliteStore(path);
    const snap = snapshot(s2, runSession(s2, SPLIT, ROUNDS));
    expect(snap).toEqual(golden);
    s2.close();
    // A third open restores the same pools, runs and samples.
    expectReopenedAsGolden(path);
  });

  it.each([1, 3, 20])("SQLite store rewriting a pool's row every %i runs or so (checkpoints), restarted with another spacing", (checkpointRuns) => {
    const path = join(dir, `checkpoint-${checkpointRuns}.sqlite`);
    const s1 = sqliteStore(path, { checkpointRuns });
    runSession(s1, 0, SPLIT);
    s1.close();
    // The rows say how far their checkpoints reach: a store with another spacing reads them right.
    const s2 = sqliteStore(path, { checkpointRuns: checkpointRuns * 7 });
    expect(snapshot(s2, runSession(s2, SPLIT, ROUNDS))).toEqual(golden);
    s2.close();
    expectReopenedAsGolden(path);
  });

  it("pool rows are not rewritten at every run, and a second connection sees what the first commits", () => {
    const path = join(dir, "two.sqlite");
    const a = sqliteStore(path);
    runSession(a, 0, SPLIT);
    const b = sqliteStore(path);
    expect(snapshot(b, undefined)).toEqual(snapshot(a, undefined));
    // The rows still hold the run state of the pools' creation (the checkpoint); the store knows better.
    const rows = a.db.prepare("SELECT id, run_count FROM pools ORDER BY id").all() as { id: string; run_count: number }[];
    const counts = Object.fromEntries(a.loadPools().map((p) => [p.id, p.runCount]));
    expect(rows.filter((r) => r.run_count < counts[r.id]!).length).toBeGreaterThan(3);
    const view = runSession(a, SPLIT, ROUNDS);
    // b reads again what a committed since (PRAGMA data_version), and refuses a run a recorded.
    expect(snapshot(b, view)).toEqual(golden);
    const last = b.runs("constant", { limit: 1 })[0]!;
    expect(() => b.commitRuns([{ pool: b.getPool("constant")!, run: last }])).toThrow(/does not follow/);
    a.close();
    b.close();
  });

  it("SQLite store opened on a schema-v3 database (session 1 written by the v3 store) migrates and continues", () => {
    const path = join(dir, "v3.sqlite");
    const db = new DatabaseSync(path);
    db.exec(fixture("scenario-v3.sql"));
    db.close();
    const s = sqliteStore(path);
    expect(s.version).toBe(SCHEMA_VERSION);
    expect(snapshot(s, runSession(s, SPLIT, ROUNDS))).toEqual(golden);
    s.close();
  });
});
