import { encodeFunctionData, type Address } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { jurisdictionCode } from "../jurisdiction.js";

export interface AdmitRegulatorCallParameters {
  deployment: Deployment;
  account: Address;
  /** ISO 3166 alpha-2 ("CH") or numeric. */
  jurisdiction: string;
  name: string;
}

/**
 * Seats an account as the regulator of a jurisdiction. Governance makes
 * this call through `governViaTimelock`.
 * @example
 * const call = admitRegulatorCall({ deployment, account: finma, jurisdiction: "CH", name: "Swiss regulator" });
 */
export function admitRegulatorCall(parameters: AdmitRegulatorCallParameters): Call {
  const { deployment, ...p } = parameters;
  return {
    to: deployment.registries.issuers,
    data: encodeFunctionData({ abi: issuerRegistryAbi, functionName: "admitRegulator", args: [p.account, jurisdictionCode(p.jurisdiction), p.name] }),
  };
}
