import type { Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";

export interface ExplainRestrictionParameters {
  token: Address;
  /** An ERC-1404 restriction code, as `detectTransferRestriction` or a TransferRestricted revert gives it. */
  code: number;
}
export type ExplainRestrictionReturnType = string;

/**
 * The token's sentence for a restriction code.
 * @example
 * const sentence = await explainRestriction(connection, { token, code: 3 });
 */
export async function explainRestriction(connection: Connection, parameters: ExplainRestrictionParameters): Promise<ExplainRestrictionReturnType> {
  return connection.publicClient.readContract({
    address: parameters.token,
    abi: securityTokenAbi,
    functionName: "messageForTransferRestriction",
    args: [parameters.code],
  });
}
