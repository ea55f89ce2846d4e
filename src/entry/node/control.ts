// `autoscale-formula/control/node`: the control plane's Node-only parts: the SQLite store
// (node:sqlite) and the REST server (node:http) speaking the Batch API subset autoscale touches.
export { sqliteStore, migrate, MIGRATIONS, SCHEMA_VERSION, type Migration, type SqliteStoreOptions } from "../../control/sqlite-store.ts";
