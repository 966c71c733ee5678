// The exposure network of the indexed market, from the monitor's database. Nodes: each indexed token (its
// issuer's credit), holder groups (qualifier and credential class, sanctioned, unqualified) and each
// registered DeFi contract (pools, money markets). Edges: a holder group or contract holds the token
// (its balance); a holder group has placed tokens in a contract (what its wallets sent in, net of what
// came back). Amounts in token units.
import { formatUnits, zeroAddress, type Address } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../../monitor/schema.js";
import { loadAnnotations } from "../../analytics/load.js";
import { indexedAssets } from "../../analytics/asset-load.js";
import { movementsOf } from "../../analytics/asset-types.js";
import { balancesAt } from "../../analytics/balances.js";
import { loadHolderGroups } from "./holder-groups.js";
import type { DebtRankFile } from "./schema.js";

export interface ExposureNode {
  id: string;
  kind: "token" | "holders" | "contract";
  /** Wallets in a holder group (1 for a token or contract). */
  wallets: number;
  /** Token units held (holders, contracts) or in circulation (tokens). */
  value: number;
}

export interface ExposureNetwork {
  nodes: ExposureNode[];
  /** `from` holds `amount` token units of exposure on `to`. */
  exposures: { from: string; to: string; amount: number }[];
}

export const tokenNode = (token: Address) => `token:${token}`;
export const holderNode = (group: string) => `holders:${group}`;
export const contractNode = (contract: Address) => `contract:${contract}`;

/** Builds the exposure network from everything the monitor indexed; `decimals` scales base units to token units. */
export async function exposureNetworkFromMonitor(db: Kysely<MonitorSchema>, options: { decimals?: number } = {}): Promise<ExposureNetwork> {
  const decimals = options.decimals ?? 18;
  const units = (x: bigint) => Number(formatUnits(x, decimals));
  const { defi } = await loadAnnotations(db);
  const groupOf = await loadHolderGroups(db);
  const nodes = new Map<string, ExposureNode & { members: Set<Address> }>();
  const node = (id: string, kind: ExposureNode["kind"]) => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, kind, wallets: 0, value: 0, members: new Set() };
      nodes.set(id, n);
    }
    return n;
  };
  const edges = new Map<string, bigint>();
  const expose = (from: string, to: string, amount: bigint) => {
    const key = JSON.stringify([from, to]);
    edges.set(key, (edges.get(key) ?? 0n) + amount);
  };
  const holderOf = (wallet: Address) => (defi.has(wallet) ? contractNode(wallet) : holderNode(groupOf(wallet)));

  // One token node per asset: a bond on the home chain and on an L2 is one exposure, named by its home token;
  // a holder's balances on every chain add up, and tokens in flight or in a bridge's escrow are held by nobody.
  for (const asset of await indexedAssets(db)) {
    const token = asset.asset.token;
    const movements = movementsOf(asset.history);
    let supply = 0n;
    for (const [wallet, balance] of balancesAt(movements)) {
      if (balance <= 0n) continue;
      supply += balance;
      const id = holderOf(wallet);
      node(id, defi.has(wallet) ? "contract" : "holders").members.add(wallet);
      expose(id, tokenNode(token), balance);
    }
    if (supply === 0n) continue;
    node(tokenNode(token), "token").value = units(supply);
    // Net placement of each holder group in each contract.
    const placed = new Map<string, bigint>();
    for (const m of movements) {
      if (m.from === zeroAddress || m.to === zeroAddress) continue;
      if (defi.has(m.to) && !defi.has(m.from)) {
        const key = JSON.stringify([holderOf(m.from), contractNode(m.to)]);
        placed.set(key, (placed.get(key) ?? 0n) + m.amount);
      } else if (defi.has(m.from) && !defi.has(m.to)) {
        const key = JSON.stringify([holderOf(m.to), contractNode(m.from)]);
        placed.set(key, (placed.get(key) ?? 0n) - m.amount);
      }
    }
    for (const [key, amount] of placed) {
      if (amount <= 0n) continue;
      const [from, to] = JSON.parse(key) as [string, string];
      node(from, "holders");
      node(to, "contract");
      expose(from, to, amount);
    }
  }
  const exposures = [...edges.entries()].map(([key, amount]) => {
    const [from, to] = JSON.parse(key) as [string, string];
    return { from, to, amount: units(amount) };
  });
  for (const e of exposures) nodes.get(e.from)!.value += e.amount;
  return {
    nodes: [...nodes.values()]
      .map(({ id, kind, members, value }) => ({ id, kind, wallets: kind === "holders" ? members.size : 1, value }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    exposures: exposures.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
  };
}

/**
 * The network as a DebtRank file: each node's equity and economic value are what it holds (so distress is
 * the share of its position lost), a token's are its supply; `shock` gives initial distress by node id.
 */
export function debtRankFileFor(network: ExposureNetwork, shock: Record<string, number>, linear = false): DebtRankFile {
  return {
    model: "debtrank",
    linear,
    // A node that holds nothing (a pool whose tokens moved on) keeps its place with a nominal equity of 1 and
    // no economic value: exposures to it stay in the network, and its own distress weighs nothing.
    nodes: network.nodes.map((n) => ({ id: n.id, equity: n.value > 0 ? n.value : 1, weight: n.value })),
    exposures: network.exposures,
    shock,
  };
}
