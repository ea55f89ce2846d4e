// The REST server (Node only, node:http): the Batch API paths and JSON bodies autoscale touches,
// Shared Key authentication on every request, the service's OData errors, and one extension
// outside the Batch API (/x-autoscale/…) to feed samples, set shadow formulas and read history.
// Validates everything before it reaches the autoscaler: a refused request stores nothing.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Autoscaler, PoolSpec } from "./autoscaler.ts";
import { fail, propertyDetails, refuse, type ControlError, type Outcome } from "./errors.ts";
import { ADD_POOL_FIELDS, ENABLE_FIELDS, errorJson, etag, EVALUATE_FIELDS, poolJson, readBody, RESIZE_FIELDS, runJson, SAMPLES_FIELDS, SHADOWS_FIELDS } from "./rest.ts";
import { verify } from "./shared-key.ts";

/** Settings of the REST server. */
export interface ControlServerOptions {
  readonly autoscaler: Autoscaler;
  /** the Batch account name requests are signed for */
  readonly account: string;
  /** the account key, base64 */
  readonly key: string;
  /** largest request body (default 1 MiB; larger → 413 RequestBodyTooLarge) */
  readonly maxBodyBytes?: number;
  /** wall clock for the signature's 15-minute window (default Date.now) */
  readonly wallClock?: () => number;
}

