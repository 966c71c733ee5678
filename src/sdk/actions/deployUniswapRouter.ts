import { encodeAbiParameters, type Address } from "viem";
import { externalBytecode } from "../abi/external.js";
import type { Connection, Signer } from "../clients.js";
import { deployBytecode } from "../transactions.js";

export interface DeployUniswapRouterParameters {
  deployer: Signer;
  /** The Uniswap V2 factory (v2-core 1.0.1) whose pairs the router trades. */
  factory: Address;
}

export interface DeployUniswapRouterReturnType {
  router: Address;
  weth: Address;
}

/**
 * Deploys WETH9 and Uniswap V2's Router02 (npm @uniswap/v2-periphery 1.1.0-beta.0, unmodified) over
 * `factory`; the router's pair init-code hash is the one of v2-core 1.0.1's pairs.
 * @example
 * const { router } = await deployUniswapRouter(connection, { deployer, factory });
 */
export async function deployUniswapRouter(connection: Connection, parameters: DeployUniswapRouterParameters): Promise<DeployUniswapRouterReturnType> {
  const { deployer, factory } = parameters;
  const weth = await deployBytecode(connection, { deployer, bytecode: externalBytecode.weth9() });
  const args = encodeAbiParameters([{ type: "address" }, { type: "address" }], [factory, weth]);
  const router = await deployBytecode(connection, { deployer, bytecode: `${externalBytecode.uniswapV2Router02()}${args.slice(2)}` });
  return { router, weth };
}
