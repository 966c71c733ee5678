import { getAddress, type Address, type Hash } from "viem";
import type { Kysely } from "kysely";
import type { Connection, Deployment } from "../sdk/index.js";
import { BatchSizer } from "./batch-size.js";
import type { IndexedEvent } from "./events.js";
import { fetchBatch, type ContractKind, type FetchedBatch } from "./fetch.js";
import { rewindOnReorg, type Reorg } from "./reorg.js";
import type { MonitorSchema } from "./schema.js";
import { writeBatch } from "./write.js";
import { deploymentTarget, type WatchTarget } from "./targets.js";

export type { ContractKind } from "./fetch.js";

export interface IndexerOptions {
  /** First block to index (default: 0). */
  fromBlock?: number;
  /** Stop after this block instead of following the chain. */
  toBlock?: number;
  /**
   * The most blocks one eth_getLogs request covers (default 10,000). Below it, each request is sized by what the
   * node returned for the previous one.
   */
  batchSize?: number;
  /** Keep following new blocks (default false: stop at the head). */
  follow?: boolean;
  /** Milliseconds between polls when following (default 1,000). */
  pollInterval?: number;
  /** Extra tokens to watch besides the deployment's and those listed in the issuer registry. */
  tokens?: Address[];
  /** Called after each committed batch with its events, in chain order (awaited: the next write waits for it). */
  onBatch?: (batch: { from: number; to: number; events: IndexedEvent[] }) => void | Promise<void>;
  /** Called after each committed batch (awaited: the next write waits for it). */
  onProgress?: (p: Progress) => void | Promise<void>;
  /** Called when a reorganisation was found and rewound. */
  onReorg?: (r: Reorg) => void | Promise<void>;
  /** Stops the loop (checked between batches). */
  signal?: AbortSignal;
}

export interface Progress {
  block: number;
  head: number;
  events: number;
  eventsPerSecond: number;
}

/**
 * Indexes every event of the registries and of every watched token into the database: those of a deployment, or
 * the contracts of a watch target (a cross-chain deployment's side). Everything it reads and writes is scoped to
 * the connection's chain, so indexers of other chains may share the database at the same time.
 *
 * Restart-safe: each batch (its events, its transfers, the hashes of its blocks and the cursor) is written in
 * one transaction, so a process killed at any point resumes from the last committed batch, losing and
 * duplicating nothing. Reorg-safe: before each run to the head the hash of the last indexed block is compared with
 * the chain's, and each batch must start on the block the previous one ended with; on a mismatch the indexer walks
 * back to the newest block whose hash still matches, deletes everything after it and indexes again from there.
 * Fetching overlaps writing: the next range is fetched while the current one is written (one batch ahead).
 */
export async function runIndexer(
  connection: Connection,
  db: Kysely<MonitorSchema>,
  deployment: Deployment | WatchTarget,
  options: IndexerOptions = {},
): Promise<{ nextBlock: number; events: number }> {
  const sizer = new BatchSizer(options.batchSize ?? 10_000);
  const chainId = connection.chain.id;
  const target = "registries" in deployment ? deploymentTarget(deployment) : deployment;
  if (target.chainId !== chainId) {
    throw new Error(`the deployment is for chain ${target.chainId} but the RPC serves chain ${chainId}`);
  }
  let next = await initCursor(db, chainId, options.fromBlock ?? 0);
  // Configured contracts are watched from the start (since 0); only tokens discovered on chain carry the block
  // where they were found, so that a reorganisation can forget them again.
  for (const c of target.contracts) await watch(db, chainId, c.address, c.kind);
  for (const t of options.tokens ?? []) await watch(db, chainId, t, "token");

  const started = Date.now();
  let indexed = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    // Checked every round, also when caught up: a reorganisation may leave the chain shorter than the cursor.
    const rewound = await rewindOnReorg(connection, db, options.onReorg);
    if (rewound !== undefined) {
      next = rewound;
      continue;
    }
    const head = Number(await connection.publicClient.getBlockNumber({ cacheTime: 0 }));
    const last = options.toBlock !== undefined ? Math.min(options.toBlock, head) : head;
    if (next > last) {
      if (!options.follow || (options.toBlock !== undefined && next > options.toBlock)) break;
      await sleep(options.pollInterval ?? 1_000, options.signal);
      continue;
    }
    const run = await indexTo(
      connection,
      db,
      sizer,
      next,
      last,
      async (batch) => {
        indexed += batch.events.length;
        await options.onBatch?.({ from: batch.from, to: batch.to, events: batch.events });
        const seconds = (Date.now() - started) / 1000;
        await options.onProgress?.({ block: batch.to, head, events: indexed, eventsPerSecond: seconds > 0 ? indexed / seconds : 0 });
      },
      options.signal,
    );
    next = run;
  }
  return { nextBlock: next, events: indexed };
}

/**
 * Indexes [next, last], fetching each range while the previous one is written. Returns the next block to index;
 * stops early (for the caller to check for a reorganisation and go on) when a range's logs and headers disagree or
 * a range does not start on the block the previous one ended with.
 */
async function indexTo(
  connection: Connection,
  db: Kysely<MonitorSchema>,
  sizer: BatchSizer,
  next: number,
  last: number,
  committed: (batch: FetchedBatch) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  const chainId = connection.chain.id;
  const watching = await db.selectFrom("watched_contracts").selectAll().where("chain_id", "=", chainId).execute();
  const watched = new Map(watching.map((w) => [getAddress(w.address), w.kind as ContractKind]));
  let parent: Hash | undefined = (
    await db
      .selectFrom("indexed_blocks")
      .select("hash")
      .where("chain_id", "=", chainId)
      .where("number", "=", next - 1)
      .executeTakeFirst()
  )?.hash as Hash | undefined;
  const fetch = (from: number) => {
    const p = fetchBatch(connection, watched, from, last, sizer);
    p.catch(() => undefined); // awaited below; an abandoned prefetch must not surface as an unhandled rejection
    return p;
  };
  let pending: Promise<FetchedBatch | undefined> | undefined = fetch(next);
  while (pending) {
    const batch = await pending;
    pending = undefined;
    if (!batch) return next; // the chain moved under the fetch
    if (parent !== undefined && batch.parentHash !== parent) return next; // reorganised between two batches
    if (signal?.aborted) return next;
    if (batch.to < last) pending = fetch(batch.to + 1); // the next range is fetched while this one is written
    await writeBatch(db, batch);
    next = batch.to + 1;
    parent = batch.headers.get(batch.to)!.hash;
    await committed(batch);
  }
  return next;
}

/** The chain's cursor (one row per chain, its id the chain id): where it stopped, or `fromBlock` for a new chain. */
async function initCursor(db: Kysely<MonitorSchema>, chainId: number, fromBlock: number): Promise<number> {
  const id = String(chainId);
  const cursor = await db.selectFrom("indexer_cursor").selectAll().where("id", "=", id).executeTakeFirst();
  if (cursor) return Number(cursor.next_block);
  await db
    .insertInto("indexer_cursor")
    .values({ id, chain_id: chainId, next_block: fromBlock, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return fromBlock;
}

async function watch(db: Kysely<MonitorSchema>, chainId: number, address: Address, kind: ContractKind) {
  await db
    .insertInto("watched_contracts")
    .values({ chain_id: chainId, address: getAddress(address), kind, since_block: 0 })
    .onConflict((oc) => oc.columns(["chain_id", "address"]).doNothing())
    .execute();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}
