import { getAddress, zeroAddress, type Address, type Hash, type Hex } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../monitor/schema.js";
import { assetHistory, type ChainRecord } from "./asset-history.js";
import type { AssetEvent, AssetToken, BridgeEvent, BridgeLink } from "./asset-types.js";
import { isMovement } from "./asset-types.js";
import type { Movement } from "./types.js";

const BRIDGE_EVENTS = ["BridgeSent", "BridgeReceived", "Escrowed", "EscrowReleased", "EscrowReturned"] as const;

/** An asset as the monitor indexed it: its token on each chain, its bridges' links, and its history. */
export interface IndexedAsset {
  /** The asset's home token: where it was issued (its first mint that no bridge made). */
  asset: AssetToken;
  tokens: AssetToken[];
  links: BridgeLink[];
  /** Every chain's movements and escrow steps, in causal order. */
  history: AssetEvent[];
}

/** Every bridge link the monitor recorded. */
export async function loadBridgeLinks(db: Kysely<MonitorSchema>): Promise<BridgeLink[]> {
  const rows = await db.selectFrom("bridge_links").selectAll().execute();
  return rows.map((r) => ({
    chainId: Number(r.chain_id),
    bridge: getAddress(r.bridge),
    token: getAddress(r.token),
    peerChainId: Number(r.peer_chain_id),
    peerBridge: getAddress(r.peer_bridge),
    peerToken: getAddress(r.peer_token),
  }));
}

/** The tokens joined to `seeds` through bridge links, the seeds included. */
export function linkedTokens(seeds: AssetToken[], links: BridgeLink[]): AssetToken[] {
  const key = (t: AssetToken) => `${t.chainId}:${t.token}`;
  const found = new Map(seeds.map((t) => [key(t), t]));
  const queue = [...seeds];
  while (queue.length > 0) {
    const t = queue.pop()!;
    for (const l of links) {
      if (l.chainId !== t.chainId || l.token !== t.token) continue;
      const peer = { chainId: l.peerChainId, token: l.peerToken };
      if (found.has(key(peer))) continue;
      found.set(key(peer), peer);
      queue.push(peer);
    }
  }
  return [...found.values()].sort((a, b) => a.chainId - b.chainId || (a.token < b.token ? -1 : 1));
}

/**
 * The asset of `token` (on `chainId`, or on every chain with a token at that address), with the tokens its bridges
 * join on other chains. A token no bridge links is an asset on its own chain. Undefined when nothing of it is indexed.
 */
export async function loadAsset(db: Kysely<MonitorSchema>, token: Address, chainId?: number): Promise<IndexedAsset | undefined> {
  const address = getAddress(token);
  const links = await loadBridgeLinks(db);
  let query = db.selectFrom("transfers").select("chain_id").distinct().where("token", "=", address);
  if (chainId !== undefined) query = query.where("chain_id", "=", chainId);
  const seeds = new Map<number, AssetToken>();
  for (const r of await query.execute()) seeds.set(Number(r.chain_id), { chainId: Number(r.chain_id), token: address });
  for (const l of links)
    if (l.token === address && (chainId === undefined || l.chainId === chainId)) seeds.set(l.chainId, { chainId: l.chainId, token: address });
  if (seeds.size === 0) return undefined;
  const tokens = linkedTokens([...seeds.values()], links);
  const assetLinks = links.filter((l) => tokens.some((t) => t.chainId === l.chainId && t.token === l.token));
  const records: ChainRecord[] = [];
  for (const t of tokens) {
    const bridges = assetLinks.filter((l) => l.chainId === t.chainId && l.token === t.token).map((l) => l.bridge);
    records.push({ movements: await chainMovements(db, t), bridgeEvents: await bridgeEvents(db, t.chainId, bridges) });
  }
  const history = assetHistory(records, assetLinks);
  const issuance = history.find((e) => isMovement(e) && e.from === zeroAddress && !e.bridge);
  const asset = tokens.find((t) => issuance && t.chainId === issuance.chainId && t.token === (issuance as Movement).token) ?? tokens[0];
  return { asset, tokens, links: assetLinks, history };
}

/** The assets of every indexed token (the tokens a bridge joins count once, under their home token). */
export async function indexedAssets(db: Kysely<MonitorSchema>): Promise<IndexedAsset[]> {
  const rows = await db.selectFrom("transfers").select(["chain_id", "token"]).distinct().execute();
  const seen = new Set<string>();
  const out: IndexedAsset[] = [];
  for (const r of rows.sort((a, b) => Number(a.chain_id) - Number(b.chain_id) || (a.token < b.token ? -1 : 1))) {
    if (seen.has(`${Number(r.chain_id)}:${getAddress(r.token)}`)) continue;
    const asset = await loadAsset(db, getAddress(r.token), Number(r.chain_id));
    if (!asset) continue;
    for (const t of asset.tokens) seen.add(`${t.chainId}:${t.token}`);
    out.push(asset);
  }
  return out;
}

async function chainMovements(db: Kysely<MonitorSchema>, t: AssetToken): Promise<Movement[]> {
  const rows = await db
    .selectFrom("transfers")
    .selectAll()
    .where("chain_id", "=", t.chainId)
    .where("token", "=", t.token)
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
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

async function bridgeEvents(db: Kysely<MonitorSchema>, chainId: number, bridges: Address[]): Promise<BridgeEvent[]> {
  if (bridges.length === 0) return [];
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("chain_id", "=", chainId)
    .where("address", "in", bridges)
    .where("name", "in", [...BRIDGE_EVENTS])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  return rows.map((r) => {
    const a = JSON.parse(r.args) as { transferId: Hex; returnId?: Hex; from?: string; to: string; amount: string };
    return {
      chainId: Number(r.chain_id),
      bridge: getAddress(r.address),
      name: r.name as BridgeEvent["name"],
      transferId: a.transferId,
      ...(a.returnId ? { returnId: a.returnId } : {}),
      ...(a.from ? { from: getAddress(a.from) } : {}),
      to: getAddress(a.to),
      amount: BigInt(a.amount),
      txHash: r.tx_hash as Hash,
      blockNumber: Number(r.block_number),
      logIndex: r.log_index,
      timestamp: Number(r.timestamp),
    };
  });
}
