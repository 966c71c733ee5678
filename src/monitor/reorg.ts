import { numberToHex, type Hash } from "viem";
import type { Kysely } from "kysely";
import type { Connection } from "../sdk/index.js";
import type { MonitorSchema } from "./schema.js";

export interface Reorg {
  chainId: number;
  detectedAt: number;
  rewoundTo: number;
  removedEvents: number;
}

/**
 * On the connection's chain (rows of other chains are never read nor touched): compares the hash of the last indexed block with the chain's. On a mismatch, walks back through the stored blocks
 * to the newest one the chain still agrees with, deletes everything after it in one transaction and returns the
 * block to resume from; undefined when the chain agrees.
 */
export async function rewindOnReorg(
  connection: Connection,
  db: Kysely<MonitorSchema>,
  onReorg?: (r: Reorg) => void | Promise<void>,
): Promise<number | undefined> {
  const chainId = connection.chain.id;
  const blocks = db.selectFrom("indexed_blocks").select(["number", "hash"]).where("chain_id", "=", chainId).orderBy("number", "desc");
  const stored = await blocks.limit(1).executeTakeFirst();
  if (!stored || (await hashAt(connection, Number(stored.number))) === stored.hash) return undefined;

  let ancestor = -1;
  for (const b of await blocks.execute()) {
    if ((await hashAt(connection, Number(b.number))) === b.hash) {
      ancestor = Number(b.number);
      break;
    }
  }
  const removed = await db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("events").where("chain_id", "=", chainId).where("block_number", ">", ancestor).executeTakeFirst();
    await tx.deleteFrom("transfers").where("chain_id", "=", chainId).where("block_number", ">", ancestor).execute();
    await tx.deleteFrom("indexed_blocks").where("chain_id", "=", chainId).where("number", ">", ancestor).execute();
    await tx
      .deleteFrom("watched_contracts")
      .where("chain_id", "=", chainId)
      .where("since_block", ">", ancestor + 1)
      .where("kind", "=", "token")
      .execute();
    await tx
      .updateTable("indexer_cursor")
      .set({ next_block: ancestor + 1, updated_at: new Date().toISOString() })
      .where("id", "=", String(chainId))
      .execute();
    return Number(gone.numDeletedRows);
  });
  await onReorg?.({ chainId, detectedAt: Number(stored.number), rewoundTo: ancestor, removedEvents: removed });
  return ancestor + 1;
}

/** The hash of block `number` on the chain now, undefined if the chain has no such block. */
async function hashAt(connection: Connection, number: number): Promise<Hash | undefined> {
  try {
    const block = await connection.publicClient.request({ method: "eth_getBlockByNumber", params: [numberToHex(number), false] });
    return block?.hash ?? undefined;
  } catch {
    return undefined;
  }
}
