import type { Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import { explainRestriction } from "./explainRestriction.js";

export interface CheckTransferParameters {
  token: Address;
  from: Address;
  to: Address;
  amount: bigint;
}

export interface CheckTransferReturnType {
  allowed: boolean;
  /** ERC-1404 restriction code; 0 when allowed. */
  code: number;
  /** The token's sentence for the code. */
  message: string;
}
/** Earlier name of `CheckTransferReturnType`. */
export type TransferCheck = CheckTransferReturnType;

/**
 * Pre-flights a transfer: would it go through now, and if not, why (the token's own words).
 * @example
 * const { allowed, message } = await checkTransfer(connection, { token, from: alice, to: bob, amount: 10n });
 */
export async function checkTransfer(connection: Connection, parameters: CheckTransferParameters): Promise<CheckTransferReturnType> {
  const { token, from, to, amount } = parameters;
  const code = await connection.publicClient.readContract({
    address: token,
    abi: securityTokenAbi,
    functionName: "detectTransferRestriction",
    args: [from, to, amount],
  });
  const message = await explainRestriction(connection, { token, code });
  return { allowed: code === 0, code, message };
}
