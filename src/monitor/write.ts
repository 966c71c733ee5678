import type { Kysely } from "kysely";
import type { FetchedBatch } from "./fetch.js";
import type { MonitorSchema } from "./schema.js";

/** Rows per INSERT: under SQLite's and PostgreSQL's bound-parameter limits for the widest table (9 columns). */
const ROWS_PER_STATEMENT = 500;

/**
 * Writes one batch in one transaction: the tokens it discovered, its events and transfers, the hashes of its
 * blocks (bulk upserts) and the cursor. A process killed at any point leaves either all of it or none.
 */
export async function writeBatch(db: Kysely<MonitorSchema>, batch: FetchedBatch): Promise<void> {
  const blocks = [...batch.headers].map(([number, h]) => ({ number, hash: h.hash, timestamp: h.timestamp }));
  await db.transaction().execute(async (tx) => {
    if (batch.discovered.length > 0) {
      await tx
        .insertInto("watched_contracts")
        .values(batch.discovered.map((address) => ({ address, kind: "token", since_block: batch.from })))
        .onConflict((oc) => oc.column("address").doNothing())
        .execute();
    }
    for (const chunk of chunks(batch.rows)) {
      await tx.insertInto("events").values(chunk).onConflict((oc) => oc.columns(["block_number", "log_index"]).doNothing()).execute();
    }
    for (const chunk of chunks(batch.transfers)) {
      await tx.insertInto("transfers").values(chunk).onConflict((oc) => oc.columns(["block_number", "log_index"]).doNothing()).execute();
    }
    for (const chunk of chunks(blocks)) {
      await tx
        .insertInto("indexed_blocks")
        .values(chunk)
        .onConflict((oc) => oc.column("number").doUpdateSet((eb) => ({ hash: eb.ref("excluded.hash"), timestamp: eb.ref("excluded.timestamp") })))
        .execute();
    }
    await tx.updateTable("indexer_cursor").set({ next_block: batch.to + 1, updated_at: new Date().toISOString() }).where("id", "=", "main").execute();
  });
}

function* chunks<T>(items: T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
