import { getAddress, hexToNumber, numberToHex, type Abi, type Address, type Hash, type Hex } from "viem";
import {
  bondBridgeAbi,
  contractRegistryAbi,
  credentialMirrorAbi,
  credentialMirrorSenderAbi,
  credentialRegistryAbi,
  issuerRegistryAbi,
  securityTokenAbi,
  type Connection,
} from "../sdk/index.js";
import type { BatchSizer } from "./batch-size.js";
import { EventDecoder } from "./decode.js";
import { jsonValue, type IndexedEvent } from "./events.js";
import type { MonitorSchema } from "./schema.js";

/** What a watched contract is, which says how its logs decode. */
export type ContractKind = "credentials" | "contracts" | "issuers" | "token" | "bridge" | "mirror-sender" | "mirror";
const DECODERS: Record<ContractKind, EventDecoder> = {
  credentials: new EventDecoder(credentialRegistryAbi as Abi),
  contracts: new EventDecoder(contractRegistryAbi as Abi),
  issuers: new EventDecoder(issuerRegistryAbi as Abi),
  token: new EventDecoder(securityTokenAbi as Abi),
  bridge: new EventDecoder(bondBridgeAbi as Abi),
  "mirror-sender": new EventDecoder(credentialMirrorSenderAbi as Abi),
  mirror: new EventDecoder(credentialMirrorAbi as Abi),
};
const ZERO = "0x0000000000000000000000000000000000000000";

/** A log as eth_getLogs returns it, with its position parsed. */
interface RawLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: number;
  blockHash: Hash;
  transactionHash: Hash;
  logIndex: number;
}

export interface BlockHeader {
  hash: Hash;
  timestamp: number;
}

/** One range of blocks, fetched and decoded, ready to be written in one transaction. */
export interface FetchedBatch {
  chainId: number;
  from: number;
  to: number;
  /** The hash of block from - 1 when the range was fetched (undefined for block 0): it must be the last one written. */
  parentHash: Hash | undefined;
  /** The blocks with events, and block `to`. */
  headers: Map<number, BlockHeader>;
  events: IndexedEvent[];
  rows: MonitorSchema["events"][];
  transfers: MonitorSchema["transfers"][];
  /** Tokens listed in this range, watched from now on (their earlier history is in this batch). */
  discovered: Address[];
}

/**
 * Fetches and decodes the next range from `from`, no further than `last`, as large as `sizer` says. `watched`
 * (address -> kind) gains the tokens listed in the range. Returns undefined when the logs and the block headers
 * disagree (a reorganisation in flight): nothing of the range may be written then.
 */
export async function fetchBatch(
  connection: Connection,
  watched: Map<Address, ContractKind>,
  from: number,
  last: number,
  sizer: BatchSizer,
): Promise<FetchedBatch | undefined> {
  let { to, logs } = await getLogsSized(connection, [...watched.keys()], from, last, sizer);

  // Tokens listed in this range: watch them, and fetch their history up to `to` as well (they were not watched
  // before, so none of their logs is in the database yet).
  const discovered: Address[] = [];
  for (const log of logs) {
    if (watched.get(log.address) !== "issuers") continue;
    const event = DECODERS.issuers.decode(log.topics, log.data);
    if (event?.eventName !== "TokenListed") continue;
    const token = getAddress(String(event.args!.token));
    if (!watched.has(token)) {
      watched.set(token, "token");
      discovered.push(token);
    }
  }
  if (discovered.length > 0) {
    const history: RawLog[] = [];
    for (let next = 0; next <= to; ) {
      const part = await getLogsSized(connection, discovered, next, to, sizer);
      history.push(...part.logs);
      next = part.to + 1;
    }
    logs = sortLogs([...logs, ...history]);
  }

  const numbers = new Set(logs.map((l) => l.blockNumber));
  numbers.add(to);
  const [headers, parentHash] = await Promise.all([
    Promise.all([...numbers].map(async (n) => [n, await header(connection, n)] as const)),
    from > 0 ? header(connection, from - 1).then((h) => h.hash) : undefined,
  ]);
  const byNumber = new Map(headers);
  if (logs.some((l) => byNumber.get(l.blockNumber)!.hash !== l.blockHash)) return undefined;
  const chainId = connection.chain.id;
  return { chainId, from, to, parentHash, headers: byNumber, discovered, ...decodeLogs(chainId, logs, watched, byNumber) };
}

