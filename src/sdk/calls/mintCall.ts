import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

export interface MintCallParameters {
  token: Address;
  to: Address;
  amount: bigint;
}

/**
 * Mints tokens to a qualified wallet. Send it with `send`, directly or through the issuer's Safe.
 * @example
 * await send(connection, { actor: issuer, ...mintCall({ token, to: alice, amount: 100n }), what: "mint" });
 */
export function mintCall(parameters: MintCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [p.to, p.amount] }),
  };
}
