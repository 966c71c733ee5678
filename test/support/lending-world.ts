import { encodeFunctionData, erc20Abi, getAddress, keccak256, numberToHex, parseUnits, toHex, type Address } from "viem";
import {
  demoStablecoinAbi,
  demoStablecoinBytecode,
  deployMorphoMarket,
  deployNavOracle,
  deployUniswapRouter,
  governViaTimelock,
  issueCredentials,
  morphoCalls,
  publishNav,
  registerContract,
  securityTokenAbi,
  send,
  vetCodeCall,
  type Connection,
  type Deployment,
  type MarketParams,
  type Signer,
} from "../../src/sdk/index.js";
import { waitForSuccess } from "../../src/sdk/transactions.js";
import { deployUniswapPair } from "../../src/demo/uniswap.js";
import { addLiquidityViaRouter } from "../../src/demo/router.js";

/**
 * A money market on a development chain where the system and a listed bond already exist (a sandbox):
 * dUSD, a Uniswap V2 pool and router, a NAV oracle, Morpho Blue with a 77% LLTV market, a lender,
 * `borrowers` fresh credentialed wallets borrowing at loan-to-values spread from 40% to 75%, and the
 * liquidators given dUSD. Fresh wallets act through the node's impersonation (hardhat_impersonateAccount).
 */
export interface LendingWorldParameters {
  connection: Connection;
  deployment: Deployment;
  token: Address;
  issuer: Signer;
  qualifier: Signer;
  qualifierClass: number;
  governance: Signer[];
  developer: Signer;
  liquidityProvider: Signer;
  borrowers: number;
  /** dUSD (whole units) given to each liquidator; the qualified ones hold a credential already. */
  liquidators: { address: Address; usd: string }[];
  /** Bonds in the pool, and dUSD beside them (price 1). */
  poolBonds?: string;
}

export interface LendingWorld {
  stablecoin: Address;
  pair: Address;
  router: Address;
  oracle: Address;
  morpho: Address;
  marketParams: MarketParams;
  borrowers: Address[];
  lender: Address;
}

const BOND = (n: string) => parseUnits(n, 18);
const USD = (n: string) => parseUnits(n, 6);
export const WORLD_LLTV = 770_000_000_000_000_000n;

