import { encodeFunctionData, erc20Abi, formatUnits, parseUnits, type Address } from "viem";
import {
  checkTransfer,
  decodeRevert,
  demoStablecoinAbi,
  deployMorphoMarket,
  deployNavOracle,
  explainError,
  explainRestriction,
  governViaTimelock,
  morphoCalls,
  morphoPosition,
  publishNav,
  registerContract,
  send,
  vetCodeCall,
  type Connection,
  type Deployment,
  type MarketParams,
  type Signer,
} from "../sdk/index.js";
import { waitForSuccess } from "../sdk/transactions.js";
import type { Cast } from "./story.js";

const BOND = (n: string) => parseUnits(n, 18);
const USD = (n: string) => parseUnits(n, 6);
/** Morpho Blue's 77% liquidation loan-to-value (one of the LLTVs its governance enables on mainnet). */
export const DEMO_LLTV = 770_000_000_000_000_000n;

export interface LendingContext {
  cast: Cast;
  deployment: Deployment;
  token: Address;
  stablecoin: Address;
  issuerSafe: Address;
  governanceSigners: Signer[];
  done: (line: string) => void;
}

/** What the lending chapter did, for tests to check against chain state. */
export interface LendingResult {
  morpho: Address;
  oracle: Address;
  marketParams: MarketParams;
  supplied: bigint;
  collateral: bigint;
  borrowed: bigint;
  navBefore: string;
  navAfter: string;
  /** The unqualified liquidator's attempt: Morpho's own message, and the token's refusal inside it. */
  refusedLiquidation: { liquidator: Address; morphoReason: string; tokenCode: number; tokenMessage: string; preflightCode: number };
  liquidation: { liquidator: Address; repaid: bigint; seized: bigint };
}

/**
 * The bond as collateral: a NAV oracle the issuer publishes to, a Morpho Blue market lending dUSD against
 * HB31 (Morpho's code vetted by governance, registered so it may hold the bond), a lender, a borrower, a
 * NAV cut, a liquidation a wallet without a credential cannot complete and one a qualified liquidator does.
 */
