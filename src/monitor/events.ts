import { getAddress, type Address } from "viem";
import type { MonitorSchema } from "./schema.js";

/**
 * One indexed event as the alert rules and the state projection read it. `args` holds JSON values, bigints as
 * decimal strings: the same whether the event comes straight from the indexer's decoded batch or is read back
 * from the `events` table.
 */
export interface IndexedEvent {
  /** The chain it happened on. */
  chainId: number;
  blockNumber: number;
  logIndex: number;
  txHash: string;
  address: Address;
  /** Which watched contract emitted it: credentials | contracts | issuers | token | bridge | mirror-sender | mirror. */
  kind: string;
  name: string;
  args: Record<string, unknown>;
  /** Block time, unix seconds. */
  timestamp: number;
}

/** JSON with bigints as decimal strings (how event arguments are stored). */
export const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));

/** The value `JSON.parse(toJson(value))` gives, without the text in between. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonValue(v);
    return out;
  }
  return value;
}

/** An `events` row as an IndexedEvent. */
export function eventFromRow(row: MonitorSchema["events"]): IndexedEvent {
  return {
    chainId: Number(row.chain_id),
    blockNumber: Number(row.block_number),
    logIndex: row.log_index,
    txHash: row.tx_hash,
    address: getAddress(row.address),
    kind: row.kind,
    name: row.name,
    args: JSON.parse(row.args) as Record<string, unknown>,
    timestamp: Number(row.timestamp),
  };
}
