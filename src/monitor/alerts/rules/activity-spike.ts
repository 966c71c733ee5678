import type { Address } from "viem";
import type { AlertRule } from "../rule.js";

/**
 * An activity spike: the transfers of a token in this window of blocks reach
 * max(minTransfers, floor(factor x previous window) + 1). Raised once, at the transfer that crosses it.
 */
export function activitySpike(config: { windowBlocks: number; factor: number; minTransfers: number }): AlertRule {
  const { windowBlocks, factor, minTransfers } = config;
  const transfersPerBlock = new Map<Address, Map<number, number>>(); // token -> block -> transfers
  return {
    name: "activitySpike",
    onEvent(e, _state, raise) {
      if (e.name !== "Transfer" || e.kind !== "token") return;
      const block = e.blockNumber;
      const counts = transfersPerBlock.get(e.address) ?? new Map<number, number>();
      transfersPerBlock.set(e.address, counts);
      counts.set(block, (counts.get(block) ?? 0) + 1);
      const windowStart = Math.floor(block / windowBlocks) * windowBlocks;
      for (const b of counts.keys()) if (b < windowStart - windowBlocks) counts.delete(b);
      let current = 0;
      let previous = 0;
      for (const [b, c] of counts) {
        if (b >= windowStart) current += c;
        else previous += c;
      }
      const threshold = Math.max(minTransfers, Math.floor(factor * previous) + 1);
      if (current === threshold) {
        raise(e.address, `${current} transfers in blocks ${windowStart}-${windowStart + windowBlocks - 1}, ${previous} in the window before`, {
          windowStart: String(windowStart),
          current: String(current),
          previous: String(previous),
        });
      }
    },
  };
}
