import type { Address } from "viem";
import { balancesAt } from "./balances.js";
import { concentration, type Concentration } from "./concentration.js";
import type { Movement } from "./types.js";

export interface TokenSummary {
  token: Address;
  transfers: number;
  concentration: Concentration;
}

export interface MarketSummary {
  tokens: TokenSummary[];
  /** Wallets holding at least one token, and how many hold more than one. */
  holders: number;
  multiTokenHolders: number;
  /** Wallets that hold more than `exposureShare` of some token's supply, with the tokens concerned. */
  largeExposures: { holder: Address; tokens: { token: Address; share: number }[] }[];
}

/** Across tokens: per-token concentration side by side, shared holders, and where single wallets weigh heavily. */
export function marketSummary(movementsByToken: Map<Address, Movement[]>, exposureShare = 0.25): MarketSummary {
  const tokens: TokenSummary[] = [];
  const holdings = new Map<Address, Set<Address>>();
  const exposures = new Map<Address, { token: Address; share: number }[]>();
  for (const [token, movements] of movementsByToken) {
    const balances = balancesAt(movements);
    const c = concentration(balances);
    tokens.push({ token, transfers: movements.length, concentration: c });
    for (const [holder, balance] of balances) {
      if (balance <= 0n) continue;
      const held = holdings.get(holder) ?? new Set<Address>();
      held.add(token);
      holdings.set(holder, held);
      const share = c.supply === 0n ? 0 : Number((balance * 1_000_000n) / c.supply) / 1e6;
      if (share > exposureShare) exposures.set(holder, [...(exposures.get(holder) ?? []), { token, share }]);
    }
  }
  return {
    tokens,
    holders: holdings.size,
    multiTokenHolders: [...holdings.values()].filter((s) => s.size > 1).length,
    largeExposures: [...exposures.entries()].map(([holder, list]) => ({ holder, tokens: list })),
  };
}
