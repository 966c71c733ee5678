import { encodeFunctionData } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface SuspendQualifierCallParameters {
  deployment: Deployment;
  id: number;
  reason: string;
}

/**
 * Suspends a qualifier: every credential it issued stops passing at once. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = suspendQualifierCall({ deployment, id: 1, reason: "licence under review" });
 */
export function suspendQualifierCall(parameters: SuspendQualifierCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "suspendQualifier", args: [p.id, p.reason] }),
  };
}