export async function runLendingChapter(connection: Connection, ctx: LendingContext): Promise<LendingResult> {
  const { cast, deployment, token, stablecoin, done } = ctx;
  const a = (s: Signer) => s.account.address;
  const lender = cast.dana;
  const borrower = cast.chen;
  const liquidator = cast.bob;
  const unqualified = cast.outsider;
  const mint = async (to: Address, amount: bigint) =>
    waitForSuccess(connection, {
      hash: await cast.developer.writeContract({ address: stablecoin, abi: demoStablecoinAbi, functionName: "mint", args: [to, amount] }),
      what: "mint stablecoins",
    });
  const approve = (owner: Signer, asset: Address, spender: Address, amount: bigint) =>
    send(connection, {
      actor: owner,
      to: asset,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
      what: "approve Morpho",
    });

  const oracle = await deployNavOracle(connection, {
    deployer: cast.issuerAgent,
    admin: ctx.issuerSafe,
    publisher: a(cast.issuerAgent),
    loanDecimals: 6,
    collateralDecimals: 18,
    maxAge: 24 * 3600,
  });
  const { morpho, marketParams } = await deployMorphoMarket(connection, {
    owner: cast.developer,
    loanToken: stablecoin,
    collateralToken: token,
    oracle,
    lltv: DEMO_LLTV,
  });
  await governViaTimelock(connection, {
    deployment,
    calls: [
      vetCodeCall({ deployment, exemplar: morpho, label: "Morpho Blue 1.0.0 (unmodified, solc 0.8.19 via-IR)" }),
      vetCodeCall({ deployment, exemplar: oracle, label: "NavOracle (HB31, dUSD, 1 day)" }),
    ],
    signers: ctx.governanceSigners,
    label: "vet Morpho Blue and the NAV oracle",
  });
  await registerContract(connection, { deployment, actor: cast.developer, target: morpho });
  await registerContract(connection, { deployment, actor: cast.issuerAgent, target: oracle });
  done(`Morpho Blue ${morpho} (no DELEGATECALL, CALLCODE or SELFDESTRUCT: governance vetted its code) and the NAV oracle ${oracle} registered`);

  const navBefore = "1";
  // Each NAV carries the date it was valued as of (here the latest block's): staleness runs from it.
  await publishNav(connection, { publisher: cast.issuerAgent, oracle, nav: navBefore, asOf: (await connection.publicClient.getBlock()).timestamp });
  done(`the issuer's agent published a NAV of ${navBefore} dUSD per HB31 (stale after a day: the market then stops)`);

  const supplied = USD("50000");
  await mint(a(lender), supplied);
  await approve(lender, stablecoin, morpho, supplied);
  await send(connection, { actor: lender, ...morphoCalls.supply({ morpho, marketParams, assets: supplied, onBehalf: a(lender) }), what: "supply dUSD" });
  done(`Dana lent 50,000 dUSD on the market (77% LLTV, zero-rate: address(0) as Morpho's IRM)`);

  const collateral = BOND("4000");
  const borrowed = USD("3000");
  await approve(borrower, token, morpho, collateral);
  await send(connection, {
    actor: borrower,
    ...morphoCalls.supplyCollateral({ morpho, marketParams, assets: collateral, onBehalf: a(borrower) }),
    what: "supply the bond as collateral",
  });
  await send(connection, {
    actor: borrower,
    ...morphoCalls.borrow({ morpho, marketParams, assets: borrowed, onBehalf: a(borrower), receiver: a(borrower) }),
    what: "borrow dUSD",
  });
  done("Chen deposited 4,000 HB31 as collateral and borrowed 3,000 dUSD (at most 3,080 at a NAV of 1)");

  const navAfter = "0.9";
  await publishNav(connection, { publisher: cast.issuerAgent, oracle, nav: navAfter, asOf: (await connection.publicClient.getBlock()).timestamp });
  const position = await morphoPosition(connection, { morpho, marketParams, borrower: a(borrower) });
  done(
    `the issuer published a NAV of ${navAfter}: Chen may now borrow ${formatUnits(position.maxBorrow, 6)} dUSD and owes ${formatUnits(position.borrowed, 6)}; the position is liquidatable`,
  );

  // A wallet without a credential holds dUSD and tries to liquidate: Morpho would deliver it the bond.
  const seizeTry = BOND("1000");
  await mint(a(unqualified), USD("20000"));
  await approve(unqualified, stablecoin, morpho, USD("20000"));
  let morphoReason = "";
  try {
    await send(connection, {
      actor: unqualified,
      ...morphoCalls.liquidate({ morpho, marketParams, borrower: a(borrower), seizedAssets: seizeTry, repaidShares: 0n }),
      what: "liquidate",
    });
  } catch (error) {
    morphoReason = explainError(error);
  }
  if (!morphoReason) throw new Error("the unqualified liquidator's liquidation went through, but the seized bond cannot be delivered to it");
  // Morpho wraps the token's revert into its own message; the same transfer, made from Morpho, shows why.
  const transfer = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [a(unqualified), seizeTry] });
  let tokenCode = -1;
  try {
    await connection.publicClient.call({ account: morpho, to: token, data: transfer });
  } catch (error) {
    const revert = decodeRevert(error);
    if (revert?.name === "TransferRestricted") tokenCode = Number(revert.args[0]);
  }
  if (tokenCode < 0) throw new Error("the token did not refuse to deliver the seized bond to the unqualified liquidator");
  const tokenMessage = await explainRestriction(connection, { token, code: tokenCode });
  const preflight = await checkTransfer(connection, { token, from: morpho, to: a(unqualified), amount: seizeTry });
  done(`an unqualified wallet's liquidation reverted (${morphoReason}): the bond refused delivery, code ${tokenCode}: ${tokenMessage}`);

  // Bob, qualified, repays Chen's whole debt and receives the collateral it buys, with Morpho's incentive.
  const liquidatorFunds = USD("20000");
  await mint(a(liquidator), liquidatorFunds);
  await approve(liquidator, stablecoin, morpho, liquidatorFunds);
  const [bondsBefore, usdBefore] = await Promise.all([
    connection.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [a(liquidator)] }),
    connection.publicClient.readContract({ address: stablecoin, abi: erc20Abi, functionName: "balanceOf", args: [a(liquidator)] }),
  ]);
  await send(connection, {
    actor: liquidator,
    ...morphoCalls.liquidate({ morpho, marketParams, borrower: a(borrower), seizedAssets: 0n, repaidShares: position.borrowShares }),
    what: "liquidate",
  });
  const [bondsAfter, usdAfter] = await Promise.all([
    connection.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [a(liquidator)] }),
    connection.publicClient.readContract({ address: stablecoin, abi: erc20Abi, functionName: "balanceOf", args: [a(liquidator)] }),
  ]);
  const liquidation = { liquidator: a(liquidator), repaid: usdBefore - usdAfter, seized: bondsAfter - bondsBefore };
  done(`Bob, qualified, repaid ${formatUnits(liquidation.repaid, 6)} dUSD of Chen's debt and received ${formatUnits(liquidation.seized, 18)} HB31`);

  return {
    morpho,
    oracle,
    marketParams,
    supplied,
    collateral,
    borrowed,
    navBefore,
    navAfter,
    refusedLiquidation: { liquidator: a(unqualified), morphoReason, tokenCode, tokenMessage, preflightCode: preflight.code },
    liquidation,
  };
}
