import type { Address } from "viem";
import { morphoAbi, navOracleAbi } from "../../sdk/abi/contracts.js";
import { maxBorrow, ORACLE_PRICE_SCALE, toAssetsUp, type Connection } from "../../sdk/index.js";
import type { Market } from "./discover.js";
import { readMany } from "./read-many.js";

/** A borrower's position as Morpho keeps it, with what it owes and what its collateral is worth. */
export interface Position {
  borrower: Address;
  collateral: bigint;
  borrowShares: bigint;
  borrowed: bigint;
  /** Collateral valued at the oracle's price, loan-token units (0 without a price). */
  value: bigint;
  healthy: boolean;
}

export interface MarketState {
  /** The oracle's price (Morpho scale), or null when it refuses (stale, never published). */
  price: bigint | null;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  positions: Position[];
}

/** Reads the market's totals, its oracle's price and every borrower's position (those with debt). */
export async function readMarket(connection: Connection, market: Market, borrowers: Address[]): Promise<MarketState> {
  const read = connection.publicClient.readContract;
  const [[, , totalBorrowAssets, totalBorrowShares], price] = await Promise.all([
    read({ address: market.morpho, abi: morphoAbi, functionName: "market", args: [market.id] }),
    read({ address: market.params.oracle, abi: navOracleAbi, functionName: "price" }).catch(() => null),
  ]);
  const positions: Position[] = [];
  const rows = (await readMany(
    connection,
    borrowers.map((borrower) => ({ address: market.morpho, abi: morphoAbi, functionName: "position", args: [market.id, borrower] })),
  )) as (readonly [bigint, bigint, bigint])[];
  borrowers.forEach((borrower, k) => {
    const [, borrowShares, collateral] = rows[k];
    if (borrowShares === 0n) return;
    const borrowed = toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares);
    const value = price === null ? 0n : (collateral * price) / ORACLE_PRICE_SCALE;
    const healthy = price !== null && borrowed <= maxBorrow(collateral, price, market.params.lltv);
    positions.push({ borrower, collateral, borrowShares, borrowed, value, healthy });
  });
  return { price, totalBorrowAssets, totalBorrowShares, positions };
}
