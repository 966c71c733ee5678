import { encodeFunctionData } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { classMask } from "../credentials.js";

export interface SetQualifierClassesCallParameters {
  deployment: Deployment;
  id: number;
  /** Class ids the qualifier may issue from now on. */
  classes: number[];
}

/**
 * Sets the classes (class ids) a qualifier may issue. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = setQualifierClassesCall({ deployment, id: 1, classes: [1] });
 */
export function setQualifierClassesCall(parameters: SetQualifierClassesCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "setQualifierClasses", args: [p.id, classMask(p.classes)] }),
  };
}
