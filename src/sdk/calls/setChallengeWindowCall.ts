import { encodeFunctionData } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface SetChallengeWindowCallParameters {
  deployment: Deployment;
  seconds: number;
}

/**
 * Sets the challenge window (seconds) that future registrations of unvetted code wait out. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = setChallengeWindowCall({ deployment, seconds: 86_400 });
 */
export function setChallengeWindowCall(parameters: SetChallengeWindowCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "setChallengeWindow", args: [p.seconds] }),
  };
}
