import { decodeEventLog, encodeFunctionData, erc20Abi, maxUint256, type Address } from "viem";
import { morphoAbi, securityTokenAbi } from "../../sdk/abi/contracts.js";
import { morphoCalls, morphoEventsAbi, repaidForSeized, seizedForShares, toAssetsUp } from "../../sdk/index.js";
import type { Market } from "./discover.js";
import type { Fork } from "./fork.js";
import { SENDER_SIDE, type LiquidatorPool } from "./liquidators.js";
import type { MarketState, Position } from "./positions.js";

/** A liquidation done on the fork, as Morpho's Liquidate event reports it. */
export interface Executed {
  borrower: Address;
  liquidator: Address;
  repaid: bigint;
  seized: bigint;
  badDebt: bigint;
}

export type StrandedReason = "no-qualified-liquidator" | "no-capital" | "collateral-frozen" | "oracle-unavailable";

export interface Unliquidated {
  position: Position;
  reason: StrandedReason;
}

/** The liquidator with the most capital left; among equals, the one found first. */
function richest(qualified: Map<Address, bigint>): [Address, bigint] {
  let best: [Address, bigint] | undefined;
  for (const entry of qualified) if (!best || entry[1] > best[1]) best = entry;
  return best!;
}

/** What liquidating `position` takes: all its debt when the collateral covers the incentive, else all its collateral. */
function plan(position: Position, state: MarketState, market: Market, price: bigint, capital: bigint) {
  const { totalBorrowAssets: tba, totalBorrowShares: tbs } = state;
  const lltv = market.params.lltv;
  const fullSeize = seizedForShares(position.borrowShares, tba, tbs, lltv, price);
  if (fullSeize <= position.collateral) {
    const repaid = toAssetsUp(position.borrowShares, tba, tbs);
    if (repaid <= capital) return { seized: 0n, shares: position.borrowShares, repaid };
  }
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take.
  let seized = fullSeize < position.collateral ? fullSeize : position.collateral;
  let { assets: repaid } = repaidForSeized(seized, tba, tbs, lltv, price);
  if (repaid > capital) {
    // As much as the liquidator's capital buys, with a margin for Morpho's rounding up.
    seized = (seized * capital * 999n) / (repaid * 1000n);
    repaid = repaidForSeized(seized, tba, tbs, lltv, price).assets;
  }
  return { seized, shares: 0n, repaid };
}

/**
 * Liquidates the unhealthy positions of one market with the qualified liquidators' capital, largest debt
 * first, each by the liquidator with the most capital left; what cannot be liquidated is returned with why.
 * Each liquidation is a real transaction on the fork, sent as the liquidator (impersonated).
 */
export async function liquidateUnhealthy(
  fork: Fork,
  market: Market,
  state: MarketState,
  pool: LiquidatorPool,
  approved: Set<Address>,
): Promise<{ executed: Executed[]; unliquidated: Unliquidated[] }> {
  const executed: Executed[] = [];
  const unliquidated: Unliquidated[] = [];
  const unhealthy = state.positions.filter((p) => !p.healthy).sort((a, b) => (b.borrowed > a.borrowed ? 1 : b.borrowed < a.borrowed ? -1 : 0));
  const { publicClient } = fork.connection;
  for (const position of unhealthy) {
    if (state.price === null) {
      unliquidated.push({ position, reason: "oracle-unavailable" });
      continue;
    }
    if (pool.qualified.size === 0) {
      unliquidated.push({ position, reason: pool.frozen ? "collateral-frozen" : "no-qualified-liquidator" });
      continue;
    }
    const [liquidator, capital] = richest(pool.qualified);
    const [, , totalBorrowAssets, totalBorrowShares] = await publicClient.readContract({
      address: market.morpho,
      abi: morphoAbi,
      functionName: "market",
      args: [market.id],
    });
    const p = plan(position, { ...state, totalBorrowAssets, totalBorrowShares }, market, state.price, capital);
    if (capital === 0n || p.repaid === 0n || (p.shares === 0n && p.seized === 0n)) {
      unliquidated.push({ position, reason: "no-capital" });
      continue;
    }
    if (!approved.has(liquidator)) {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [market.morpho, maxUint256] });
      await fork.send(liquidator, { to: market.params.loanToken, data });
      approved.add(liquidator);
    }
    const call = morphoCalls.liquidate({
      morpho: market.morpho,
      marketParams: market.params,
      borrower: position.borrower,
      seizedAssets: p.seized,
      repaidShares: p.shares,
    });
    let receipt: Awaited<ReturnType<typeof fork.send>>;
    try {
      receipt = await fork.send(liquidator, { ...call, gas: 1_000_000n });
      if (receipt.status !== "success") throw new Error("reverted");
    } catch {
      // The token refused the delivery: the market cannot send (frozen), or this liquidator cannot receive.
      const code = await publicClient.readContract({
        address: market.params.collateralToken,
        abi: securityTokenAbi,
        functionName: "detectTransferRestriction",
        args: [market.morpho, liquidator, p.seized > 0n ? p.seized : 1n],
      });
      pool.qualified.delete(liquidator);
      unliquidated.push({ position, reason: SENDER_SIDE.has(code) ? "collateral-frozen" : "no-qualified-liquidator" });
      continue;
    }
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== market.morpho.toLowerCase()) continue;
      try {
        const event = decodeEventLog({ abi: morphoEventsAbi, data: log.data, topics: log.topics });
        if (event.eventName !== "Liquidate") continue;
        const a = event.args;
        executed.push({ borrower: position.borrower, liquidator, repaid: a.repaidAssets, seized: a.seizedAssets, badDebt: a.badDebtAssets });
        pool.qualified.set(liquidator, capital - a.repaidAssets);
      } catch {
        // another event of the market
      }
    }
  }
  return { executed, unliquidated };
}
