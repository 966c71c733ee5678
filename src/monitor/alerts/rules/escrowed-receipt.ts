import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

/**
 * A bridge receipt the destination refused and held in escrow: someone waits for tokens that need an action (the
 * issuer releases or returns them, or anyone retries once the recipient may receive).
 */
export function escrowedReceipt(): AlertRule {
  return {
    name: "escrowedReceipt",
    onEvent(e, _state, raise) {
      if (e.kind !== "bridge" || e.name !== "Escrowed") return;
      const from = getAddress(String(e.args.from));
      const to = getAddress(String(e.args.to));
      const amount = String(e.args.amount);
      const transferId = String(e.args.transferId);
      raise(
        to,
        `bridge receipt ${transferId} of ${amount} for ${to} is held in escrow: the issuer releases it or returns it to ${from}, or anyone retries it once ${to} may receive`,
        { bridge: e.address, transferId, from, to, amount },
      );
    },
  };
}
