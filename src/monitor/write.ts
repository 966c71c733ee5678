import type { Kysely } from "kysely";
import type { FetchedBatch } from "./fetch.js";
import type { MonitorSchema } from "./schema.js";
import { bulkInsert, type Column } from "./bulk-insert.js";

const EVENT_COLUMNS: Column<MonitorSchema["events"]>[] = [
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
];
const TRANSFER_COLUMNS: Column<MonitorSchema["transfers"]>[] = [
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
];
const BLOCK_COLUMNS: Column<MonitorSchema["indexed_blocks"]>[] = [
  ["chain_id", "bigint"],
  ["number", "bigint"],
  ["hash", "text"],
  ["timestamp", "bigint"],
];

/**
 * Writes one batch of one chain in one transaction: the tokens it discovered, its events and transfers, the hashes of its
 * blocks (one statement per table, whatever the batch's size) and the cursor. A process killed at any point leaves either all of it or none.
 */
export async function writeBatch(db: Kysely<MonitorSchema>, batch: FetchedBatch): Promise<void> {
  const chainId = batch.chainId;
  const blocks = [...batch.headers].map(([number, h]) => ({ chain_id: chainId, number, hash: h.hash, timestamp: h.timestamp }));
  await db.transaction().execute(async (tx) => {
    if (batch.discovered.length > 0) {
      await tx
        .insertInto("watched_contracts")
        .values(batch.discovered.map((address) => ({ chain_id: chainId, address, kind: "token", since_block: batch.from })))
        .onConflict((oc) => oc.columns(["chain_id", "address"]).doNothing())
        .execute();
    }
    await bulkInsert(tx, "events", EVENT_COLUMNS, batch.rows, "on conflict (chain_id, block_number, log_index) do nothing");
    await bulkInsert(tx, "transfers", TRANSFER_COLUMNS, batch.transfers, "on conflict (chain_id, block_number, log_index) do nothing");
    await bulkInsert(
      tx,
      "indexed_blocks",
      BLOCK_COLUMNS,
      blocks,
      'on conflict (chain_id, number) do update set hash = excluded.hash, "timestamp" = excluded."timestamp"',
    );
    await tx
      .updateTable("indexer_cursor")
      .set({ next_block: batch.to + 1, updated_at: new Date().toISOString() })
      .where("id", "=", String(chainId))
      .execute();
  });
}
