import type { CreateTableBuilder, Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: a migration runs over the tables as they were, not the current schema.
type Db = Kysely<any>;
type Create = (db: Db, name: string) => CreateTableBuilder<string, string>;

/**
 * Each chain-derived table in its chain-aware shape (created under a temporary name, then renamed), the columns
 * copied from the table as it was, and its indexes.
 */
const TABLES: { table: string; create: Create; columns: string[]; indexes: [name: string, columns: string[]][] }[] = [
  {
    table: "indexed_blocks",
    create: (db, name) =>
      db.schema
        .createTable(name)
        .addColumn("chain_id", "bigint", (c) => c.notNull())
        .addColumn("number", "bigint", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("indexed_blocks_chain_pk", ["chain_id", "number"]),
    columns: ["number", "hash", "timestamp"],
    indexes: [],
  },
  {
    table: "watched_contracts",
    create: (db, name) =>
      db.schema
        .createTable(name)
        .addColumn("chain_id", "bigint", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("since_block", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("watched_contracts_chain_pk", ["chain_id", "address"]),
    columns: ["address", "kind", "since_block"],
    indexes: [],
  },
  {
    table: "events",
    create: (db, name) =>
      db.schema
        .createTable(name)
        .addColumn("chain_id", "bigint", (c) => c.notNull())
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("block_hash", "text", (c) => c.notNull())
        .addColumn("tx_hash", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("args", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("events_chain_pk", ["chain_id", "block_number", "log_index"]),
    columns: ["block_number", "log_index", "block_hash", "tx_hash", "address", "kind", "name", "args", "timestamp"],
    indexes: [["events_name", ["name", "block_number"]]],
  },
  {
    table: "transfers",
    create: (db, name) =>
      db.schema
        .createTable(name)
        .addColumn("chain_id", "bigint", (c) => c.notNull())
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("token", "text", (c) => c.notNull())
        .addColumn("from_address", "text", (c) => c.notNull())
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("amount", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("tx_hash", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("transfers_chain_pk", ["chain_id", "block_number", "log_index"]),
    columns: ["block_number", "log_index", "token", "from_address", "to_address", "amount", "kind", "tx_hash", "timestamp"],
    indexes: [
      ["transfers_token_from", ["token", "from_address"]],
      ["transfers_token_to", ["token", "to_address"]],
    ],
  },
  {
    table: "alerts",
    create: (db, name) =>
      db.schema
        .createTable(name)
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("chain_id", "bigint", (c) => c.notNull())
        .addColumn("rule", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .addColumn("details", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("alerts_chain_pk", ["id"]),
    columns: ["id", "rule", "severity", "block_number", "log_index", "subject", "message", "details", "created_at"],
    indexes: [["alerts_block", ["chain_id", "block_number", "log_index"]]],
  },
];

/**
 * Every chain-derived table gains a `chain_id` that joins every key, so that one database holds several chains.
 * Rows indexed before take the chain id of the database's single cursor: a database indexed before keeps working
 * and is not indexed again. The cursors become one row per chain. Primary keys change, which SQLite cannot do in
 * place: each table is rebuilt (created under a new name, copied, dropped, renamed), all in one transaction.
 * Alerts raised before keep their ids (acknowledgement notes are sealed to them); alerts raised after carry the
 * chain id in theirs.
 */
export const chainsMigration: Migration = {
  async up(db: Db) {
    if (db.isTransaction) await addChains(db);
    else await db.transaction().execute(addChains);
  },
};

async function addChains(db: Db): Promise<void> {
  const events = (await db.introspection.getTables()).find((t) => t.name === "events");
  if (events?.columns.some((c) => c.name === "chain_id")) return; // applied, but its record was not written

  const cursor = await db.selectFrom("indexer_cursor").select("chain_id").where("id", "=", "main").executeTakeFirst();
  const chainId = cursor ? Number(cursor.chain_id) : 0;
  if (!cursor) {
    for (const table of [...TABLES.map((t) => t.table), "alert_cursor"]) {
      if (
        await db
          .selectFrom(table)
          .select((eb) => eb.lit(1).as("one"))
          .limit(1)
          .executeTakeFirst()
      ) {
        throw new Error(`the monitor's table ${table} holds rows but no cursor says which chain they come from: index into a new database`);
      }
    }
  }

  for (const { table, create, columns, indexes } of TABLES) {
    const rebuilt = `${table}_by_chain`;
    await create(db, rebuilt).execute();
    await db
      .insertInto(rebuilt)
      .columns(["chain_id", ...columns])
      .expression(db.selectFrom(table).select((eb) => [eb.lit(chainId).as("chain_id"), ...columns.map((c) => eb.ref(c).as(c))]))
      .execute();
    await db.schema.dropTable(table).execute();
    await db.schema.alterTable(rebuilt).renameTo(table).execute();
    for (const [name, on] of indexes) await db.schema.createIndex(name).on(table).columns(on).execute();
  }

  await db.schema
    .createTable("alert_cursor_by_chain")
    .addColumn("chain_id", "bigint", (c) => c.notNull())
    .addColumn("next_block", "bigint", (c) => c.notNull())
    .addColumn("next_log_index", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("alert_cursor_chain_pk", ["chain_id"])
    .execute();
  await db
    .insertInto("alert_cursor_by_chain")
    .columns(["chain_id", "next_block", "next_log_index"])
    .expression(
      db
        .selectFrom("alert_cursor")
        .select((eb) => [eb.lit(chainId).as("chain_id"), "next_block", "next_log_index"])
        .where("id", "=", "main"),
    )
    .execute();
  await db.schema.dropTable("alert_cursor").execute();
  await db.schema.alterTable("alert_cursor_by_chain").renameTo("alert_cursor").execute();

  if (cursor)
    await db
      .updateTable("indexer_cursor")
      .set({ id: String(chainId) })
      .where("id", "=", "main")
      .execute();

  await db.schema
    .createTable("bridge_links")
    .addColumn("chain_id", "bigint", (c) => c.notNull())
    .addColumn("bridge", "text", (c) => c.notNull())
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("peer_chain_id", "bigint", (c) => c.notNull())
    .addColumn("peer_bridge", "text", (c) => c.notNull())
    .addColumn("peer_token", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("bridge_links_pk", ["chain_id", "bridge"])
    .execute();
}
