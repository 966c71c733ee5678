import type { Address } from "viem";

export interface Concentration {
  holders: number;
  supply: bigint;
  /** Share of the supply held by the top N holders, for each N asked, in [0, 1]. */
  topShare: Record<number, number>;
  /** Herfindahl-Hirschman index on the usual 0-10,000 scale (sum of squared percentage shares). */
  hhi: number;
  /** The fewest holders that together hold more than half of the supply. */
  nakamoto: number;
}

/** Concentration figures of a set of balances (zero balances are not holders). */
export function concentration(balances: Map<Address, bigint>, topN: number[] = [1, 5, 10]): Concentration {
  const held = [...balances.values()].filter((b) => b > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const supply = held.reduce((s, b) => s + b, 0n);
  const share = (b: bigint) => (supply === 0n ? 0 : Number((b * 1_000_000_000_000n) / supply) / 1e12);
  const topShare: Record<number, number> = {};
  for (const n of topN) topShare[n] = share(held.slice(0, n).reduce((s, b) => s + b, 0n));
  const hhi = held.reduce((h, b) => h + (share(b) * 100) ** 2, 0);
  let nakamoto = 0;
  let running = 0n;
  for (const b of held) {
    if (supply === 0n || running * 2n > supply) break;
    running += b;
    nakamoto++;
  }
  return { holders: held.length, supply, topShare, hhi, nakamoto };
}
