import { encodeFunctionData, type Address } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { roleHash } from "../roles.js";

export interface AppointSanctionsOperatorCallParameters {
  deployment: Deployment;
  account: Address;
}

/**
 * Appoints an account as a sanctions operator of the credential registry. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = appointSanctionsOperatorCall({ deployment, account: operator });
 */
export function appointSanctionsOperatorCall(parameters: AppointSanctionsOperatorCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "grantRole", args: [roleHash("SANCTIONS_ROLE"), p.account] }),
  };
}
