// The official client as the test: @azure/batch (BatchServiceClient + BatchSharedKeyCredentials)
// drives `autoscale serve` the way a user's program would. Whatever the client rejects is a bug
// in the server. In-process server on 127.0.0.1:0, plus one run of the real CLI as a child process.
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { BatchServiceClient, BatchSharedKeyCredentials } from "@azure/batch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutoscaler, memoryStore, realClock, simulatedDriver } from "../../src/entry/control.ts";
import { createControlServer } from "../../src/entry/node/control.ts";
import { evaluateAutoScale } from "../../src/index.ts";

const ACCOUNT = "testaccount";
const KEY = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");

/** The error a client call failed with: HTTP status and the service's code. */
async function refused(p: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; values: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { statusCode?: number; code?: string; body?: { code?: string; values?: unknown } };
    return { status: err.statusCode, code: err.body?.code ?? err.code, values: err.body?.values };
  }
  throw new Error("the call succeeded");
}

function client(url: string, key = KEY): BatchServiceClient {
  // No retries: the throttle's 503 would otherwise be retried after 30 s (as with the real service).
  return new BatchServiceClient(new BatchSharedKeyCredentials(ACCOUNT, key), url, { noRetryPolicy: true });
}

describe("@azure/batch against the in-process server", () => {
  let url = "";
  const server = createControlServer({ autoscaler: createAutoscaler({ clock: realClock(), store: memoryStore(), driver: simulatedDriver() }), account: ACCOUNT, key: KEY });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("create an autoscale pool, read it back, evaluate, enable (bad formula, bad interval, throttled), resize refused, disable, delete", async () => {
    const c = client(url);
    const formula = "$TargetDedicatedNodes = 2;";
    await c.pool.add({ id: "as-pool", vmSize: "standard_d2s_v3", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationInterval: "PT5M", taskSlotsPerNode: 4 });
    const pool = await c.pool.get("as-pool");
    expect(pool).toMatchObject({ id: "as-pool", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationInterval: "PT5M", targetDedicatedNodes: 2, taskSlotsPerNode: 4, allocationState: "resizing" });
    expect(pool.autoScaleRun?.results).toBe("$TargetDedicatedNodes=2;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
    expect(pool.creationTime).toBeInstanceOf(Date);
    expect((await c.pool.list()).map((p) => p.id)).toContain("as-pool");
    expect((await c.pool.exists("as-pool")).body).toBe(true);
    expect((await c.pool.exists("nope")).body).toBe(false);

    // Evaluate: the results string is the library's evaluateAutoScale on the same pool state.
    const probe = "$a = $CurrentDedicatedNodes; $b = $TaskSlotsPerNode * 2.5; $TargetDedicatedNodes = $a + 1; $NodeDeallocationOption = taskcompletion;";
    const run = await c.pool.evaluateAutoScale("as-pool", probe);
    const now = await c.pool.get("as-pool");
    const state = { targetDedicatedNodes: now.targetDedicatedNodes!, targetLowPriorityNodes: now.targetLowPriorityNodes!, currentDedicatedNodes: now.currentDedicatedNodes!, currentLowPriorityNodes: now.currentLowPriorityNodes!, taskSlotsPerNode: 4 };
    const lib = evaluateAutoScale(probe, { now: run.timestamp, pool: state });
    expect(run.results).toBe(lib.results);
    expect(new Date(run.timestamp!).toISOString()).toBe(lib.timestamp);
    expect(run.error).toBeUndefined();
    // The simulated pool counts nodes still allocating in $CurrentDedicatedNodes (the dry-run's model).
    expect(run.results).toBe("$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion;$a=2;$b=10");
    expect((await c.pool.get("as-pool")).targetDedicatedNodes).toBe(2);
    const failing = await c.pool.evaluateAutoScale("as-pool", "$TargetDedicatedNodes = max($PendingTasks.GetSample(1));");
    expect(failing.error?.code).toBe("AutoScalingFormulaEvaluationError");

    expect(await refused(c.pool.enableAutoScale("as-pool", { autoScaleFormula: "$TargetDedicatedNodes = ;" }))).toMatchObject({ status: 400, code: "AutoScalingFormulaSyntaxError" });
    expect(await refused(c.pool.enableAutoScale("as-pool", { autoScaleEvaluationInterval: "PT1M" }))).toMatchObject({ status: 400, code: "InvalidPropertyValue" });
    expect(await refused(c.pool.enableAutoScale("as-pool", { autoScaleFormula: "x".repeat(8193) }))).toMatchObject({ status: 400, code: "AutoScaleFormulaTooLong" });
    await c.pool.enableAutoScale("as-pool", { autoScaleFormula: "$TargetDedicatedNodes = 3;" });
    expect(await refused(c.pool.enableAutoScale("as-pool", { autoScaleFormula: "$TargetDedicatedNodes = 4;" }))).toMatchObject({ status: 503, code: "TooManyEnableAutoScaleRequests" });
    expect((await c.pool.get("as-pool")).autoScaleFormula).toBe("$TargetDedicatedNodes = 3;");

    expect(await refused(c.pool.resize("as-pool", { targetDedicatedNodes: 5 }))).toMatchObject({ status: 409, code: "OperationInvalidForCurrentState" });
    await c.pool.disableAutoScale("as-pool");
    const off = await c.pool.get("as-pool");
    expect(off.enableAutoScale).toBe(false);
    expect(off.autoScaleFormula).toBeUndefined();
    expect(await refused(c.pool.evaluateAutoScale("as-pool", formula))).toMatchObject({ status: 409, code: "OperationInvalidForCurrentState" });
    await c.pool.deleteMethod("as-pool");
    expect(await refused(c.pool.get("as-pool"))).toMatchObject({ status: 404, code: "PoolNotFound" });
  });

  it("fixed pools: resize, stop resize; errors for unknown pools and duplicates", async () => {
    const c = client(url);
    await c.pool.add({ id: "fixed", vmSize: "standard_d2s_v3", targetDedicatedNodes: 0 });
    expect(await refused(c.pool.add({ id: "fixed", vmSize: "standard_d2s_v3" }))).toMatchObject({ status: 409, code: "PoolExists" });
    await c.pool.resize("fixed", { targetDedicatedNodes: 3, nodeDeallocationOption: "taskcompletion" });
    expect(await c.pool.get("fixed")).toMatchObject({ targetDedicatedNodes: 3, allocationState: "resizing" });
    await c.pool.stopResize("fixed");
    expect(await c.pool.get("fixed")).toMatchObject({ targetDedicatedNodes: 0, currentDedicatedNodes: 0, allocationState: "steady" });
    expect(await refused(c.pool.enableAutoScale("missing", { autoScaleFormula: "$TargetDedicatedNodes = 1;" }))).toMatchObject({ status: 404, code: "PoolNotFound" });
    await c.pool.deleteMethod("fixed");
  });

  it("a wrong key is 403 AuthenticationFailed", async () => {
    const bad = client(url, Buffer.from("another key, another signature!!").toString("base64"));
    expect(await refused(bad.pool.list())).toMatchObject({ status: 403, code: "AuthenticationFailed" });
  });
});

describe("@azure/batch against the real CLI (`autoscale serve` in a child process)", () => {
  it("serves the same API on a port it chose", async () => {
    const bin = join(import.meta.dirname, "../../src/cli/bin.ts");
    const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--account", ACCOUNT, "--key", KEY, "--time-scale", "60"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
        setTimeout(() => reject(new Error("serve did not start")), 60_000);
      });
      const c = client(url);
      await c.pool.add({ id: "cli-pool", vmSize: "standard_d2s_v3", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = 1;", autoScaleEvaluationInterval: "PT5M" });
      const run = await c.pool.evaluateAutoScale("cli-pool", "$TargetLowPriorityNodes = 2;");
      expect(run.results).toBe("$TargetDedicatedNodes=1;$TargetLowPriorityNodes=2;$NodeDeallocationOption=requeue");
      // time x60: the 5-minute allocation delay passes in 5 s (polled: a loaded machine lags).
      await new Promise((r) => setTimeout(r, 5_000));
      await expect.poll(async () => { const p = await c.pool.get("cli-pool"); return [p.currentDedicatedNodes, p.allocationState]; }, { timeout: 30_000, interval: 250 }).toEqual([1, "steady"]);
    } finally {
      const exited = new Promise((r) => child.on("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 120_000);
});
