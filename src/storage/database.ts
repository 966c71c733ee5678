import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { existsSync, mkdirSync } from "node:fs";
import { QualifiedError } from "../sdk/errors.js";
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
 * file path (`sqlite:` prefix optional; `:memory:` for a throwaway database). `readOnly` opens an existing
 * database without any way to write to it (a missing SQLite file is an error, not a new empty database).
 */
export function openDatabase<Schema>(url: string, options: { readOnly?: boolean } = {}): Database<Schema> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 5, ...(options.readOnly ? { options: "-c default_transaction_read_only=on" } : {}) });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, "");
  if (options.readOnly) {
    if (path === ":memory:" || !existsSync(path)) throw new QualifiedError(`no database at ${path}`);
  } else if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: nodeSqliteDatabase(path, { readOnly: options.readOnly }) }) });
  return { db, engine: "sqlite", close: () => db.destroy() };
}
