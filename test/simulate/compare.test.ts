// Compare (issue 11): candidates on worker threads give exactly the results of running them one
// by one; the best value of each column is marked.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCandidates } from "../../src/cli/parallel.ts";
import { bestPerColumn, COMPARE_COLUMNS, type CandidateResult } from "../../src/simulate/sweep/compare.ts";
import { loadWorkload } from "../../src/simulate/load.ts";

const read = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), "utf8");
const workload = loadWorkload(read("workloads/trickle-spikes.csv")).workload;
const jobs = [
  { name: "queue-depth", formula: read("dry-run/queue-depth.formula") },
  { name: "cpu", formula: read("dry-run/cpu.formula") },
  { name: "spot-mix", formula: read("dry-run/spot-mix.formula") },
  { name: "fixed-4", formula: "$TargetDedicatedNodes = 4;" },
];
const options = { intervalMs: 5 * 60_000, seed: 7, prices: { dedicated: 0.192, lowPriority: 0.038 }, keepSeries: true, pool: { preemption: { meanTimeToPreemptMs: 2 * 3_600_000, recoveryMs: 15 * 60_000 } } };

describe("compare", () => {
  it("parallel (this thread and 2 worker threads) == sequential (this thread only)", async () => {
    const sequential = await runCandidates(jobs, workload, options, { workers: 0 });
    let done = 0;
    const parallel = await runCandidates(jobs, workload, options, { workers: 2, spawnAfterMs: 0, onDone: (n) => (done = n) });
    expect(done).toBe(4);
    expect(parallel).toEqual(sequential);
    expect(sequential.map((r) => r.name)).toEqual(jobs.map((j) => j.name));
    for (const r of sequential) {
      expect(r.summary?.tasks.total).toBe(workload.tasks.length);
      expect(r.cost?.total).toBeGreaterThan(0);
      expect(r.series?.times.length).toBeGreaterThan(100);
    }
    // The spot formula gets preempted nodes (the same seed for every candidate), so requeues.
    expect(sequential[2]!.summary!.tasks.requeuedByPreemption).toBeGreaterThan(0);
  }, 120_000);

  it("marks the best value of each column; ties all; NaN never; all equal none", () => {
    const fake = (nodeHours: number, p95: number, cost?: number) =>
      ({ name: "x", diagnostics: [], summary: { nodeHours: { dedicated: nodeHours, lowPriority: 0 }, wait: { p95 } }, ...(cost === undefined ? {} : { cost: { total: cost } }) }) as unknown as CandidateResult;
    const columns = COMPARE_COLUMNS.filter((c) => ["nodeHours", "waitP95", "cost"].includes(c.key));
    const best = bestPerColumn([fake(10, 60_000, 5), fake(8, 60_000), fake(8, 90_000, 6)], columns);
    expect([...best.get("nodeHours")!]).toEqual([1, 2]);
    expect([...best.get("waitP95")!]).toEqual([0, 1]);
    expect([...best.get("cost")!]).toEqual([0]);
    expect([...bestPerColumn([fake(1, 1), fake(1, 1)], columns).get("nodeHours")!]).toEqual([]);
  });
});
