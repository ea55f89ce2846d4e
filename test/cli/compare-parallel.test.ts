// The parallel path of compare and tune (src/cli/parallel*.ts): the workload packed into shared
// memory and unpacked in a worker gives the same tasks; a worker's results equal this thread's;
// a pool keeps its workers and the workload they hold across runs; a stopped run gives nothing.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CandidatePool, runCandidates, workerCount } from "../../src/cli/parallel.ts";
import { packWorkload, unpackWorkload } from "../../src/cli/parallel-trace.ts";
import { loadBatchTasks, loadWorkload, runCandidate, runCandidateUnless, type Workload } from "../../src/entry/simulate.ts";

const read = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), "utf8");
const trickle = loadWorkload(read("workloads/trickle-spikes.csv")).workload;
const jobs = [
  { name: "queue-depth", formula: read("dry-run/queue-depth.formula") },
  { name: "cpu", formula: read("dry-run/cpu.formula") },
  { name: "spot-mix", formula: read("dry-run/spot-mix.formula") },
  { name: "fixed-4", formula: "$TargetDedicatedNodes = 4;" },
  { name: "broken", formula: "$TargetDedicatedNodes = ;" },
];
const options = { intervalMs: 5 * 60_000, seed: 11, prices: { dedicated: 0.192, lowPriority: 0.038 }, keepSeries: true, pool: { preemption: { meanTimeToPreemptMs: 3_600_000, recoveryMs: 10 * 60_000 } } };

describe("packWorkload / unpackWorkload", () => {
  it("columns in shared memory give back the same tasks: every optional field present or absent, -0, NaN, ids", () => {
    const tasks = [
      { submit: 0, duration: 60_000 },
      { submit: -0, duration: 1.5, slots: 2 },
      { submit: 5, duration: 0, slots: 1, retention: 30_000, id: "a" },
      { submit: NaN, duration: Infinity, retries: 3, id: "b\nc" },
      { id: "", submit: 7, duration: 8, slots: 4, retention: 0, retries: 0 },
    ];
    const packed = packWorkload({ tasks, relative: true });
    expect(packed.kind).toBe("columns");
    // What crosses to a worker: a structured clone of the message (the buffers are shared).
    const back = unpackWorkload(structuredClone(packed));
    expect(back.relative).toBe(true);
    expect(back.tasks).toEqual(tasks);
    expect(back.tasks.map((t) => Object.keys(t).sort())).toEqual(tasks.map((t) => Object.keys(t).sort()));
    expect(Object.is(back.tasks[1]!.submit, -0)).toBe(true);
    expect(unpackWorkload(packWorkload({ tasks: [], relative: false }))).toEqual({ tasks: [], relative: false });
  });

  it("the loaders' workloads pack (CSV, Azure Batch export with ids and retries)", async () => {
    expect(unpackWorkload(packWorkload(trickle))).toEqual(trickle);
    const batch = (await loadBatchTasks(read("workloads/batch-job-render.json"))).workload;
    expect(batch.tasks.length).toBeGreaterThan(0);
    expect(batch.tasks.some((t) => t.id !== undefined && t.retries !== undefined)).toBe(true);
    expect(packWorkload(batch).kind).toBe("columns");
    expect(unpackWorkload(packWorkload(batch))).toEqual(batch);
  });

  it("anything else crosses as a structured clone, unchanged: a string field, an unknown key, a hole, a class instance, undefined", () => {
    class Task {
      submit = 0;
      duration = 1;
    }
    const odd: unknown[][] = [[{ submit: 0, duration: 1, slots: "2" }], [{ submit: 0, duration: 1, owner: "x" }], [, { submit: 0, duration: 1 }], [new Task()], [{ submit: 0, duration: 1, slots: undefined }], [null]];
    for (const tasks of odd) {
      const packed = packWorkload({ tasks, relative: false } as unknown as Workload);
      expect(packed.kind).toBe("clone");
      expect(unpackWorkload(packed).tasks).toBe(tasks);
    }
  });
});

describe("runCandidateUnless", () => {
  it("gives the run's result while not stopped, nothing once stopped (checked as the run goes)", () => {
    const full = runCandidate("q", jobs[0]!.formula, trickle, options);
    expect(runCandidateUnless(() => false, "q", jobs[0]!.formula, trickle, options)).toEqual(full);
    let checks = 0;
    expect(runCandidateUnless(() => ++checks > 3, "q", jobs[0]!.formula, trickle, options)).toBeUndefined();
    // Stopped by the 4th check (the simulator's) and the one after it, not ~200 checks later.
    expect(checks).toBe(5);
  });
});

describe("CandidatePool", () => {
  it("worker threads alone (this thread only waits) give the results of running the jobs one by one here", async () => {
    const sequential = await runCandidates(jobs, trickle, options, { workers: 0 });
    expect(sequential[4]!.summary).toBeUndefined();
    expect(sequential[4]!.diagnostics.length).toBeGreaterThan(0);
    const threads: number[] = [];
    const parallel = await runCandidates(jobs, trickle, options, { workers: 2, mainThread: false, onDone: (_, __, thread) => threads.push(thread) });
    expect(threads).toHaveLength(jobs.length);
    expect(threads.every((t) => t === 1 || t === 2)).toBe(true);
    expect(parallel).toEqual(sequential);
    // Byte-identical once printed, as compare --json prints them.
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
  }, 120_000);

  it("keeps its workers and their workload across runs: the same workload again, then another one", async () => {
    const short = loadWorkload(read("workloads/trickle-spikes.csv").split("\n").slice(0, 200).join("\n")).workload;
    const pool = new CandidatePool(1);
    pool.start();
    try {
      for (const [workload, mainThread] of [[trickle, false], [trickle, true], [short, false], [trickle, false]] as const) {
        const threads: number[] = [];
        const results = await pool.run(jobs, workload, options, { mainThread, onDone: (_, __, t) => threads.push(t) });
        expect(results).toEqual(jobs.map((j) => runCandidate(j.name, j.formula, workload, options)));
        if (!mainThread) expect(threads).toEqual(jobs.map(() => 1));
      }
    } finally {
      await pool.close();
    }
    await expect(pool.run(jobs, trickle, options)).rejects.toThrow("closed");
  }, 120_000);

  it("uses at most one worker fewer than there are jobs, and by default two fewer than there are cores", () => {
    expect(workerCount(1, 4)).toBe(0);
    expect(workerCount(3, 4)).toBe(2);
    expect(workerCount(8, 0)).toBe(0);
    expect(workerCount(8, undefined, 2)).toBe(0);
    expect(workerCount(8, undefined, 1)).toBe(0);
    expect(workerCount(8, undefined, 4)).toBe(2);
    expect(workerCount(3, undefined, 16)).toBe(2);
  });
});
