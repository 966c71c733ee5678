import { encodeFunctionData, type Address } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { roleHash } from "../roles.js";

export interface AppointGuardianCallParameters {
  deployment: Deployment;
  account: Address;
}

/**
 * Appoints an account as a guardian of the contract registry. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = appointGuardianCall({ deployment, account: guardian });
 */
export function appointGuardianCall(parameters: AppointGuardianCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "grantRole", args: [roleHash("GUARDIAN_ROLE"), p.account] }),
  };
}
