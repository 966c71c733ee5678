import { encodeFunctionData, type Address } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface DeregisterContractCallParameters {
  deployment: Deployment;
  target: Address;
  reason: string;
}

/**
 * Removes a registration (a squatted record, a registration made in error), with a reason; a block stays. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = deregisterContractCall({ deployment, target: pool, reason: "registered in error" });
 */
export function deregisterContractCall(parameters: DeregisterContractCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "deregister", args: [p.target, p.reason] }),
  };
}
