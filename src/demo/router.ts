import { encodeFunctionData, erc20Abi, maxUint256, type Address } from "viem";
import { uniswapV2RouterAbi } from "../sdk/abi/external.js";
import { send, type Connection, type Signer } from "../sdk/index.js";

// Liquidity and swaps through Uniswap V2's Router02, as a wallet would: approve the router, then call it.

const DEADLINE = maxUint256;

async function approve(connection: Connection, owner: Signer, token: Address, spender: Address, amount: bigint) {
  await send(connection, {
    actor: owner,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
    what: "approve the router",
  });
}

/** Adds `amountA` of `tokenA` and `amountB` of `tokenB` through the router; returns the LP tokens minted. */
export async function addLiquidityViaRouter(
  connection: Connection,
  provider: Signer,
  router: Address,
  p: { tokenA: Address; tokenB: Address; amountA: bigint; amountB: bigint },
): Promise<bigint> {
  await approve(connection, provider, p.tokenA, router, p.amountA);
  await approve(connection, provider, p.tokenB, router, p.amountB);
  const to = provider.account.address;
  const args = [p.tokenA, p.tokenB, p.amountA, p.amountB, p.amountA, p.amountB, to, DEADLINE] as const;
  const { result } = await connection.publicClient.simulateContract({
    account: provider.account,
    address: router,
    abi: uniswapV2RouterAbi,
    functionName: "addLiquidity",
    args,
  });
  await send(connection, {
    actor: provider,
    to: router,
    data: encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: "addLiquidity", args }),
    what: "add liquidity",
  });
  return result[2];
}

/** Swaps exactly `amountIn` of `tokenIn` for `tokenOut` through the router, accepting at least `minOut`; returns what came out. */
export async function swapViaRouter(
  connection: Connection,
  trader: Signer,
  router: Address,
  p: { tokenIn: Address; tokenOut: Address; amountIn: bigint; minOut?: bigint; to?: Address },
): Promise<bigint> {
  await approve(connection, trader, p.tokenIn, router, p.amountIn);
  const path = [p.tokenIn, p.tokenOut];
  const [, quoted] = await connection.publicClient.readContract({
    address: router,
    abi: uniswapV2RouterAbi,
    functionName: "getAmountsOut",
    args: [p.amountIn, path],
  });
  const args = [p.amountIn, p.minOut ?? quoted, path, p.to ?? trader.account.address, DEADLINE] as const;
  await send(connection, {
    actor: trader,
    to: router,
    data: encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: "swapExactTokensForTokens", args }),
    what: "swap",
  });
  return quoted;
}
