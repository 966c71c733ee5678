import { getAddress } from "viem";
import type { AlertRule } from "../rule.js";

/**
 * The guardians' review queue: a contract registered, who registered it (the resolution path starts there),
 * whether its code is vetted (eligible at once) and when its challenge window ends.
 */
export function newContract(): AlertRule {
  return {
    name: "newContract",
    onEvent(e, _state, raise) {
      if (e.name !== "ContractRegistered") return;
      const args = e.args;
      const target = getAddress(String(args.target));
      const vetted = String(args.vetted) === "true";
      const windowEndsAt = Number(args.windowEndsAt);
      const ends = new Date(windowEndsAt * 1000).toISOString();
      raise(
        target,
        vetted
          ? `contract ${target} registered by ${args.registrant}: vetted code, eligible at once`
          : `contract ${target} registered by ${args.registrant}: code not vetted, review it before its challenge window ends at ${ends}`,
        { registrant: getAddress(String(args.registrant)), codeHash: String(args.codeHash), vetted: String(vetted), windowEndsAt: String(windowEndsAt) },
      );
    },
  };
}
