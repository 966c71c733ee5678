import type { Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";

export interface TransferCheck {
  allowed: boolean;
  /** ERC-1404 restriction code; 0 when allowed. */
  code: number;
  /** The token's sentence for the code. */
  message: string;
}

/** Pre-flights a transfer: would it go through now, and if not, why (the token's own words). */
export async function checkTransfer(
  connection: Connection,
  p: { token: Address; from: Address; to: Address; amount: bigint },
): Promise<TransferCheck> {
  const code = await connection.publicClient.readContract({
    address: p.token,
    abi: securityTokenAbi,
    functionName: "detectTransferRestriction",
    args: [p.from, p.to, p.amount],
  });
  const message = await explainRestriction(connection, p.token, code);
  return { allowed: code === 0, code, message };
}

/** The token's sentence for restriction `code`. */
export async function explainRestriction(connection: Connection, token: Address, code: number): Promise<string> {
  return connection.publicClient.readContract({
    address: token,
    abi: securityTokenAbi,
    functionName: "messageForTransferRestriction",
    args: [code],
  });
}
