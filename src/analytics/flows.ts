import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import type { Category, Movement } from "./types.js";

export interface Labels {
  /** Registered DeFi contracts (from the contract registry). */
  defi: Set<Address>;
  /** Other known wallets from a label file: exchange, custodian or bridge. */
  known: Map<Address, { category: Exclude<Category, "mint/burn" | "defi" | "individual">; name?: string }>;
}

/**
 * The category of one side of a movement: the zero address of a bridge leg is the bridge (the tokens left for,
 * or came from, another chain), not a mint or a burn.
 */
export function sideCategory(m: Movement, side: "from" | "to", labels: Labels): Category {
  if (m.bridge && m[side] === zeroAddress) return "bridge";
  return categorize(m[side], labels);
}

/** The category of a counterparty. */
export function categorize(address: Address, labels: Labels): Category {
  if (address === zeroAddress) return "mint/burn";
  if (labels.defi.has(address)) return "defi";
  return labels.known.get(address)?.category ?? "individual";
}

export interface CategoryFlow {
  category: Category;
  inflow: bigint;
  outflow: bigint;
  net: bigint;
}

/**
 * Net flows by counterparty category between `from` and `to` (unix seconds, inclusive): for each category, what
 * moved into wallets of that category from other categories, what moved out to other categories, and the net.
 * Movements within one category are not flows between categories and are left out; mints flow out of
 * "mint/burn", burns into it; bridge legs flow out of and into "bridge" instead.
 */
export function netFlowsByCategory(movements: Movement[], labels: Labels, from = 0, to = Number.POSITIVE_INFINITY): CategoryFlow[] {
  const flows = new Map<Category, CategoryFlow>();
  const entry = (c: Category) => {
    let f = flows.get(c);
    if (!f) {
      f = { category: c, inflow: 0n, outflow: 0n, net: 0n };
      flows.set(c, f);
    }
    return f;
  };
  for (const m of movements) {
    if (m.timestamp < from || m.timestamp > to) continue;
    const source = sideCategory(m, "from", labels);
    const target = sideCategory(m, "to", labels);
    if (source === target) continue;
    entry(source).outflow += m.amount;
    entry(target).inflow += m.amount;
  }
  for (const f of flows.values()) f.net = f.inflow - f.outflow;
  const order: Category[] = ["mint/burn", "defi", "exchange", "custodian", "bridge", "individual"];
  return [...flows.values()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
}

/** Reads a label file: `{ "0xaddress": { "category": "exchange" | "custodian" | "bridge", "name": "..." } }`. */
export function parseLabelFile(json: unknown): Labels["known"] {
  const known: Labels["known"] = new Map();
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("the label file must be a JSON object of address -> label");
  for (const [address, label] of Object.entries(json as Record<string, { category?: string; name?: string }>)) {
    const category = label?.category;
    if (category !== "exchange" && category !== "custodian" && category !== "bridge") {
      throw new Error(`label of ${address}: category must be exchange, custodian or bridge, not ${String(category)}`);
    }
    if (!isAddress(address, { strict: false })) throw new Error(`"${address}" is not an address (0x followed by 40 hex digits)`);
    if (label.name !== undefined && typeof label.name !== "string") throw new Error(`label of ${address}: name must be a string`);
    known.set(getAddress(address), { category, name: label.name });
  }
  return known;
}
