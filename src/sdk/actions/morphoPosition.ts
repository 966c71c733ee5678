import type { Address } from "viem";
import { morphoAbi, navOracleAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import { marketId, maxBorrow, toAssetsUp, type MarketParams } from "../morpho.js";

export interface MorphoPositionParameters {
  morpho: Address;
  marketParams: MarketParams;
  borrower: Address;
}

export interface MorphoPositionReturnType {
  collateral: bigint;
  borrowShares: bigint;
  /** Loan tokens owed, rounded up as Morpho rounds against the borrower. */
  borrowed: bigint;
  /** The oracle's price, or null when it refuses (stale or never published). */
  price: bigint | null;
  /** The most the position may borrow at that price (0 without a price). */
  maxBorrow: bigint;
  /** Morpho's own test: borrowed <= maxBorrow (false without a price while something is borrowed). */
  healthy: boolean;
}

/**
 * A borrower's position on a Morpho Blue market and whether Morpho would call it healthy.
 * @example
 * const { healthy, borrowed } = await morphoPosition(connection, { morpho, marketParams, borrower });
 */
export async function morphoPosition(connection: Connection, parameters: MorphoPositionParameters): Promise<MorphoPositionReturnType> {
  const { morpho, marketParams, borrower } = parameters;
  const read = connection.publicClient.readContract;
  const id = marketId(marketParams);
  const [[, borrowShares, collateral], [, , totalBorrowAssets, totalBorrowShares]] = await Promise.all([
    read({ address: morpho, abi: morphoAbi, functionName: "position", args: [id, borrower] }),
    read({ address: morpho, abi: morphoAbi, functionName: "market", args: [id] }),
  ]);
  const price = await read({ address: marketParams.oracle, abi: navOracleAbi, functionName: "price" }).catch(() => null);
  const borrowed = toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares);
  const limit = price === null ? 0n : maxBorrow(collateral, price, marketParams.lltv);
  return { collateral, borrowShares, borrowed, price, maxBorrow: limit, healthy: borrowShares === 0n || (price !== null && borrowed <= limit) };
}
