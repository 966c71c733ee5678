import { encodeFunctionData, erc20Abi, getAddress, parseAbi, type Address } from "viem";
import { contractRegistryAbi } from "../../sdk/abi/contracts.js";
import { uniswapV2PairAbi } from "../../sdk/abi/external.js";
import type { Connection, Deployment } from "../../sdk/index.js";
import type { Market } from "./discover.js";
import type { Fork } from "./fork.js";

// Seized collateral sold through the real Uniswap V2 pool of the collateral and the loan token, at the
// pool's price with its impact and fee, exactly as the router would route a one-hop swap.

const pairCreated = parseAbi(["event PairCreated(address indexed token0, address indexed token1, address pair, uint256 index)"])[0];

/** The registered Uniswap V2 pair of the market's collateral and loan token with the deepest loan-token reserve, if any. */
export async function findPool(connection: Connection, deployment: Deployment, market: Market, block: bigint): Promise<Address | undefined> {
  const [token0, token1] = [market.params.collateralToken, market.params.loanToken].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const logs = await connection.publicClient.getLogs({ event: pairCreated, args: { token0, token1 }, fromBlock: 0n, toBlock: block });
  let best: { pair: Address; depth: bigint } | undefined;
  for (const log of logs) {
    const pair = getAddress(log.args.pair as Address);
    const status = await connection.publicClient.readContract({
      address: deployment.registries.contracts,
      abi: contractRegistryAbi,
      functionName: "statusOf",
      args: [pair],
    });
    if (status !== 1) continue;
    const depth = await connection.publicClient.readContract({ address: market.params.loanToken, abi: erc20Abi, functionName: "balanceOf", args: [pair] });
    if (!best || depth > best.depth) best = { pair, depth };
  }
  return best?.pair;
}

/** The pool's reserves, collateral side first. */
export async function reserves(connection: Connection, pair: Address, collateral: Address): Promise<{ collateral: bigint; loan: bigint }> {
  const [token0, [r0, r1]] = await Promise.all([
    connection.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "token0" }),
    connection.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "getReserves" }),
  ]);
  return getAddress(token0) === collateral ? { collateral: r0, loan: r1 } : { collateral: r1, loan: r0 };
}

/** The pool's marginal price as a NAV: whole loan tokens per whole collateral token, 18 decimals. */
export async function poolNav(connection: Connection, pair: Address, market: Market): Promise<bigint> {
  const r = await reserves(connection, pair, market.params.collateralToken);
  if (r.collateral === 0n) return 0n;
  const exponent = 18 + market.collateralDecimals - market.loanDecimals;
  return exponent >= 0 ? (r.loan * 10n ** BigInt(exponent)) / r.collateral : r.loan / (r.collateral * 10n ** BigInt(-exponent));
}

/**
 * `seller` sells `amount` collateral into `pair` (transfer, then swap), as the liquidator, on the fork;
 * returns the loan tokens received (0 when the token or the pool refuses).
 */
export async function sellCollateral(fork: Fork, pair: Address, market: Market, seller: Address, amount: bigint): Promise<bigint> {
  if (amount === 0n) return 0n;
  const { publicClient } = fork.connection;
  const r = await reserves(fork.connection, pair, market.params.collateralToken);
  const withFee = amount * 997n;
  const out = (withFee * r.loan) / (r.collateral * 1000n + withFee);
  if (out === 0n) return 0n;
  const token0 = getAddress(await publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "token0" }));
  const [out0, out1] = token0 === market.params.collateralToken ? [0n, out] : [out, 0n];
  try {
    const pay = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [pair, amount] });
    if ((await fork.send(seller, { to: market.params.collateralToken, data: pay, gas: 500_000n })).status !== "success") return 0n;
    const swap = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: "swap", args: [out0, out1, seller, "0x"] });
    const receipt = await fork.send(seller, { to: pair, data: swap, gas: 500_000n });
    return receipt.status === "success" ? out : 0n;
  } catch {
    return 0n;
  }
}
