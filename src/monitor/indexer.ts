import { decodeEventLog, getAddress, stringify, zeroAddress, type Abi, type Address, type Hash, type Log } from "viem";
import type { Kysely } from "kysely";
import {
  contractRegistryAbi,
  credentialRegistryAbi,
  issuerRegistryAbi,
  securityTokenAbi,
  type Connection,
  type Deployment,
} from "../sdk/index.js";
import type { MonitorSchema } from "./schema.js";

export type ContractKind = "credentials" | "contracts" | "issuers" | "token";
const ABIS: Record<ContractKind, Abi> = {
  credentials: credentialRegistryAbi as Abi,
  contracts: contractRegistryAbi as Abi,
  issuers: issuerRegistryAbi as Abi,
  token: securityTokenAbi as Abi,
};

export interface IndexerOptions {
  /** First block to index (default: 0). */
  fromBlock?: number;
  /** Stop after this block instead of following the chain. */
  toBlock?: number;
  /** Blocks per eth_getLogs request (default 2,000). */
  batchSize?: number;
  /** Keep following new blocks (default false: stop at the head). */
  follow?: boolean;
  /** Milliseconds between polls when following (default 1,000). */
  pollInterval?: number;
  /** Extra tokens to watch besides the deployment's and those listed in the issuer registry. */
  tokens?: Address[];
  /** Called after each committed batch (awaited: the next batch waits for it). */
  onProgress?: (p: Progress) => void | Promise<void>;
  /** Called when a reorganisation was found and rewound. */
  onReorg?: (r: { detectedAt: number; rewoundTo: number; removedEvents: number }) => void | Promise<void>;
  /** Stops the loop (checked between batches). */
  signal?: AbortSignal;
}

export interface Progress {
  block: number;
  head: number;
  events: number;
  eventsPerSecond: number;
}

type Row = MonitorSchema["events"];
type TransferRow = MonitorSchema["transfers"];

/** JSON with bigints as decimal strings. */

/**
 * Indexes every event of the registries and of every watched token into the database.
 *
 * Restart-safe: each batch (its events, its transfers, the hashes of its blocks and the cursor) is written in
 * one transaction, so a process killed at any point resumes from the last committed batch, losing and
 * duplicating nothing. Reorg-safe: before each batch the hash of the last indexed block is compared with the
 * chain's; on a mismatch the indexer walks back to the newest block whose hash still matches, deletes
 * everything after it and indexes again from there.
 */
export async function runIndexer(
  connection: Connection,
  db: Kysely<MonitorSchema>,
  deployment: Deployment,
  options: IndexerOptions = {},
): Promise<{ nextBlock: number; events: number }> {
  const batchSize = options.batchSize ?? 2_000;
  const chainId = connection.chain.id;
  if (deployment.chainId !== chainId) {
    throw new Error(`the deployment is for chain ${deployment.chainId} but the RPC serves chain ${chainId}`);
  }
  let next = await initCursor(db, chainId, options.fromBlock ?? 0);
  // Configured contracts are watched from the start (since 0); only tokens discovered on chain carry the block
  // where they were found, so that a reorganisation can forget them again.
  await watch(db, deployment.registries.credentials, "credentials", 0);
  await watch(db, deployment.registries.contracts, "contracts", 0);
  await watch(db, deployment.registries.issuers, "issuers", 0);
  for (const t of [...deployment.tokens.map((t) => t.address), ...(options.tokens ?? [])]) await watch(db, t, "token", 0);

  const started = Date.now();
  let indexed = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    // Checked every round, also when caught up: a reorganisation may leave the chain shorter than the cursor.
    const rewound = await rewindOnReorg(connection, db, options);
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
    const to = Math.min(next + batchSize - 1, last);
    const written = await indexRange(connection, db, next, to);
    if (written === undefined) continue; // the chain moved under us: check for a reorg and try again
    indexed += written;
    next = to + 1;
    const seconds = (Date.now() - started) / 1000;
    await options.onProgress?.({ block: to, head, events: indexed, eventsPerSecond: seconds > 0 ? indexed / seconds : 0 });
  }
  return { nextBlock: next, events: indexed };
}

