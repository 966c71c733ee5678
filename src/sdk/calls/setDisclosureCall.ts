import { encodeFunctionData, type Address, type Hex } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

export interface SetDisclosureCallParameters {
  token: Address;
  classification: string;
  jurisdiction: string;
  documentUri: string;
  documentHash: Hex;
}

/**
 * Publishes the token's disclosure (classification, jurisdiction, offering document and its hash). Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = setDisclosureCall({ token, classification: "bond", jurisdiction: "CH", documentUri, documentHash });
 */
export function setDisclosureCall(parameters: SetDisclosureCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setDisclosure", args: [p] }),
  };
}
