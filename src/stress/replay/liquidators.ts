import { getAddress, type Address } from "viem";
import { securityTokenAbi } from "../../sdk/abi/contracts.js";
import type { Connection } from "../../sdk/index.js";
import type { Market } from "./discover.js";
import { holdersOf } from "./discover.js";

/** Codes that refuse a transfer because of the sender or the token, whoever receives: the collateral cannot leave. */
export const SENDER_SIDE = new Set([1, 2, 4, 8, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36]);

export interface LiquidatorPool {
  /** Accounts that hold the loan token and may receive the collateral from the market, with their capital. */
  qualified: Map<Address, bigint>;
  /** Loan-token holders the collateral token refuses to receive it. */
  refused: Address[];
  /** The token refuses to let the collateral leave the market at all (paused, market blocked or frozen). */
  frozen: boolean;
}

/**
 * The liquidators a market can count on: accounts (not contracts) holding its loan token to which the
 * collateral token would deliver seized collateral from the market, asked of the token itself.
 */
export async function findLiquidators(connection: Connection, market: Market, block: bigint): Promise<LiquidatorPool> {
  const holders = await holdersOf(connection, market.params.loanToken, block);
  const qualified = new Map<Address, bigint>();
  const refused: Address[] = [];
  let frozen = false;
  for (const { account, balance } of holders) {
    if (getAddress(account) === market.morpho) continue;
    const code = await connection.publicClient.getCode({ address: account });
    if (code && code !== "0x") continue;
    const restriction = await connection.publicClient.readContract({
      address: market.params.collateralToken,
      abi: securityTokenAbi,
      functionName: "detectTransferRestriction",
      args: [market.morpho, account, 1n],
    });
    if (restriction === 0) qualified.set(account, balance);
    else {
      refused.push(account);
      if (SENDER_SIDE.has(restriction)) frozen = true;
    }
  }
  return { qualified, refused, frozen };
}
