import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { nodeSqliteDatabase } from "./node-sqlite.js";

/** Which engine a database runs on: SQLite by default (a file, zero set-up), PostgreSQL for production. */
export type Engine = "sqlite" | "postgres";

export interface Database<Schema> {
  db: Kysely<Schema>;
  engine: Engine;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT as a string; block numbers and counts fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));

/**
 * Opens a database from a URL: `postgres://user:pass@host:5432/db` for PostgreSQL, anything else is a SQLite
 * file path (`sqlite:` prefix optional; `:memory:` for a throwaway database).
 */
export function openDatabase<Schema>(url: string): Database<Schema> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: nodeSqliteDatabase(path) }) });
  return { db, engine: "sqlite", close: () => db.destroy() };
}
