import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../storage/migrate.js";
import { chainsMigration } from "./schema-chains.js";

/**
 * The monitor's tables. Amounts are decimal strings: token amounts exceed what SQL integers hold. One database
 * holds any number of chains: every row derived from a chain carries its chain id, and the chain id is part of
 * every key.
 */
export interface MonitorSchema {
  /** One row per indexed chain; `id` is the chain id as text. */
  indexer_cursor: { id: string; chain_id: number; next_block: number; updated_at: string };
  indexed_blocks: { chain_id: number; number: number; hash: string; timestamp: number };
  watched_contracts: { chain_id: number; address: string; kind: string; since_block: number };
  events: {
    chain_id: number;
    block_number: number;
    log_index: number;
    block_hash: string;
    tx_hash: string;
    address: string;
    kind: string;
    name: string;
    args: string;
    timestamp: number;
  };
  transfers: {
    chain_id: number;
    block_number: number;
    log_index: number;
    token: string;
    from_address: string;
    to_address: string;
    amount: string;
    kind: string; // transfer | mint | burn
    tx_hash: string;
    timestamp: number;
  };
  alerts: {
    id: string; // rule:chainId:block:logIndex:subject, unique (rule:block:logIndex:subject for alerts raised before chain ids)
    chain_id: number;
    rule: string;
    severity: string;
    block_number: number;
    log_index: number;
    subject: string;
    message: string;
    details: string;
    created_at: string;
  };
  /** One row per chain: the next event the alert engine of that chain evaluates. */
  alert_cursor: { chain_id: number; next_block: number; next_log_index: number };
  alert_deliveries: { alert_id: string; url: string; attempts: number; delivered_at: string | null; last_error: string | null };
  /** Who acknowledged an alert (the API key's id), when, and the note, sealed (free text is never stored in clear). */
  alert_acknowledgements: { alert_id: string; key_id: string; note: string; acknowledged_at: string };
  /**
   * The bond bridges and what they join: the bridge on `chain_id` moves `token` to and from `peer_token` on
   * `peer_chain_id` through `peer_bridge`. One row per direction, so each side finds its peer.
   */
  bridge_links: { chain_id: number; bridge: string; token: string; peer_chain_id: number; peer_bridge: string; peer_token: string };
}

/** Every migration of the monitor's tables, in order. */
export const monitorMigrations: Record<string, Migration> = {
  "0001_indexer": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("indexer_cursor")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("chain_id", "integer", (c) => c.notNull())
        .addColumn("next_block", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("indexed_blocks")
        .addColumn("number", "bigint", (c) => c.primaryKey())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("watched_contracts")
        .addColumn("address", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("since_block", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("events")
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("block_hash", "text", (c) => c.notNull())
        .addColumn("tx_hash", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("args", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("events_pk", ["block_number", "log_index"])
        .execute();
      await db.schema.createIndex("events_name").on("events").columns(["name", "block_number"]).execute();
      await db.schema
        .createTable("transfers")
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("token", "text", (c) => c.notNull())
        .addColumn("from_address", "text", (c) => c.notNull())
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("amount", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("tx_hash", "text", (c) => c.notNull())
        .addColumn("timestamp", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("transfers_pk", ["block_number", "log_index"])
        .execute();
      await db.schema.createIndex("transfers_token_from").on("transfers").columns(["token", "from_address"]).execute();
      await db.schema.createIndex("transfers_token_to").on("transfers").columns(["token", "to_address"]).execute();
      await sql`select 1`.execute(db);
    },
  },
  "0002_alerts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("alerts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("rule", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .addColumn("details", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("alert_deliveries")
        .addColumn("alert_id", "text", (c) => c.notNull())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("delivered_at", "text")
        .addColumn("last_error", "text")
        .addPrimaryKeyConstraint("alert_deliveries_pk", ["alert_id", "url"])
        .execute();
      await db.schema.createIndex("alerts_block").on("alerts").columns(["block_number", "log_index"]).execute();
      await db.schema
        .createTable("alert_cursor")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("next_block", "bigint", (c) => c.notNull())
        .addColumn("next_log_index", "integer", (c) => c.notNull())
        .execute();
    },
  },
  "0003_alert_acknowledgements": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("alert_acknowledgements")
        .addColumn("alert_id", "text", (c) => c.primaryKey())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull())
        .addColumn("acknowledged_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "0004_chains": chainsMigration,
};

/** Brings the monitor's tables to the latest schema. */
export async function migrateMonitor(db: Kysely<MonitorSchema>): Promise<void> {
  await migrate(db, "monitor", monitorMigrations);
}
