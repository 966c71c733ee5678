import { getAddress, type Address } from "viem";
import type { IndexedEvent } from "../../events.js";
import type { ChainState } from "../../projection.js";
import type { AlertRule, Raise } from "../rule.js";

/**
 * Holdings no credential covers any more: the holder's credential revoked, its qualifier suspended, or every one of
 * its credentials expired. Registered contracts are exempt (they hold no credentials).
 */
export function strandedHoldings(enabled: boolean): AlertRule {
  const expiredReported = new Map<Address, number>(); // holder -> latest expiry already reported as stranding it
  let expiryCheckedAt = 0; // block time of the last expiry scan: one scan per new block time

  /** Expiry strands holdings silently (no event marks it): holders stranded by this block's time, once per expiry. */
  const expiries = (e: IndexedEvent, state: ChainState, raise: Raise) => {
    const at = e.timestamp;
    if (at <= expiryCheckedAt) return;
    expiryCheckedAt = at;
    for (const [holder, held] of state.credentials) {
      if (held.size === 0 || state.hasLiveCredential(holder, at) || state.everRegistered.has(holder) || !state.holdsAnything(holder)) continue;
      const latest = Math.max(...[...held.values()].map((c) => c.expiresAt));
      if (latest > at || expiredReported.get(holder) === latest) continue;
      expiredReported.set(holder, latest);
      raise(holder, `${holder} holds tokens but its credentials expired at ${new Date(latest * 1000).toISOString()}`, { expiredAt: String(latest) });
    }
  };

  return {
    name: "strandedHoldings",
    onEvent(e, state, raise) {
      if (e.name === "CredentialRevoked") {
        const holder = getAddress(String(e.args.holder));
        if (!state.hasLiveCredential(holder, e.timestamp) && !state.everRegistered.has(holder) && state.holdsAnything(holder)) {
          raise(holder, `${holder} holds tokens but its credential was revoked (${e.args.reason})`, { qualifierId: e.args.qualifierId as string }); // as decoded (a JSON number), as webhooks have always had it
        }
      } else if (e.name === "QualifierSuspended") {
        const id = Number(e.args.id);
        for (const [holder, held] of state.credentials) {
          if (![...held.values()].some((c) => c.qualifierId === id) || state.hasLiveCredential(holder, e.timestamp) || !state.holdsAnything(holder)) continue;
          raise(holder, `${holder} holds tokens but its qualifier ${id} was suspended (${e.args.reason})`, { qualifierId: String(id) });
        }
      }
      if (enabled) expiries(e, state, raise);
    },
  };
}
