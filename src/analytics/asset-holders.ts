import type { Address } from "viem";
import { balancesAt } from "./balances.js";
import type { Movement } from "./types.js";

export interface AssetHolding {
  holder: Address;
  /** The holder's balances on every chain, summed. */
  balance: bigint;
  /** Its balance on each chain where it holds some, by chain id. */
  byChain: Record<number, bigint>;
}

/** Each chain's balances, from an asset's movements on every chain. */
export function balancesByChain(movements: Movement[]): Map<number, Map<Address, bigint>> {
  const chains = new Map<number, Movement[]>();
  for (const m of movements) {
    const list = chains.get(m.chainId) ?? [];
    list.push(m);
    chains.set(m.chainId, list);
  }
  return new Map([...chains].map(([chainId, list]) => [chainId, balancesAt(list)]));
}

/** Every holder of an asset with its balances summed across chains and per chain, largest first. */
export function holdingsAcrossChains(movements: Movement[]): AssetHolding[] {
  const out = new Map<Address, AssetHolding>();
  for (const [chainId, balances] of balancesByChain(movements)) {
    for (const [holder, balance] of balances) {
      if (balance === 0n) continue;
      const h = out.get(holder) ?? { holder, balance: 0n, byChain: {} };
      h.balance += balance;
      h.byChain[chainId] = balance;
      out.set(holder, h);
    }
  }
  return [...out.values()].filter((h) => h.balance > 0n).sort((a, b) => (a.balance === b.balance ? 0 : a.balance > b.balance ? -1 : 1));
}
