// `autoscale serve`: the control plane as a local service: the Batch REST subset autoscale touches
// (Shared Key auth), simulated pools scaled by their formulas on the real clock or a scaled one,
// persisted to SQLite with --db. Runs until SIGINT/SIGTERM, then exits 0; usage errors exit 2.

import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { createAutoscaler, memoryStore, realClock, simulatedDriver, type ControlStore } from "../../entry/control.ts";
import { createControlServer, sqliteStore } from "../../entry/node/control.ts";
import { exitWith, ioReason, type Io } from "../io.ts";

interface ServeFlags {
  port: string;
  host: string;
  db?: string;
  account: string;
  key?: string;
  timeScale: string;
}

/** Registers `serve` on the program. */
export function register(program: Command, io: Io): void {
  program
    .command("serve")
    .description("run the autoscale control plane: Batch REST pools (add/get/list/delete, enable/disable/evaluate autoscale, resize) on simulated pools")
    .option("--port <n>", "TCP port (0: any free port)", "8080")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <file>", "SQLite database for pools, settings, run history and samples (default: in memory)")
    .option("--account <name>", "Batch account name requests are signed for", "devaccount")
    .option("--key <base64>", "account key, base64 (default: $AUTOSCALE_KEY, else a random key printed at start)")
    .option("--time-scale <n>", "simulated time runs N times faster than real time (1-10000)", "1")
    .action(async (flags: ServeFlags) => {
      const usage = (m: string): never => {
        io.stderr(`autoscale serve: ${m}\n`);
        return exitWith(2);
      };
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) usage(`--port must be an integer 0-65535, got '${flags.port}'`);
      const scale = Number(flags.timeScale);
      if (!(Number.isFinite(scale) && scale >= 1 && scale <= 10_000)) usage(`--time-scale must be a number from 1 to 10000, got '${flags.timeScale}'`);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(flags.account)) usage(`--account must be 1-64 letters, digits, '-' or '_'`);
      const given = flags.key ?? io.env.AUTOSCALE_KEY;
      if (given !== undefined && !(/^[A-Za-z0-9+/]+={0,2}$/.test(given) && given.length % 4 === 0 && Buffer.from(given, "base64").length >= 16)) {
        usage("--key must be base64 of at least 16 bytes");
      }
      const key = given ?? randomBytes(32).toString("base64");
      let store: ControlStore;
      try {
        store = flags.db !== undefined ? sqliteStore(flags.db) : memoryStore();
      } catch (e) {
        return usage(`cannot open the database '${flags.db}': ${ioReason(e)}`);
      }
      const autoscaler = createAutoscaler({ clock: realClock({ timeScale: scale }), store, driver: simulatedDriver() });
      const server = createControlServer({ autoscaler, account: flags.account, key });
      const listening = await new Promise<Error | undefined>((resolve) => {
        server.once("error", resolve);
        server.listen(port, flags.host, () => resolve(undefined));
      });
      if (listening) {
        autoscaler.close();
        store.close();
        usage(`cannot listen on ${flags.host}:${port}: ${ioReason(listening)}`);
      }
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      io.stdout(`autoscale serve: listening on http://${flags.host}:${bound} (account ${flags.account}${given === undefined ? `, key ${key}` : ""}${flags.db ? `, db ${flags.db}` : ""}${scale !== 1 ? `, time x${scale}` : ""})\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          server.close(() => resolve());
          server.closeAllConnections();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      autoscaler.close();
      store.close();
      io.stdout("autoscale serve: stopped\n");
    });
}
