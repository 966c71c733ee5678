import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";

/** The engines storage tests run on: SQLite always, PostgreSQL when QUALIFIED_TEST_PG_URL is set (.ci/run sets it). */
export const PG_URL = process.env.QUALIFIED_TEST_PG_URL;
export const ENGINES: [name: string, url: () => string][] = [
  ["SQLite", () => join(mkdtempSync(join(tmpdir(), "qualified-db-")), "monitor.sqlite")],
  ...(PG_URL ? [["PostgreSQL", () => PG_URL] as [string, () => string]] : []),
];

/**
 * A fresh, migrated monitor database. On PostgreSQL each call creates its own database on the server, since
 * test files run in parallel processes and must not share tables.
 */
export async function freshMonitorDatabase(url: string) {
  const database = openDatabase<MonitorSchema>(await freshDatabaseUrl(url));
  await migrateMonitor(database.db);
  return database;
}

/** `url` itself for SQLite; on PostgreSQL, the URL of a new, empty database on the same server. */
export async function freshDatabaseUrl(url: string): Promise<string> {
  let target = url;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const name = `qualified_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    target = u.toString();
  }
  return target;
}
