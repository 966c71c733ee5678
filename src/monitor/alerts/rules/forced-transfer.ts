import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

/** A forced transfer by the issuer (a court order, a recovery): every one is on record with its case reference. */
export function forcedTransfer(): AlertRule {
  return {
    name: "forcedTransfer",
    onEvent(e, _state, raise) {
      if (e.name !== "ForcedTransferCase") return;
      const { from, to, amount, caseRef } = e.args as Record<string, string>;
      raise(getAddress(from), `forced transfer of ${amount} from ${from} to ${to}`, { token: e.address, caseRef, amount });
    },
  };
}
