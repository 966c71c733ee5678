import { encodeFunctionData, type Address } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { roleHash } from "../roles.js";

export interface RemoveGuardianCallParameters {
  deployment: Deployment;
  account: Address;
}

/**
 * Removes an account from the contract registry's guardians. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = removeGuardianCall({ deployment, account: guardian });
 */
export function removeGuardianCall(parameters: RemoveGuardianCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "revokeRole", args: [roleHash("GUARDIAN_ROLE"), p.account] }),
  };
}