async function initCursor(db: Kysely<MonitorSchema>, chainId: number, fromBlock: number): Promise<number> {
  const cursor = await db.selectFrom("indexer_cursor").selectAll().where("id", "=", "main").executeTakeFirst();
  if (cursor) {
    if (cursor.chain_id !== chainId) throw new Error(`the database indexes chain ${cursor.chain_id}, not chain ${chainId}`);
    return Number(cursor.next_block);
  }
  await db
    .insertInto("indexer_cursor")
    .values({ id: "main", chain_id: chainId, next_block: fromBlock, updated_at: new Date().toISOString() })
    .execute();
  return fromBlock;
}

async function watch(db: Kysely<MonitorSchema>, address: Address, kind: ContractKind, sinceBlock: number) {
  await db
    .insertInto("watched_contracts")
    .values({ address: getAddress(address), kind, since_block: sinceBlock })
    .onConflict((oc) => oc.column("address").doNothing())
    .execute();
}

/** Returns the block to resume from if the chain reorganised under the indexed blocks, else undefined. */
async function rewindOnReorg(connection: Connection, db: Kysely<MonitorSchema>, options: IndexerOptions): Promise<number | undefined> {
  const stored = await db.selectFrom("indexed_blocks").select(["number", "hash"]).orderBy("number", "desc").limit(1).executeTakeFirst();
  if (!stored || (await hashAt(connection, Number(stored.number))) === stored.hash) return undefined;

  // Walk back through the stored blocks to the newest one the chain still agrees with.
  let ancestor = -1;
  const candidates = db.selectFrom("indexed_blocks").select(["number", "hash"]).orderBy("number", "desc");
  for (const b of await candidates.execute()) {
    if ((await hashAt(connection, Number(b.number))) === b.hash) {
      ancestor = Number(b.number);
      break;
    }
  }
  const removed = await db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("events").where("block_number", ">", ancestor).executeTakeFirst();
    await tx.deleteFrom("transfers").where("block_number", ">", ancestor).execute();
    await tx.deleteFrom("indexed_blocks").where("number", ">", ancestor).execute();
    await tx.deleteFrom("watched_contracts").where("since_block", ">", ancestor + 1).where("kind", "=", "token").execute();
    await tx.updateTable("indexer_cursor").set({ next_block: ancestor + 1, updated_at: new Date().toISOString() }).where("id", "=", "main").execute();
    return Number(gone.numDeletedRows);
  });
  await options.onReorg?.({ detectedAt: Number(stored.number), rewoundTo: ancestor, removedEvents: removed });
  return ancestor + 1;
}

