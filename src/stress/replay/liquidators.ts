import { getAddress, type Address } from "viem";
import { securityTokenAbi } from "../../sdk/abi/contracts.js";
import type { Market } from "./discover.js";
import { holdersOf } from "./discover.js";
import type { Fork } from "./fork.js";
import { readMany } from "./read-many.js";

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
export async function findLiquidators(fork: Fork, market: Market): Promise<LiquidatorPool> {
  const { connection } = fork;
  const holders = await holdersOf(connection, market.params.loanToken, fork.block);
  const qualified = new Map<Address, bigint>();
  const refused: Address[] = [];
  let frozen = false;
  // Accounts only: a contract holding the loan token (the market, a pool, a vault) does not liquidate.
  const others = holders.filter((h) => getAddress(h.account) !== market.morpho);
  const codes = await fork.codeAt(others.map((h) => h.account));
  const persons = others.filter((_, i) => codes[i] === "0x");
  const restrictions = await readMany(
    connection,
    persons.map(({ account }) => ({
      address: market.params.collateralToken,
      abi: securityTokenAbi,
      functionName: "detectTransferRestriction",
      args: [market.morpho, account, 1n],
    })),
  );
  persons.forEach(({ account, balance }, i) => {
    const restriction = restrictions[i] as number;
    if (restriction === 0) qualified.set(account, balance);
    else {
      refused.push(account);
      if (SENDER_SIDE.has(restriction)) frozen = true;
    }
  });
  return { qualified, refused, frozen };
}
