// The REST server's edges with raw, signed requests: authentication, api-version, malformed JSON,
// unknown fields, wrong types, the 1 MiB body limit, path tricks (each refused with the service's
// code, nothing stored); the samples extension; and 1,000 concurrent evaluate requests.
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutoscaler, memoryStore, realClock, simulatedDriver } from "../../src/entry/control.ts";
import { createControlServer, sign } from "../../src/entry/node/control.ts";

const ACCOUNT = "acct";
const KEY = Buffer.from("server-test-key-0123456789abcdef").toString("base64");
const V = "api-version=2024-07-01.20.0";

const autoscaler = createAutoscaler({ clock: realClock(), store: memoryStore(), driver: simulatedDriver() });
const server = createControlServer({ autoscaler, account: ACCOUNT, key: KEY });
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

interface Res {
  status: number;
  body: any;
}

/** One signed request (raw path as given: no URL normalisation on the way). */
function call(method: string, path: string, body?: string | Buffer, options: { key?: string | null; headers?: Record<string, string> } = {}): Promise<Res> {
  const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const headers: Record<string, string> = { "ocp-date": new Date().toUTCString(), ...(data ? { "content-type": "application/json; odata=minimalmetadata; charset=utf-8", "content-length": String(data.length) } : {}), ...options.headers };
  if (options.key !== null) headers.authorization = sign(ACCOUNT, options.key ?? KEY, { method, url: path, headers });
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body: text === "" ? undefined : JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(data);
  });
}

const formula = "$TargetDedicatedNodes = 1;";

