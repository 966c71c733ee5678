import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** SQLite values node:sqlite binds: it has no boolean, so booleans become 0/1. */
function bindable(parameters: ReadonlyArray<unknown>): (string | number | bigint | null | Uint8Array)[] {
  return parameters.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : (p as string | number | bigint | null | Uint8Array)));
}

/**
 * Node's built-in SQLite (node:sqlite, no native build) behind the interface Kysely's SQLite dialect uses.
 */
export function nodeSqliteDatabase(path: string, options: { readOnly?: boolean } = {}): SqliteDatabase {
  const db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
  if (options.readOnly) db.exec("PRAGMA busy_timeout = 5000;");
  else db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
  return {
    close: () => db.close(),
    prepare: (sql: string): SqliteStatement => {
      const stmt: StatementSync = db.prepare(sql);
      return {
        reader: stmt.columns().length > 0,
        all: (parameters) => stmt.all(...bindable(parameters)),
        run: (parameters) => {
          const r = stmt.run(...bindable(parameters));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (parameters) => stmt.iterate(...bindable(parameters)) as IterableIterator<unknown>,
      };
    },
  };
}
