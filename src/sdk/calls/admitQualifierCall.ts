import { encodeFunctionData, type Address } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { classMask } from "../credentials.js";

export interface AdmitQualifierCallParameters {
  deployment: Deployment;
  account: Address;
  name: string;
  /** Class ids the qualifier may issue. */
  classes: number[];
}

/**
 * Admits an account as a qualifier, allowed to issue the given classes (class ids). Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = admitQualifierCall({ deployment, account: kyb, name: "Alpha KYB", classes: [1, 2] });
 */
export function admitQualifierCall(parameters: AdmitQualifierCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "admitQualifier", args: [p.account, p.name, classMask(p.classes)] }),
  };
}
