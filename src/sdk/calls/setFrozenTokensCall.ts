import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

export interface SetFrozenTokensCallParameters {
  token: Address;
  account: Address;
  /** How much of the wallet's balance is frozen from now on. */
  amount: bigint;
}

/**
 * Freezes part of a wallet's balance. Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = setFrozenTokensCall({ token, account: alice, amount: 10n });
 */
export function setFrozenTokensCall(parameters: SetFrozenTokensCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setFrozenTokens", args: [p.account, p.amount] }),
  };
}