async function hashAt(connection: Connection, number: number): Promise<Hash | undefined> {
  try {
    return (await connection.publicClient.getBlock({ blockNumber: BigInt(number) })).hash ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Indexes blocks [from, to] in one transaction. Returns the number of events written, or undefined when the
 * logs and the block headers disagree (a reorganisation in flight), in which case nothing is written.
 */
async function indexRange(connection: Connection, db: Kysely<MonitorSchema>, from: number, to: number): Promise<number | undefined> {
  const watched = await db.selectFrom("watched_contracts").selectAll().execute();
  const kindOf = new Map(watched.map((w) => [w.address, w.kind as ContractKind]));
  let logs = await getLogs(connection, [...kindOf.keys()] as Address[], from, to);

  // Tokens listed in this range: watch them, and fetch their history up to `to` as well.
  const discovered: Address[] = [];
  for (const log of logs) {
    if (kindOf.get(getAddress(log.address)) !== "issuers") continue;
    const event = decode("issuers", log);
    if (event?.eventName !== "TokenListed") continue;
    const token = getAddress((event.args as unknown as { token: Address }).token);
    if (!kindOf.has(token)) {
      kindOf.set(token, "token");
      discovered.push(token);
    }
  }
  if (discovered.length > 0) {
    const watchedFrom = Math.min(...watched.map((w) => Number(w.since_block)), from);
    const history = await getLogs(connection, discovered, watchedFrom, to);
    // The new tokens were not watched before, so none of their logs is in the database yet.
    logs = [...logs, ...history].sort((a, b) => Number(a.blockNumber! - b.blockNumber!) || a.logIndex! - b.logIndex!);
  }

  const blockNumbers = [...new Set([...logs.map((l) => Number(l.blockNumber)), to])];
  const headers = new Map(
    await Promise.all(
      blockNumbers.map(async (n) => {
        const b = await connection.publicClient.getBlock({ blockNumber: BigInt(n) });
        return [n, { hash: b.hash!, timestamp: Number(b.timestamp) }] as const;
      }),
    ),
  );
  if (logs.some((l) => headers.get(Number(l.blockNumber))?.hash !== l.blockHash)) return undefined;

  const rows: Row[] = [];
  const transfers: TransferRow[] = [];
  for (const log of logs) {
    const address = getAddress(log.address);
    const kind = kindOf.get(address)!;
    const event = decode(kind, log);
    if (!event) continue;
    const n = Number(log.blockNumber);
    const timestamp = headers.get(n)!.timestamp;
    rows.push({
      block_number: n,
      log_index: log.logIndex!,
      block_hash: log.blockHash!,
      tx_hash: log.transactionHash!,
      address,
      kind,
      name: event.eventName ?? "unknown",
      args: stringify(event.args),
      timestamp,
    });
    if (kind === "token" && event.eventName === "Transfer") {
      const a = event.args as unknown as { from: Address; to: Address; value: bigint };
      transfers.push({
        block_number: n,
        log_index: log.logIndex!,
        token: address,
        from_address: getAddress(a.from),
        to_address: getAddress(a.to),
        amount: a.value.toString(),
        kind: a.from === zeroAddress ? "mint" : a.to === zeroAddress ? "burn" : "transfer",
        tx_hash: log.transactionHash!,
        timestamp,
      });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (const token of discovered) {
      await tx.insertInto("watched_contracts").values({ address: token, kind: "token", since_block: from }).onConflict((oc) => oc.column("address").doNothing()).execute();
    }
    for (const chunk of chunks(rows, 200)) await tx.insertInto("events").values(chunk).onConflict((oc) => oc.columns(["block_number", "log_index"]).doNothing()).execute();
    for (const chunk of chunks(transfers, 200)) {
      await tx.insertInto("transfers").values(chunk).onConflict((oc) => oc.columns(["block_number", "log_index"]).doNothing()).execute();
    }
    for (const [number, h] of headers) {
      await tx
        .insertInto("indexed_blocks")
        .values({ number, hash: h.hash, timestamp: h.timestamp })
        .onConflict((oc) => oc.column("number").doUpdateSet({ hash: h.hash, timestamp: h.timestamp }))
        .execute();
    }
    await tx.updateTable("indexer_cursor").set({ next_block: to + 1, updated_at: new Date().toISOString() }).where("id", "=", "main").execute();
  });
  return rows.length;
}

/**
 * The logs of `addresses` in [from, to]. Endpoints cap eth_getLogs (by block range or by result count); when
 * a range is refused it is split in halves, down to single blocks, so the indexer works against any node.
 */
async function getLogs(connection: Connection, addresses: Address[], from: number, to: number): Promise<Log[]> {
  if (addresses.length === 0 || from > to) return [];
  let logs: Log[];
  try {
    logs = await connection.publicClient.getLogs({ address: addresses, fromBlock: BigInt(from), toBlock: BigInt(to) });
  } catch (error) {
    if (from === to) throw error;
    const middle = Math.floor((from + to) / 2);
    logs = [...(await getLogs(connection, addresses, from, middle)), ...(await getLogs(connection, addresses, middle + 1, to))];
  }
  return logs.sort((a, b) => Number(a.blockNumber! - b.blockNumber!) || a.logIndex! - b.logIndex!);
}

function decode(kind: ContractKind, log: Log) {
  try {
    return decodeEventLog({ abi: ABIS[kind], data: log.data, topics: log.topics });
  } catch {
    return undefined; // an event this ABI does not know (cannot happen for Qualified contracts)
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
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
