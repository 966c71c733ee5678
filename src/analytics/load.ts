import { getAddress, type Address, type Hash } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../monitor/schema.js";
import { eventFromRow } from "../monitor/events.js";
import { ChainState } from "../monitor/projection.js";
import type { Movement } from "./types.js";

/**
 * Every movement of `token` the monitor indexed, in chain order: on chain `chainId` when given, else on every chain
 * that has a token at that address (ordered by chain, then block).
 */
export async function loadMovements(db: Kysely<MonitorSchema>, token: Address, chainId?: number): Promise<Movement[]> {
  let query = db.selectFrom("transfers").selectAll().where("token", "=", getAddress(token));
  if (chainId !== undefined) query = query.where("chain_id", "=", chainId);
  const rows = await query.orderBy("chain_id").orderBy("block_number").orderBy("log_index").execute();
  return rows.map((r) => ({
    chainId: Number(r.chain_id),
    token: getAddress(r.token),
    from: getAddress(r.from_address),
    to: getAddress(r.to_address),
    amount: BigInt(r.amount),
    kind: r.kind as Movement["kind"],
    blockNumber: Number(r.block_number),
    logIndex: r.log_index,
    txHash: r.tx_hash as Hash,
    timestamp: Number(r.timestamp),
  }));
}

/** The tokens with indexed transfers. */
export async function indexedTokens(db: Kysely<MonitorSchema>): Promise<Address[]> {
  const rows = await db.selectFrom("transfers").select("token").distinct().execute();
  return rows.map((r) => getAddress(r.token)).sort();
}

export interface Annotations {
  /** Registered DeFi contracts, and blocked ones. */
  defi: Set<Address>;
  blocked: Set<Address>;
  /** Wallet -> names of the qualifiers whose live credentials it holds (never a person's name). */
  qualifiers: Map<Address, string[]>;
}

/** What the indexed registry events say about wallets: registered contracts and credential issuers. */
export async function loadAnnotations(db: Kysely<MonitorSchema>): Promise<Annotations> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("name", "in", [
      "ContractRegistered",
      "ContractDeregistered",
      "ContractBlocked",
      "ContractUnblocked",
      "QualifierAdmitted",
      "CredentialIssued",
      "CredentialRevoked",
    ])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const state = new ChainState();
  for (const row of rows) state.apply(eventFromRow(row));
  const qualifiers = new Map<Address, string[]>();
  for (const holder of state.credentials.keys()) {
    const list = state.qualifiersOf(holder).map((id) => state.qualifierNames.get(id) ?? `qualifier ${id}`);
    if (list.length > 0) qualifiers.set(holder, list);
  }
  return { defi: new Set(state.registered), blocked: new Set(state.blocked), qualifiers };
}
