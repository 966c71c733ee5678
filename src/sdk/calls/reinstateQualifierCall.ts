import { encodeFunctionData } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface ReinstateQualifierCallParameters {
  deployment: Deployment;
  id: number;
}

/**
 * Reinstates a suspended qualifier: its credentials pass again. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = reinstateQualifierCall({ deployment, id: 1 });
 */
export function reinstateQualifierCall(parameters: ReinstateQualifierCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "reinstateQualifier", args: [p.id] }),
  };
}
