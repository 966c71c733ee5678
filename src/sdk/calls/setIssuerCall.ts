import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

export interface SetIssuerCallParameters {
  token: Address;
  issuer: Address;
}

/**
 * Hands the token over to an issuer that already holds the admin role; then it claims the listing
 * (`claimTokenListing`). Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = setIssuerCall({ token, issuer: newIssuerSafe });
 */
export function setIssuerCall(parameters: SetIssuerCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setIssuer", args: [p.issuer] }),
  };
}
