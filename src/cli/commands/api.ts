import type { Command } from "commander";
import { QualifiedError } from "../../sdk/index.js";
import { parseInteger } from "../parse.js";
import { monitorDbOption } from "../options.js";

/** `qualified api`: the monitor's analytics, traces and alerts over HTTP. */
export function addApiCommand(program: Command): void {
  monitorDbOption(program.command("api").description("serve the monitor's analytics, traces and alerts over HTTP (JSON)"))
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8080")
    .option("--labels <file>", "JSON label file for counterparty categories")
    .action(async (opts: { db: string; host: string; port: string; labels?: string }) => {
      const port = parseInteger(opts.port, "port", 0, 65535);
      const { openDatabase } = await import("../../storage/database.js");
      const { migrateMonitor } = await import("../../monitor/schema.js");
      const { createApi, serveApi } = await import("../../api/server.js");
      const { readLabelFile } = await import("../label-file.js");
      const labels = opts.labels ? readLabelFile(opts.labels) : undefined;
      const { migrateApiKeys } = await import("../../auth/api-keys.js");
      const database = openDatabase<import("../../monitor/schema.js").MonitorSchema>(opts.db);
      await migrateMonitor(database.db);
      await migrateApiKeys(database.db as never);
      // Acknowledgement notes are sealed under this key (32 bytes, base64); without it alerts are read-only.
      const notesKey = process.env.QUALIFIED_MONITOR_NOTES_KEY?.trim() || undefined;
      if (notesKey && Buffer.from(notesKey, "base64").length !== 32)
        throw new QualifiedError("QUALIFIED_MONITOR_NOTES_KEY must be 32 bytes, base64 (openssl rand -base64 32)");
      const server = await serveApi(createApi(database.db, { labels, notesKey }), opts.host, port);
      console.log(
        `API on ${server.url} (API key needed but for /health: qualified api-key create): /health, /tokens/:token/analytics, /tokens/:token/trace?tx=, /tokens/:token/sources?address=, /alerts, POST /alerts/:id/acknowledge${notesKey ? "" : " (off: set QUALIFIED_MONITOR_NOTES_KEY)"}`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
      await database.close();
    });
}
