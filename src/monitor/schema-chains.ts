import type { CreateTableBuilder, Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: a migration runs over the tables as they were, not the current schema.
type Db = Kysely<any>;
type ColumnType = "bigint" | "integer" | "text";

/**
 * Each chain-derived table in its chain-aware shape: its columns in order (all not null, `chain_id` among them),
 * its primary key and its indexes. It is created under a temporary name, filled from the table as it was (every
 * column but `chain_id`), and renamed.
 */
const TABLES: { table: string; columns: [name: string, type: ColumnType][]; primaryKey: string[]; indexes: [name: string, columns: string[]][] }[] = [
  {
    table: "indexed_blocks",
    columns: [
      ["chain_id", "bigint"],
      ["number", "bigint"],
      ["hash", "text"],
      ["timestamp", "bigint"],
    ],
    primaryKey: ["chain_id", "number"],
    indexes: [],
  },
  {
    table: "watched_contracts",
    columns: [
      ["chain_id", "bigint"],
      ["address", "text"],
      ["kind", "text"],
      ["since_block", "bigint"],
    ],
    primaryKey: ["chain_id", "address"],
    indexes: [],
  },
  {
    table: "events",
    columns: [
      ["chain_id", "bigint"],
      ["block_number", "bigint"],
      ["log_index", "integer"],
      ["block_hash", "text"],
      ["tx_hash", "text"],
      ["address", "text"],
      ["kind", "text"],
      ["name", "text"],
      ["args", "text"],
      ["timestamp", "bigint"],
    ],
    primaryKey: ["chain_id", "block_number", "log_index"],
    indexes: [["events_name", ["name", "block_number"]]],
  },
  {
    table: "transfers",
    columns: [
      ["chain_id", "bigint"],
      ["block_number", "bigint"],
      ["log_index", "integer"],
      ["token", "text"],
      ["from_address", "text"],
      ["to_address", "text"],
      ["amount", "text"],
      ["kind", "text"],
      ["tx_hash", "text"],
      ["timestamp", "bigint"],
    ],
    primaryKey: ["chain_id", "block_number", "log_index"],
    indexes: [
      ["transfers_token_from", ["token", "from_address"]],
      ["transfers_token_to", ["token", "to_address"]],
    ],
  },
  {
    table: "alerts",
    columns: [
      ["id", "text"],
      ["chain_id", "bigint"],
      ["rule", "text"],
      ["severity", "text"],
      ["block_number", "bigint"],
      ["log_index", "integer"],
      ["subject", "text"],
      ["message", "text"],
      ["details", "text"],
      ["created_at", "text"],
    ],
    primaryKey: ["id"],
    indexes: [["alerts_block", ["chain_id", "block_number", "log_index"]]],
  },
];

/** `name` with `columns` (all not null) and `primaryKey`, ready to execute. */
function createTable(db: Db, name: string, columns: [string, ColumnType][], primaryKey: string[], keyName: string) {
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(name);
  for (const [column, type] of columns) builder = builder.addColumn(column, type, (c) => c.notNull());
  return builder.addPrimaryKeyConstraint(keyName, primaryKey);
}

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

  for (const { table, columns: all, primaryKey, indexes } of TABLES) {
    const rebuilt = `${table}_by_chain`;
    const columns = all.map(([c]) => c).filter((c) => c !== "chain_id");
    await createTable(db, rebuilt, all, primaryKey, `${table}_chain_pk`).execute();
    await db
      .insertInto(rebuilt)
      .columns(["chain_id", ...columns])
      .expression(db.selectFrom(table).select((eb) => [eb.lit(chainId).as("chain_id"), ...columns.map((c) => eb.ref(c).as(c))]))
      .execute();
    await db.schema.dropTable(table).execute();
    await db.schema.alterTable(rebuilt).renameTo(table).execute();
    for (const [name, on] of indexes) await db.schema.createIndex(name).on(table).columns(on).execute();
  }

  const cursorColumns: [string, ColumnType][] = [
    ["chain_id", "bigint"],
    ["next_block", "bigint"],
    ["next_log_index", "integer"],
  ];
  await createTable(db, "alert_cursor_by_chain", cursorColumns, ["chain_id"], "alert_cursor_chain_pk").execute();
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

  const linkColumns: [string, ColumnType][] = [
    ["chain_id", "bigint"],
    ["bridge", "text"],
    ["token", "text"],
    ["peer_chain_id", "bigint"],
    ["peer_bridge", "text"],
    ["peer_token", "text"],
  ];
  await createTable(db, "bridge_links", linkColumns, ["chain_id", "bridge"], "bridge_links_pk").execute();
}
