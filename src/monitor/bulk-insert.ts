import { PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
import type { MonitorSchema } from "./schema.js";

/** A column to insert and its PostgreSQL type (for the array it travels in). */
export type Column<Row> = [name: keyof Row & string, pgType: "bigint" | "integer" | "text"];

/**
 * Inserts many rows in one statement whatever their number, the rows travelling as one parameter per column
 * (PostgreSQL: arrays, unnest) or one JSON array (SQLite: json_each), instead of one bound parameter per value.
 * `conflict` is the statement's ON CONFLICT clause. Table, columns and clause are constants of the monitor, never
 * input.
 */
export async function bulkInsert<Row extends Record<string, string | number>>(
  tx: Transaction<MonitorSchema> | Kysely<MonitorSchema>,
  table: keyof MonitorSchema & string,
  columns: Column<Row>[],
  rows: Row[],
  conflict: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.raw(columns.map(([c]) => `"${c}"`).join(", "));
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    const arrays = columns.map(([c, type]) => sql`${rows.map((r) => r[c])}::${sql.raw(type)}[]`);
    await sql`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(arrays)}) ${sql.raw(conflict)}`.execute(tx);
  } else {
    const json = JSON.stringify(rows.map((r) => columns.map(([c]) => r[c])));
    const values = sql.raw(columns.map((_, i) => `value ->> ${i}`).join(", "));
    // "where true" lets SQLite parse the upsert clause after a SELECT.
    await sql`insert into ${sql.table(table)} (${names}) select ${values} from json_each(${json}) where true ${sql.raw(conflict)}`.execute(tx);
  }
}
