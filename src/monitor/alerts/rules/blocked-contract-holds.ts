import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

/** A contract the guardians block while it still holds tokens. */
export function blockedContractHolds(): AlertRule {
  return {
    name: "blockedContractHolds",
    onEvent(e, state, raise) {
      if (e.name !== "ContractBlocked") return;
      const target = getAddress(String(e.args.target));
      if (state.holdsAnything(target)) raise(target, `blocked contract ${target} still holds tokens`, { reason: String(e.args.reason) });
    },
  };
}
