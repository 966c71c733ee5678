import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

/** A token transfer from or to a wallet the credential registry marks as sanctioned: one alert per such side. */
export function sanctionedTransfer(): AlertRule {
  return {
    name: "sanctionedTransfer",
    onEvent(e, state, raise) {
      if (e.name !== "Transfer" || e.kind !== "token") return;
      const from = getAddress(String(e.args.from));
      const to = getAddress(String(e.args.to));
      const amount = String(e.args.value);
      for (const side of [from, to]) {
        if (state.sanctioned.has(side)) raise(side, `transfer of ${amount} involving sanctioned ${side}`, { token: e.address, from, to, amount });
      }
    },
  };
}
