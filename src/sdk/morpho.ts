import { encodeAbiParameters, encodeFunctionData, keccak256, parseAbi, type Address, type Hex } from "viem";
import { morphoAbi } from "./abi/contracts.js";
import type { Call } from "./actor.js";

// Morpho Blue 1.0.0's market model, as its libraries compute it (MathLib, SharesMathLib, Morpho.liquidate),
// so that the SDK can tell whether a position is healthy and what a liquidation repays and seizes.

/** A Morpho Blue market's identity: its id is the hash of these five fields. */
export interface MarketParams {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
}

/** Morpho's events (declared in its EventsLib, so absent from the compiled contract's ABI under solc 0.8.19). */
export const morphoEventsAbi = parseAbi([
  "event CreateMarket(bytes32 indexed id, (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv) marketParams)",
  "event Borrow(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares)",
  "event Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)",
]);

export const WAD = 10n ** 18n;
export const ORACLE_PRICE_SCALE = 10n ** 36n;
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;
const MAX_LIQUIDATION_INCENTIVE_FACTOR = 1_150_000_000_000_000_000n;
const LIQUIDATION_CURSOR = 300_000_000_000_000_000n;

/** The market id Morpho derives from its parameters (MarketParamsLib.id). */
export function marketId(p: MarketParams): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [p.loanToken, p.collateralToken, p.oracle, p.irm, p.lltv],
    ),
  );
}

const mulDivDown = (x: bigint, y: bigint, d: bigint) => (x * y) / d;
const mulDivUp = (x: bigint, y: bigint, d: bigint) => (x * y + (d - 1n)) / d;

/** SharesMathLib.toAssetsUp: what `shares` of borrow owe, rounded against the borrower. */
export const toAssetsUp = (shares: bigint, totalAssets: bigint, totalShares: bigint) =>
  mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
/** SharesMathLib.toSharesUp. */
export const toSharesUp = (assets: bigint, totalAssets: bigint, totalShares: bigint) =>
  mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);

/** The most a position may borrow: collateral valued at `price`, times the LLTV (Morpho._isHealthy). */
export const maxBorrow = (collateral: bigint, price: bigint, lltv: bigint) => (mulDivDown(collateral, price, ORACLE_PRICE_SCALE) * lltv) / WAD;

/** Morpho's liquidation incentive: min(1.15, 1 / (1 - 0.3 * (1 - lltv))), in WAD. */
export function liquidationIncentiveFactor(lltv: bigint): bigint {
  const factor = (WAD * WAD) / (WAD - (LIQUIDATION_CURSOR * (WAD - lltv)) / WAD);
  return factor < MAX_LIQUIDATION_INCENTIVE_FACTOR ? factor : MAX_LIQUIDATION_INCENTIVE_FACTOR;
}

/** Collateral seized for repaying `repaidShares` (Morpho.liquidate with seizedAssets = 0). */
export function seizedForShares(repaidShares: bigint, totalBorrowAssets: bigint, totalBorrowShares: bigint, lltv: bigint, price: bigint): bigint {
  const repaid = (repaidShares * (totalBorrowAssets + VIRTUAL_ASSETS)) / (totalBorrowShares + VIRTUAL_SHARES);
  return mulDivDown((repaid * liquidationIncentiveFactor(lltv)) / WAD, ORACLE_PRICE_SCALE, price);
}

/** Loan tokens a liquidator pays for seizing `seized` collateral (Morpho.liquidate with repaidShares = 0). */
export function repaidForSeized(seized: bigint, totalBorrowAssets: bigint, totalBorrowShares: bigint, lltv: bigint, price: bigint) {
  const quoted = mulDivUp(seized, price, ORACLE_PRICE_SCALE);
  const lif = liquidationIncentiveFactor(lltv);
  const shares = toSharesUp(mulDivUp(quoted, WAD, lif), totalBorrowAssets, totalBorrowShares);
  return { shares, assets: toAssetsUp(shares, totalBorrowAssets, totalBorrowShares) };
}

/** Parameters every Morpho Blue call names: which Morpho, which market. */
interface OnMarket {
  morpho: Address;
  marketParams: MarketParams;
}

/** The calls a lender, a borrower and a liquidator make on a Morpho Blue market (builders: one parameters object, a Call back). */
export const morphoCalls = {
  supply: (p: OnMarket & { assets: bigint; onBehalf: Address }): Call => ({
    to: p.morpho,
    data: encodeFunctionData({ abi: morphoAbi, functionName: "supply", args: [p.marketParams, p.assets, 0n, p.onBehalf, "0x"] }),
  }),
  supplyCollateral: (p: OnMarket & { assets: bigint; onBehalf: Address }): Call => ({
    to: p.morpho,
    data: encodeFunctionData({ abi: morphoAbi, functionName: "supplyCollateral", args: [p.marketParams, p.assets, p.onBehalf, "0x"] }),
  }),
  borrow: (p: OnMarket & { assets: bigint; onBehalf: Address; receiver: Address }): Call => ({
    to: p.morpho,
    data: encodeFunctionData({ abi: morphoAbi, functionName: "borrow", args: [p.marketParams, p.assets, 0n, p.onBehalf, p.receiver] }),
  }),
  /** Liquidates by seizing `seizedAssets` collateral, or by repaying `repaidShares` when `seizedAssets` is 0. */
  liquidate: (p: OnMarket & { borrower: Address; seizedAssets: bigint; repaidShares: bigint }): Call => ({
    to: p.morpho,
    data: encodeFunctionData({ abi: morphoAbi, functionName: "liquidate", args: [p.marketParams, p.borrower, p.seizedAssets, p.repaidShares, "0x"] }),
  }),
};
