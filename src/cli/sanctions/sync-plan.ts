import type { Address } from "viem";
import { OFAC_SOURCE, type StandingFlag } from "./flags.js";

/** What a sync changes: wallets to flag, wallets to clear, and flags it leaves alone. */
export interface SyncPlan {
  /** In the publication and not flagged now. */
  flag: Address[];
  /** Flagged now from an OFAC publication and absent from this one. */
  clear: Address[];
  /** In the publication and flagged already. */
  unchanged: number;
  /** Flagged now from another source (a qualifier's review, another list) and absent from the publication: never cleared by a sync. */
  otherSources: Address[];
}

/** The diff between a publication's Ethereum addresses and the flags standing on chain. */
export function syncPlan(listed: Address[], standing: StandingFlag[]): SyncPlan {
  const wanted = new Set(listed);
  const flagged = new Set(standing.map((f) => f.account));
  const absent = standing.filter((f) => !wanted.has(f.account));
  return {
    flag: [...wanted].filter((a) => !flagged.has(a)),
    clear: absent.filter((f) => OFAC_SOURCE.test(f.source)).map((f) => f.account),
    unchanged: [...wanted].filter((a) => flagged.has(a)).length,
    otherSources: absent.filter((f) => !OFAC_SOURCE.test(f.source)).map((f) => f.account),
  };
}

/** `items` in runs of at most `size`. */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
