import { getAddress, type Address, type Hash } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../monitor/schema.js";
import type { Movement } from "./types.js";

/** Every movement of `token` the monitor indexed, in chain order. */
export async function loadMovements(db: Kysely<MonitorSchema>, token: Address): Promise<Movement[]> {
  const rows = await db
    .selectFrom("transfers")
    .selectAll()
    .where("token", "=", getAddress(token))
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  return rows.map((r) => ({
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
    .select(["name", "args"])
    .where("name", "in", ["ContractRegistered", "ContractDeregistered", "ContractBlocked", "ContractUnblocked", "QualifierAdmitted", "CredentialIssued", "CredentialRevoked"])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const defi = new Set<Address>();
  const blocked = new Set<Address>();
  const names = new Map<string, string>();
  const held = new Map<Address, Map<string, number>>();
  for (const { name, args } of rows) {
    const a = JSON.parse(args) as Record<string, string>;
    if (name === "ContractRegistered") defi.add(getAddress(a.target));
    else if (name === "ContractDeregistered") defi.delete(getAddress(a.target));
    else if (name === "ContractBlocked") blocked.add(getAddress(a.target));
    else if (name === "ContractUnblocked") blocked.delete(getAddress(a.target));
    else if (name === "QualifierAdmitted") names.set(String(a.id), a.name);
    else {
      const holder = getAddress(a.holder);
      const counts = held.get(holder) ?? new Map<string, number>();
      const id = String(a.qualifierId);
      counts.set(id, (counts.get(id) ?? 0) + (name === "CredentialIssued" ? 1 : -1));
      held.set(holder, counts);
    }
  }
  const qualifiers = new Map<Address, string[]>();
  for (const [holder, counts] of held) {
    const list = [...counts.entries()].filter(([, n]) => n > 0).map(([id]) => names.get(id) ?? `qualifier ${id}`);
    if (list.length > 0) qualifiers.set(holder, list);
  }
  return { defi, blocked, qualifiers };
}
