import { encodeFunctionData, type Address } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface RemoveRegulatorCallParameters {
  deployment: Deployment;
  account: Address;
  reason: string;
}

/**
 * Removes a regulator from its seat, with a reason. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = removeRegulatorCall({ deployment, account: finma, reason: "mandate ended" });
 */
export function removeRegulatorCall(parameters: RemoveRegulatorCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.issuers,
    data: encodeFunctionData({ abi: issuerRegistryAbi, functionName: "removeRegulator", args: [p.account, p.reason] }),
  };
}
