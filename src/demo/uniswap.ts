import { encodeAbiParameters, encodeFunctionData, erc20Abi, getAddress, type Address } from "viem";
import { externalBytecode, uniswapV2FactoryAbi, uniswapV2PairAbi } from "../sdk/abi/external.js";
import { send, type Connection, type Signer } from "../sdk/index.js";
import { deployBytecode, waitForSuccess } from "../sdk/transactions.js";

/** Deploys a real Uniswap V2 factory (npm @uniswap/v2-core 1.0.1) and creates the pair of `a` and `b`. */
export async function deployUniswapPair(connection: Connection, developer: Signer, a: Address, b: Address) {
  const args = encodeAbiParameters([{ type: "address" }], [developer.account.address]);
  const factory = await deployBytecode(connection, { deployer: developer, bytecode: `${externalBytecode.uniswapV2Factory()}${args.slice(2)}` });
  await waitForSuccess(connection, {
    hash: await developer.writeContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: "createPair", args: [a, b] }),
    what: "create the pair",
  });
  const pair = await connection.publicClient.readContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: "getPair", args: [a, b] });
  return { factory, pair: getAddress(pair) };
}

const transferCall = (token: Address, to: Address, amount: bigint) => ({
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }),
});

/** Adds liquidity the core way: both tokens sent to the pair, then `mint` credits LP tokens to the provider. */
export async function addLiquidity(connection: Connection, provider: Signer, pair: Address, deposits: { token: Address; amount: bigint }[]): Promise<bigint> {
  for (const d of deposits) await send(connection, { actor: provider, ...transferCall(d.token, pair, d.amount), what: "deposit into the pool" });
  await send(connection, {
    actor: provider,
    to: pair,
    data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: "mint", args: [provider.account.address] }),
    what: "mint LP tokens",
  });
  return connection.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "balanceOf", args: [provider.account.address] });
}

/** Swaps `amountIn` of `tokenIn` for the other token at the pool's price (0.3% fee), as the router would. */
export async function swapExactIn(connection: Connection, trader: Signer, pair: Address, tokenIn: Address, amountIn: bigint): Promise<bigint> {
  const [token0, [reserve0, reserve1]] = await Promise.all([
    connection.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "token0" }),
    connection.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: "getReserves" }),
  ]);
  const inIsToken0 = getAddress(token0) === getAddress(tokenIn);
  const [reserveIn, reserveOut] = inIsToken0 ? [reserve0, reserve1] : [reserve1, reserve0];
  const withFee = amountIn * 997n;
  const amountOut = (withFee * reserveOut) / (reserveIn * 1000n + withFee);
  await send(connection, { actor: trader, ...transferCall(tokenIn, pair, amountIn), what: "pay into the pool" });
  const [out0, out1] = inIsToken0 ? [0n, amountOut] : [amountOut, 0n];
  await send(connection, {
    actor: trader,
    to: pair,
    data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: "swap", args: [out0, out1, trader.account.address, "0x"] }),
    what: "swap",
  });
  return amountOut;
}