/** Largest request body by default: 1 MiB (a formula is at most 8 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;

const QUERY_PARAMS = new Set(["api-version", "timeout", "$select", "$expand", "$filter", "maxresults"]);

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Creates the server (not listening yet: call `listen(port, host)`). */
export function createControlServer(options: ControlServerOptions): Server {
  const { autoscaler, account, key } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const wall = options.wallClock ?? Date.now;
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug, not a user error: answer 500 InternalError without details.
      if (!res.headersSent) send(res, "", { status: 500, body: errorBody(req, "", { status: 500, code: "InternalError", message: "Server encountered an internal error. Please try again after some time.", values: [] }) });
      void e;
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const baseUrl = (req: IncomingMessage): string => `http://${req.headers.host ?? "localhost"}`;
  const errorBody = (req: IncomingMessage, requestId: string, e: ControlError): unknown => errorJson(e, baseUrl(req), requestId, wall());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const reply = await route(req);
    if (reply.status >= 400 && reply.body && typeof reply.body === "object" && "code" in reply.body && !("odata.metadata" in reply.body)) {
      reply.body = errorBody(req, requestId, reply.body as ControlError);
    }
    // Whatever of the body was not read (refused early) is discarded, not left in the socket.
    if (!req.readableEnded) req.resume();
    const echo: Record<string, string> = req.headers["return-client-request-id"] === "true" && typeof req.headers["client-request-id"] === "string" ? { "client-request-id": req.headers["client-request-id"] } : {};
    const close: Record<string, string> = reply.status === 413 ? { Connection: "close" } : {};
    send(res, requestId, { ...reply, headers: { ...echo, ...close, ...reply.headers } });
  }

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    // No anonymous access: every request is signed, before anything else is looked at.
    const why = verify(account, key, { method, url, headers: req.headers }, wall());
    if (why !== undefined) {
      return err({ status: 403, code: "AuthenticationFailed", message: "Server failed to authenticate the request. Make sure the value of Authorization header is correctly formed including the signature.", values: [{ key: "AuthenticationErrorDetail", value: why }] });
    }
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    for (const name of query.keys()) {
      if (!QUERY_PARAMS.has(name.toLowerCase()) && !(rawPath.startsWith("/x-autoscale/") && ["limit", "after"].includes(name))) {
        return err({ status: 400, code: "UnsupportedQueryParameter", message: "One of the query parameters specified in the request URI is not supported.", values: [{ key: "QueryParameterName", value: name }] });
      }
    }
    if (!query.get("api-version")) return err({ status: 400, code: "MissingRequiredQueryParameter", message: "A query parameter that's mandatory for this request is not specified.", values: [{ key: "QueryParameterName", value: "api-version" }] });
    const segments = pathSegments(rawPath);
    if (segments === undefined) return invalidUri(rawPath);
    const [a, id, op, extra] = segments;

    // Batch API: /pools, /pools/{id}, /pools/{id}/{operation}
    if (a === "pools" && extra === undefined) {
      if (id === undefined) {
        if (method === "GET") {
          const max = Number(query.get("maxresults") ?? 1000);
          return { status: 200, body: { "odata.metadata": `${baseUrl(req)}/$metadata#pools`, value: autoscaler.listPools().slice(0, max > 0 ? max : 1000).map((p) => poolJson(p, baseUrl(req))) } };
        }
        if (method === "POST") return addPool(req);
        return badVerb(method);
      }
      if (op === undefined) {
        if (method === "GET" || method === "HEAD") {
          const p = autoscaler.getPool(id);
          if (!p.ok) return err(p.error, method === "HEAD");
          return { status: 200, ...(method === "GET" ? { body: { "odata.metadata": `${baseUrl(req)}/$metadata#pools/@Element`, ...poolJson(p.value, baseUrl(req)) } } : {}), headers: poolHeaders(p.value) };
        }
        if (method === "DELETE") {
          const d = autoscaler.deletePool(id);
          return d.ok ? { status: 202 } : err(d.error);
        }
        return badVerb(method);
      }
      if (method !== "POST") return badVerb(method);
      switch (op) {
        case "enableautoscale": {
          const body = await json(req, ENABLE_FIELDS, true);
          if (!body.ok) return err(body.error);
          const out = autoscaler.enable(id, { ...(body.value.autoScaleFormula !== undefined ? { formula: body.value.autoScaleFormula as string } : {}), ...(body.value.autoScaleEvaluationInterval !== undefined ? { intervalMs: body.value.autoScaleEvaluationInterval as number } : {}) });
          return out.ok ? { status: 200, headers: poolHeaders(out.value) } : err(out.error);
        }
        case "disableautoscale": {
          const body = await json(req, {}, false);
          if (!body.ok) return err(body.error);
          const out = autoscaler.disable(id);
          return out.ok ? { status: 200, headers: poolHeaders(out.value) } : err(out.error);
        }
        case "evaluateautoscale": {
          const body = await json(req, EVALUATE_FIELDS, true);
          if (!body.ok) return err(body.error);
          if (body.value.autoScaleFormula === undefined) return refusal(fail<never>("missingProperty", propertyDetails("autoScaleFormula", "The formula to evaluate is required.")));
          const out = autoscaler.evaluate(id, body.value.autoScaleFormula as string);
          return out.ok ? { status: 200, body: { "odata.metadata": `${baseUrl(req)}/$metadata#Microsoft.Azure.Batch.Protocol.Entities.AutoScaleRun`, ...runJson(out.value) } } : err(out.error);
        }
        case "resize": {
          const body = await json(req, RESIZE_FIELDS, true);
          if (!body.ok) return err(body.error);
          const b = body.value;
          const out = autoscaler.resize(id, {
            ...(b.targetDedicatedNodes !== undefined ? { targetDedicatedNodes: b.targetDedicatedNodes as number } : {}),
            ...(b.targetLowPriorityNodes !== undefined ? { targetLowPriorityNodes: b.targetLowPriorityNodes as number } : {}),
            ...(b.nodeDeallocationOption !== undefined ? { nodeDeallocationOption: b.nodeDeallocationOption as string } : {}),
          });
          return out.ok ? { status: 202, headers: poolHeaders(out.value) } : err(out.error);
        }
        case "stopresize": {
          const body = await json(req, {}, false);
          if (!body.ok) return err(body.error);
          const out = autoscaler.stopResize(id);
          return out.ok ? { status: 202, headers: poolHeaders(out.value) } : err(out.error);
        }
        default:
          return invalidUri(rawPath);
      }
    }

    // Extension, outside the Batch API: /x-autoscale/pools/{id}/{samples|shadows|history}
    if (a === "x-autoscale" && id === "pools" && op !== undefined && segments.length === 4) {
      const poolId = op;
      if (extra === "samples" && method === "POST") {
        const body = await json(req, SAMPLES_FIELDS, true);
        if (!body.ok) return err(body.error);
        const rows: { metric: string; t: number; value: number }[] = [];
        for (const s of body.value.samples as unknown[]) {
          const o = (s ?? {}) as { metric?: unknown; timestamp?: unknown; value?: unknown };
          const t = typeof o.timestamp === "number" ? o.timestamp : typeof o.timestamp === "string" ? Date.parse(o.timestamp) : NaN;
          rows.push({ metric: o.metric as string, t, value: o.value as number });
        }
        const out = autoscaler.recordSamples(poolId, rows);
        return out.ok ? { status: 200, body: { accepted: out.value } } : err(out.error);
      }
      if (extra === "shadows" && method === "PUT") {
        const body = await json(req, SHADOWS_FIELDS, true);
        if (!body.ok) return err(body.error);
        const out = autoscaler.setShadowFormulas(poolId, body.value.formulas as string[]);
        return out.ok ? { status: 200, body: { formulas: out.value.shadowFormulas } } : err(out.error);
      }
      if (extra === "history" && method === "GET") {
        const limit = Number(query.get("limit") ?? 100);
        const after = Number(query.get("after") ?? 0);
        if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10_000 && Number.isInteger(after) && after >= 0)) return refusal(fail<never>("invalidProperty", propertyDetails("limit", "limit is 1-10000, after a run number.")));
        const out = autoscaler.history(poolId, { limit, after });
        return out.ok ? { status: 200, body: { value: out.value } } : err(out.error);
      }
      return badVerb(method);
    }
    return invalidUri(rawPath);
  }

  async function addPool(req: IncomingMessage): Promise<Reply> {
    const body = await json(req, ADD_POOL_FIELDS, true);
    if (!body.ok) return err(body.error);
    const b = body.value;
    if (b.id === undefined) return refusal(fail<never>("missingProperty", propertyDetails("id", "The pool id is required.")));
    if (b.vmSize === undefined) return refusal(fail<never>("missingProperty", propertyDetails("vmSize", "The virtual machine size is required.")));
    const spec: PoolSpec = {
      id: b.id as string,
      vmSize: b.vmSize as string,
      ...(b.displayName !== undefined ? { displayName: b.displayName as string } : {}),
      ...(b.taskSlotsPerNode !== undefined || b.maxTasksPerNode !== undefined ? { taskSlotsPerNode: (b.taskSlotsPerNode ?? b.maxTasksPerNode) as number } : {}),
      ...(b.enableAutoScale !== undefined ? { enableAutoScale: b.enableAutoScale as boolean } : {}),
      ...(b.autoScaleFormula !== undefined ? { autoScaleFormula: b.autoScaleFormula as string } : {}),
      ...(b.autoScaleEvaluationInterval !== undefined ? { autoScaleEvaluationIntervalMs: b.autoScaleEvaluationInterval as number } : {}),
      ...(b.targetDedicatedNodes !== undefined ? { targetDedicatedNodes: b.targetDedicatedNodes as number } : {}),
      ...(b.targetLowPriorityNodes !== undefined ? { targetLowPriorityNodes: b.targetLowPriorityNodes as number } : {}),
    };
    const out = autoscaler.addPool(spec);
    if (!out.ok) return err(out.error);
    return { status: 201, headers: { ...poolHeaders(out.value), Location: `${baseUrl(req)}/pools/${out.value.id}`, DataServiceId: `${baseUrl(req)}/pools/${out.value.id}` } };
  }

  /** Reads and parses the JSON body (bounded), then checks it against `fields`. */
  async function json(req: IncomingMessage, fields: Parameters<typeof readBody>[1], required: boolean): Promise<Outcome<Record<string, unknown>>> {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBody) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) return tooLarge();
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    if (text.trim() === "") return required ? refuse(400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.", [{ key: "Reason", value: "The request needs a JSON body." }]) : { ok: true, value: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return refuse(400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.", [{ key: "Reason", value: e instanceof Error ? e.message : "invalid JSON" }]);
    }
    return readBody(parsed, fields);
  }

  function tooLarge(): Outcome<never> {
    return refuse(413, "RequestBodyTooLarge", "The request body is too large and exceeds the maximum permissible limit.", [{ key: "MaxLimit", value: String(maxBody) }]);
  }

  return server;
}

