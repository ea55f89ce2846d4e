// Golden timeline: samples/dry-run/queue-depth.formula on samples/workloads/small.jsonl, 5-minute
// evaluations, defaults otherwise (start 2024-01-01T00:00Z, 5-min allocation, 60-s sample delay).
//
// Reviewed by hand (see __golden__/small-queue-depth.csv):
// - 00:05 sees samples up to 00:04 (60-s delay): 5 tasks pending; the 5-min window (00:00, 00:05]
//   expects 10 samples and has 8 visible → $samples=80; avg of the 8 = 24/8 = 3, last = 5 → 5 nodes,
//   allocating until 00:10.
// - 00:10: last visible pending = 10, 5-min avg 64/8 = 8 → 10. The first 5 nodes are usable at 00:10
//   exactly and take job-1…5; 5 more allocate; 5 tasks queued; demand 10.
// - 00:15: second batch usable, job-6…10 start: 10 running, queue empty.
// - 00:20: job-3 finished at 00:16 → samples (00:15, 00:19] are 10,9,9,9,9,9,9,9 → avg 9.125 → 9;
//   job-7 finished at 00:20 and job-4 is still running (ends 00:21), so 8 run, 2 idle: the newest
//   idle node leaves → 1 idle, 8 running.
// - 00:25: samples 8,7,7,5,5,4,4,4 (job-4 00:21, job-6/8 00:22, job-10 00:23) → 5.5 → 5: four idle
//   nodes leave at once (taskcompletion, idle) → 1 idle, 4 running (job-1, 2, 5, 9).
// - the last task (job-9, 00:15 + 22 min) ends at 00:37; the run stops at the first evaluation
//   ≥ 1 h later (01:40).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { timelineToCsv } from "../../src/simulate/export.ts";
import { simulate } from "../../src/simulate/simulate.ts";

const read = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), "utf8");

describe("golden timeline", () => {
  it("queue-depth.formula on small.jsonl", async () => {
    const r = simulate(read("dry-run/queue-depth.formula"), read("workloads/small.jsonl"), { intervalMs: 5 * 60_000 });
    expect(r.diagnostics).toEqual([]);
    await expect(timelineToCsv(r.timeline)).toMatchFileSnapshot("__golden__/small-queue-depth.csv");
    const s = r.summary!;
    expect(s.tasks).toMatchObject({ total: 10, succeeded: 10, incomplete: 0 });
    // job-1 submitted 00:00, first task end… job-9 ends 00:37 → makespan 37 min
    expect(s.makespan).toBe(37 * 60_000);
    // waits: job-1…5 start 00:10 (waits 10,9,8,7,6 min), job-6…10 start 00:15 (waits 10,9,8,7,6 min)
    expect(s.wait).toEqual({ count: 10, mean: 8 * 60_000, p50: 8 * 60_000, p95: 10 * 60_000, max: 10 * 60_000 });
    expect(s.end).toBe(Date.UTC(2024, 0, 1, 1, 40));
  });
});
