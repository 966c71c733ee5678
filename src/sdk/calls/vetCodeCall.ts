import { encodeFunctionData, type Address } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";

export interface VetCodeCallParameters {
  deployment: Deployment;
  /** A contract whose code is vetted (or withdrawn). */
  exemplar: Address;
  label: string;
  /** False withdraws the vetting (default true). */
  vetted?: boolean;
}

/**
 * Vets (or withdraws) the code deployed at an exemplar: every contract with the same code is eligible as soon
 * as anyone registers it. The registry scans the exemplar's code once and refuses code that can delegate or
 * destroy itself (a proxy, a clone). Vet only ownerless code that no single key controls. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = vetCodeCall({ deployment, exemplar: pool, label: "Uniswap V2 pair" });
 */
export function vetCodeCall(parameters: VetCodeCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "setCodeVetted", args: [p.exemplar, p.vetted ?? true, p.label] }),
  };
}
