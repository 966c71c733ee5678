import { encodeFunctionData, type Address } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { roleHash } from "../roles.js";

export interface RemoveSanctionsOperatorCallParameters {
  deployment: Deployment;
  account: Address;
}

/**
 * Removes an account from the credential registry's sanctions operators. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = removeSanctionsOperatorCall({ deployment, account: operator });
 */
export function removeSanctionsOperatorCall(parameters: RemoveSanctionsOperatorCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "revokeRole", args: [roleHash("SANCTIONS_ROLE"), p.account] }),
  };
}