describe("REST server: refusals, as the service sends them, and nothing stored", () => {
  it("authentication: none, wrong key, stale date, another account → 403 AuthenticationFailed", async () => {
    for (const r of [
      await call("GET", `/pools?${V}`, undefined, { key: null }),
      await call("GET", `/pools?${V}`, undefined, { key: Buffer.from("wrong-key-wrong-key-wrong-key!!").toString("base64") }),
      await call("GET", `/pools?${V}`, undefined, { headers: { "ocp-date": new Date(Date.now() - 16 * 60_000).toUTCString() } }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: "AuthenticationFailed", message: { lang: "en-US" }, values: [{ key: "AuthenticationErrorDetail" }] });
      expect(r.body["odata.metadata"]).toMatch(/\$metadata#Microsoft\.Azure\.Batch\.Protocol\.Entities\.Container\.errors\/@Element$/);
    }
    // The signature covers the query: changing it after signing fails.
    const headers = { "ocp-date": new Date().toUTCString() };
    const auth = sign(ACCOUNT, KEY, { method: "GET", url: `/pools?${V}`, headers });
    expect((await call("GET", `/pools?${V}&timeout=30`, undefined, { key: null, headers: { ...headers, authorization: auth } })).status).toBe(403);
  });

  it("api-version is required; unknown query parameters are refused", async () => {
    expect((await call("GET", "/pools")).body.code).toBe("MissingRequiredQueryParameter");
    expect((await call("GET", `/pools?${V}&evil=1`)).body.code).toBe("UnsupportedQueryParameter");
    expect((await call("GET", `/pools?${V}&timeout=30`)).status).toBe(200);
  });

  it("malformed JSON, wrong types, unknown fields, missing fields, oversized bodies", async () => {
    const cases: [string, number, string][] = [
      ["{", 400, "InvalidRequestBody"],
      ["[]", 400, "InvalidRequestBody"],
      ["", 400, "InvalidRequestBody"],
      [JSON.stringify({ id: "p1", vmSize: "a", enableAutoScale: "yes" }), 400, "InvalidPropertyValue"],
      [JSON.stringify({ id: "p1", vmSize: "a", targetDedicatedNodes: 1.5 }), 400, "InvalidPropertyValue"],
      [JSON.stringify({ id: "p1", vmSize: "a", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationInterval: "15 minutes" }), 400, "InvalidPropertyValue"],
      [JSON.stringify({ id: "p1", vmSize: "a", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationInterval: "PT4M" }), 400, "InvalidPropertyValue"],
      [JSON.stringify({ id: "p1", vmSize: "a", color: "red" }), 400, "UnsupportedProperty"],
      [JSON.stringify({ id: "p1", vmSize: "a", __proto__: { x: 1 }, constructor: 1 }), 400, "UnsupportedProperty"],
      [JSON.stringify({ vmSize: "a" }), 400, "MissingRequiredProperty"],
      [JSON.stringify({ id: "p1" }), 400, "MissingRequiredProperty"],
      [JSON.stringify({ id: "../p1", vmSize: "a" }), 400, "InvalidPropertyValue"],
      [JSON.stringify({ id: "p1", vmSize: "a", enableAutoScale: true, autoScaleFormula: "$TargetDedicatedNodes = ;" }), 400, "AutoScalingFormulaSyntaxError"],
      [JSON.stringify({ id: "p1", vmSize: "a", padding: "x".repeat(1 << 20) }), 413, "RequestBodyTooLarge"],
    ];
    for (const [body, status, code] of cases) {
      const r = await call("POST", `/pools?${V}`, body);
      expect([body.slice(0, 80), r.status, r.body?.code]).toEqual([body.slice(0, 80), status, code]);
    }
    expect((await call("GET", `/pools?${V}`)).body.value).toEqual([]);
  });

  it("path tricks → InvalidUri; unknown verbs → UnsupportedHttpVerb; nothing stored", async () => {
    expect((await call("POST", `/pools?${V}`, JSON.stringify({ id: "real", vmSize: "a", enableAutoScale: true, autoScaleFormula: formula }))).status).toBe(201);
    for (const path of ["/pools/../pools", "/pools/real/..", "/pools//real", "/pools/re%2Fal", "/pools/%2e%2e/real", "/pools/real/enableautoscale/x/y", "/pools/real/delete", "/jobs", "/pools/%E0%A4%A"]) {
      const r = await call("POST", `${path}?${V}`, JSON.stringify({ autoScaleFormula: formula }));
      expect([path, r.status, r.body?.code]).toEqual([path, 400, "InvalidUri"]);
    }
    expect((await call("PATCH", `/pools/real?${V}`, "{}")).body.code).toBe("UnsupportedHttpVerb");
    expect((await call("POST", `/pools/real/enableautoscale?${V}`, JSON.stringify({ autoScaleFormula: formula, extra: 1 }))).body.code).toBe("UnsupportedProperty");
    expect((await call("POST", `/pools/real/evaluateautoscale?${V}`, "{}")).body.code).toBe("MissingRequiredProperty");
    const pool = (await call("GET", `/pools/real?${V}`)).body;
    expect(pool).toMatchObject({ id: "real", enableAutoScale: true, autoScaleFormula: formula, autoScaleEvaluationInterval: "PT15M", eTag: expect.stringMatching(/^"0x[0-9A-F]+"$/) });
    expect((await call("GET", `/pools?${V}`)).body.value.map((p: { id: string }) => p.id)).toEqual(["real"]);
    expect((await call("DELETE", `/pools/real?${V}`)).status).toBe(202);
  });

  it("the samples extension feeds a pool; formulas read what it fed", async () => {
    await call("POST", `/pools?${V}`, JSON.stringify({ id: "fed", vmSize: "a", enableAutoScale: true, autoScaleFormula: formula }));
    const t = new Date(Date.now() - 120_000).toISOString();
    const fed = await call("POST", `/x-autoscale/pools/fed/samples?${V}`, JSON.stringify({ samples: [{ metric: "$PendingTasks", timestamp: t, value: 42 }] }));
    expect(fed).toEqual({ status: 200, body: { accepted: 1 } });
    expect((await call("POST", `/x-autoscale/pools/fed/samples?${V}`, JSON.stringify({ samples: [{ metric: "$PendingTasks", timestamp: "yesterday", value: 1 }] }))).body.code).toBe("InvalidPropertyValue");
    const run = await call("POST", `/pools/fed/evaluateautoscale?${V}`, JSON.stringify({ autoScaleFormula: "$TargetDedicatedNodes = max($PendingTasks.GetSample(1));" }));
    expect(run.body.results).toBe("$TargetDedicatedNodes=42;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue");
    const history = await call("GET", `/x-autoscale/pools/fed/history?${V}&limit=5`);
    expect(history.body.value).toHaveLength(1);
    expect((await call("PUT", `/x-autoscale/pools/fed/shadows?${V}`, JSON.stringify({ formulas: ["$TargetDedicatedNodes = 7;"] }))).body).toEqual({ formulas: ["$TargetDedicatedNodes = 7;"] });
  });
});

describe("REST server under load", () => {
  it("1,000 concurrent evaluate requests: no error; latency p50/p99 reported", async () => {
    await call("POST", `/pools?${V}`, JSON.stringify({ id: "load", vmSize: "a", enableAutoScale: true, autoScaleFormula: formula }));
    const f = JSON.stringify({ autoScaleFormula: "$n = $CurrentDedicatedNodes; $TargetDedicatedNodes = min(10, $n + 1);" });
    const t0 = performance.now();
    const times = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const s = performance.now();
        const r = await call("POST", `/pools/load/evaluateautoscale?${V}`, f);
        expect(r.status).toBe(200);
        expect(r.body.error).toBeUndefined();
        return performance.now() - s;
      }),
    );
    const wall = performance.now() - t0;
    times.sort((a, b) => a - b);
    const p50 = times[500]!;
    const p99 = times[990]!;
    console.log(`1000 concurrent evaluate: wall ${wall.toFixed(0)} ms, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    expect(wall).toBeLessThan(30_000);
  }, 60_000);
});
