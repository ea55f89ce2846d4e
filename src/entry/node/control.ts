// `autoscale-formula/control/node`: the control plane's Node-only parts: the SQLite store
// (node:sqlite) and the REST server (node:http) speaking the Batch API subset autoscale touches.
export { sqliteStore, migrate, MIGRATIONS, SCHEMA_VERSION, type Migration, type SqliteStoreOptions } from "../../control/sqlite-store.ts";
export { createControlServer, DEFAULT_MAX_BODY_BYTES, type ControlServerOptions } from "../../control/server.ts";
export { sign, verify, stringToSign, canonicalizedResource, MAX_CLOCK_SKEW_MS, type SignedRequest } from "../../control/shared-key.ts";
export { formatIsoDuration, parseIsoDuration, poolJson } from "../../control/rest.ts";
