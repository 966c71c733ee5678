import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

export interface SetWalletFrozenCallParameters {
  token: Address;
  account: Address;
  frozen: boolean;
}

/**
 * Freezes (or unfreezes) a whole wallet. Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = setWalletFrozenCall({ token, account: alice, frozen: true });
 */
export function setWalletFrozenCall(parameters: SetWalletFrozenCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setWalletFrozen", args: [p.account, p.frozen] }),
  };
}
