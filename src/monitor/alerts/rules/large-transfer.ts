import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

const ZERO = "0x0000000000000000000000000000000000000000";

/** A movement (mints and burns included) at or above the configured threshold; off while no threshold is set. */
export function largeTransfer(threshold: string | undefined): AlertRule {
  const limit = threshold === undefined ? undefined : BigInt(threshold);
  return {
    name: "largeTransfer",
    onEvent(e, _state, raise) {
      if (limit === undefined || e.name !== "Transfer" || e.kind !== "token") return;
      const amount = BigInt(String(e.args.value));
      if (amount < limit) return;
      const from = getAddress(String(e.args.from));
      const to = getAddress(String(e.args.to));
      raise(from === ZERO ? to : from, `movement of ${amount} from ${from} to ${to} is at or above ${threshold}`, {
        token: e.address,
        from,
        to,
        amount: String(amount),
      });
    },
  };
}