/** Splits a raw path into decoded segments; undefined for empty, dot or encoded-separator segments. */
function pathSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith("/")) return undefined;
  const parts = rawPath.slice(1).split("/");
  const out: string[] = [];
  for (const p of parts) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      return undefined;
    }
    if (d === "" || d === "." || d === ".." || /[/\\\u0000-\u001f]/.test(d)) return undefined;
    out.push(d);
  }
  return out.length > 4 ? undefined : out;
}

function poolHeaders(p: { readonly version: number; readonly creationTime: number; readonly lastModified: number }): Record<string, string> {
  return { ETag: etag(p), "Last-Modified": new Date(p.lastModified).toUTCString() };
}

function err(e: ControlError, headOnly = false): Reply {
  return headOnly ? { status: e.status } : { status: e.status, body: e };
}

function invalidUri(path: string): Reply {
  return err({ status: 400, code: "InvalidUri", message: "The requested URI does not represent any resource on the server.", values: [{ key: "UriPath", value: path.slice(0, 256) }] });
}

function badVerb(method: string): Reply {
  return err({ status: 400, code: "UnsupportedHttpVerb", message: "The resource doesn't support the specified HTTP verb.", values: [{ key: "HttpVerb", value: method.slice(0, 16) }] });
}

function send(res: ServerResponse, requestId: string, reply: Reply): void {
  const headers: Record<string, string> = { "request-id": requestId, DataServiceVersion: "3.0", ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, "Content-Type": "application/json;odata=minimalmetadata", "Content-Length": String(Buffer.byteLength(text)) }).end(text);
}

function refusal(o: Outcome<never>): Reply {
  return o.ok ? { status: 500 } : err(o.error);
}