export async function buildLendingWorld(p: LendingWorldParameters): Promise<LendingWorld> {
  const { connection, deployment, token, developer } = p;
  const rpc = (method: string, params: unknown[]) => connection.publicClient.request({ method: method as never, params: params as never });
  const fresh = async (address: Address) => {
    await rpc("hardhat_impersonateAccount", [address]);
    await rpc("hardhat_setBalance", [address, numberToHex(10n ** 20n)]);
    return connection.signer(address);
  };
  const stableHash = await developer.deployContract({ abi: demoStablecoinAbi, bytecode: demoStablecoinBytecode, args: [developer.account.address] });
  const stablecoin = getAddress((await waitForSuccess(connection, { hash: stableHash, what: "deploy dUSD" })).contractAddress!);
  const mintUsd = async (to: Address, amount: bigint) =>
    waitForSuccess(connection, {
      hash: await developer.writeContract({ address: stablecoin, abi: demoStablecoinAbi, functionName: "mint", args: [to, amount] }),
      what: "mint dUSD",
    });

  const { pair, factory } = await deployUniswapPair(connection, developer, token, stablecoin);
  const { router } = await deployUniswapRouter(connection, { deployer: developer, factory });
  const oracle = await deployNavOracle(connection, {
    deployer: p.issuer,
    admin: p.issuer.account.address,
    publisher: p.issuer.account.address,
    loanDecimals: 6,
    collateralDecimals: 18,
    maxAge: 7 * 24 * 3600,
  });
  const { morpho, marketParams } = await deployMorphoMarket(connection, {
    owner: developer,
    loanToken: stablecoin,
    collateralToken: token,
    oracle,
    lltv: WORLD_LLTV,
  });
  await governViaTimelock(connection, {
    deployment,
    calls: [morpho, pair, router, oracle].map((exemplar) => vetCodeCall({ deployment, exemplar, label: "lending world" })),
    signers: p.governance,
    label: "vet the lending world",
  });
  for (const target of [morpho, pair, router, oracle]) await registerContract(connection, { deployment, actor: developer, target });
  await publishNav(connection, { publisher: p.issuer, oracle, nav: "1" });

  // Pool: the liquidity provider's bonds beside as many dUSD (price 1).
  const poolBonds = p.poolBonds ?? "1000";
  const lpBonds = (await connection.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [p.liquidityProvider.account.address],
  })) as bigint;
  if (lpBonds < BOND(poolBonds)) {
    await send(connection, {
      actor: p.issuer,
      to: token,
      data: encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [p.liquidityProvider.account.address, BOND(poolBonds) - lpBonds] }),
      what: "mint to the liquidity provider",
    });
  }
  await mintUsd(p.liquidityProvider.account.address, USD(poolBonds));
  await addLiquidityViaRouter(connection, p.liquidityProvider, router, {
    tokenA: token,
    tokenB: stablecoin,
    amountA: BOND(poolBonds),
    amountB: USD(poolBonds),
  });

  // Borrowers: fresh wallets, credentialed, minted 100 bonds each.
  const borrowers = Array.from({ length: p.borrowers }, (_, i) => getAddress(keccak256(toHex(`qualified stress borrower ${i}`)).slice(0, 42)));
  const expiresAt = Number((await connection.publicClient.getBlock()).timestamp) + 365 * 24 * 3600;
  const CHUNK = 100;
  for (let i = 0; i < borrowers.length; i += CHUNK) {
    const slice = borrowers.slice(i, i + CHUNK);
    await issueCredentials(connection, {
      deployment,
      actor: p.qualifier,
      requests: slice.map((holder) => ({ holder, classId: p.qualifierClass, jurisdiction: "CH", expiresAt })),
    });
    await send(connection, {
      actor: p.issuer,
      to: token,
      data: encodeFunctionData({ abi: securityTokenAbi, functionName: "batchMint", args: [slice, slice.map(() => BOND("100"))] }),
      what: "mint to borrowers",
    });
  }
  const lenderSigner = await fresh(getAddress(keccak256(toHex("qualified stress lender")).slice(0, 42)));
  const lender = lenderSigner.account.address;
  const supply = USD(String(100 * p.borrowers));
  await mintUsd(lender, supply);
  await send(connection, {
    actor: lenderSigner,
    to: stablecoin,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [morpho, supply] }),
    what: "approve",
  });
  await send(connection, { actor: lenderSigner, ...morphoCalls.supply({ morpho, marketParams, assets: supply, onBehalf: lender }), what: "supply dUSD" });

  for (let i = 0; i < borrowers.length; i++) {
    const b = await fresh(borrowers[i]);
    const ltvBps = p.borrowers === 1 ? 6000n : 4000n + (3500n * BigInt(i)) / BigInt(p.borrowers - 1);
    const borrow = (USD("100") * ltvBps) / 10_000n; // value 100 dUSD at a NAV of 1
    await send(connection, {
      actor: b,
      to: token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [morpho, BOND("100")] }),
      what: "approve",
    });
    await send(connection, {
      actor: b,
      ...morphoCalls.supplyCollateral({ morpho, marketParams, assets: BOND("100"), onBehalf: borrowers[i] }),
      what: "supply collateral",
    });
    await send(connection, {
      actor: b,
      ...morphoCalls.borrow({ morpho, marketParams, assets: borrow, onBehalf: borrowers[i], receiver: borrowers[i] }),
      what: "borrow",
    });
  }
  for (const l of p.liquidators) await mintUsd(l.address, USD(l.usd));
  return { stablecoin, pair, router, oracle, morpho, marketParams, borrowers, lender };
}
