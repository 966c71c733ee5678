import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import { caseReference } from "./caseReference.js";

export interface ForcedTransferCallParameters {
  token: Address;
  from: Address;
  to: Address;
  amount: bigint;
  /** A bytes32 case reference, or a readable case name (its keccak-256 goes on chain). */
  caseRef: string;
}

/**
 * Moves tokens without the holder, under a case reference (a court order, a recovery). Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = forcedTransferCall({ token, from: lost, to: recovered, amount: 5n, caseRef: "court order 2026-17" });
 */
export function forcedTransferCall(parameters: ForcedTransferCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "forcedTransferWithCase", args: [p.from, p.to, p.amount, caseReference(p.caseRef)] }),
  };
}