/** Decodes logs into the `events` and `transfers` rows and the events the alert engine reads. */
function decodeLogs(chainId: number, logs: RawLog[], watched: Map<Address, ContractKind>, headers: Map<number, BlockHeader>) {
  const events: IndexedEvent[] = [];
  const rows: MonitorSchema["events"][] = [];
  const transfers: MonitorSchema["transfers"][] = [];
  for (const log of logs) {
    const kind = watched.get(log.address)!;
    const decoded = DECODERS[kind].decode(log.topics, log.data);
    if (!decoded) continue; // an event this ABI does not know (cannot happen for Qualified contracts)
    const timestamp = headers.get(log.blockNumber)!.timestamp;
    const args = (jsonValue(decoded.args) ?? {}) as Record<string, unknown>;
    const event: IndexedEvent = {
      chainId,
      blockNumber: log.blockNumber,
      logIndex: log.logIndex,
      txHash: log.transactionHash,
      address: log.address,
      kind,
      name: decoded.eventName,
      args,
      timestamp,
    };
    events.push(event);
    rows.push({
      chain_id: chainId,
      block_number: log.blockNumber,
      log_index: log.logIndex,
      block_hash: log.blockHash,
      tx_hash: log.transactionHash,
      address: log.address,
      kind,
      name: decoded.eventName,
      args: JSON.stringify(args),
      timestamp,
    });
    if (kind === "token" && decoded.eventName === "Transfer") {
      const a = decoded.args as { from: Address; to: Address; value: bigint };
      transfers.push({
        chain_id: chainId,
        block_number: log.blockNumber,
        log_index: log.logIndex,
        token: log.address,
        from_address: a.from,
        to_address: a.to,
        amount: a.value.toString(),
        kind: a.from === ZERO ? "mint" : a.to === ZERO ? "burn" : "transfer",
        tx_hash: log.transactionHash,
        timestamp,
      });
    }
  }
  return { events, rows, transfers };
}

async function header(connection: Connection, n: number): Promise<BlockHeader> {
  const block = await connection.publicClient.request({ method: "eth_getBlockByNumber", params: [numberToHex(n), false] });
  if (!block?.hash) throw new Error(`the node has no block ${n}`);
  return { hash: block.hash, timestamp: hexToNumber(block.timestamp) };
}

/** The logs of `addresses` in [from, to], in chain order. */
async function getLogs(connection: Connection, addresses: Address[], from: number, to: number): Promise<RawLog[]> {
  if (addresses.length === 0 || from > to) return [];
  const raw = await connection.publicClient.request({
    method: "eth_getLogs",
    params: [{ address: addresses, fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
  });
  const checksummed = new Map<string, Address>(); // a batch's logs come from a few contracts
  const addressOf = (a: string) => checksummed.get(a) ?? checksummed.set(a, getAddress(a)).get(a)!;
  return sortLogs(
    raw.map((l) => ({
      address: addressOf(l.address),
      topics: l.topics as Hex[],
      data: l.data,
      blockNumber: hexToNumber(l.blockNumber!),
      blockHash: l.blockHash!,
      transactionHash: l.transactionHash!,
      logIndex: hexToNumber(l.logIndex!),
    })),
  );
}

/**
 * The logs of `addresses` from `from` on, over as many blocks (up to `last`) as `sizer` says; a refused request is
 * asked again smaller, down to a single block.
 */
async function getLogsSized(connection: Connection, addresses: Address[], from: number, last: number, sizer: BatchSizer) {
  for (;;) {
    const to = Math.min(from + sizer.blocks - 1, last);
    try {
      const logs = await getLogs(connection, addresses, from, to);
      sizer.succeeded(to - from + 1, logs.length, busiestBlock(logs));
      return { to, logs };
    } catch (error) {
      if (to === from) throw error;
      sizer.failed(to - from + 1);
    }
  }
}

/** The most logs one block holds among `logs` (sorted by block). */
function busiestBlock(logs: RawLog[]): number {
  let most = 0;
  for (let i = 0, run = 0; i < logs.length; i++) {
    run = i > 0 && logs[i].blockNumber === logs[i - 1].blockNumber ? run + 1 : 1;
    most = Math.max(most, run);
  }
  return most;
}

const sortLogs = (logs: RawLog[]) => logs.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
