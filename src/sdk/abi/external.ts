import { parseAbi, type Hex } from "viem";
import {
  compatibilityFallbackHandlerBytecode,
  safeProxyFactoryBytecode,
  safeSingletonBytecode,
  uniswapV2FactoryBytecode,
  uniswapV2Router02Bytecode,
  weth9Bytecode,
} from "./external-bytecode.js";

/** Safe 1.4.1 (npm @safe-global/safe-contracts): the calls Qualified makes. */
export const safeAbi = parseAbi([
  "function setup(address[] _owners, uint256 _threshold, address to, bytes data, address fallbackHandler, address paymentToken, uint256 payment, address paymentReceiver)",
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool success)",
  "function nonce() view returns (uint256)",
  "function getOwners() view returns (address[])",
  "function getThreshold() view returns (uint256)",
  "function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)",
  "event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)",
  "event ExecutionFailure(bytes32 indexed txHash, uint256 payment)",
]);
export const safeProxyFactoryAbi = parseAbi([
  "function createProxyWithNonce(address _singleton, bytes initializer, uint256 saltNonce) returns (address proxy)",
  "event ProxyCreation(address indexed proxy, address singleton)",
]);

/** Uniswap V2 core 1.0.1 (npm @uniswap/v2-core): factory and pair. */
export const uniswapV2FactoryAbi = parseAbi([
  "function createPair(address tokenA, address tokenB) returns (address pair)",
  "function getPair(address tokenA, address tokenB) view returns (address pair)",
]);
export const uniswapV2PairAbi = parseAbi([
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function mint(address to) returns (uint256 liquidity)",
  "function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)",
  "function balanceOf(address owner) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
  "function burn(address to) returns (uint256 amount0, uint256 amount1)",
  "function transfer(address to, uint256 value) returns (bool)",
]);

/** Uniswap V2 periphery 1.1.0-beta.0 (npm @uniswap/v2-periphery): Router02, the calls Qualified makes. */
export const uniswapV2RouterAbi = parseAbi([
  "function factory() view returns (address)",
  "function WETH() view returns (address)",
  "function addLiquidity(address tokenA, address tokenB, uint256 amountADesired, uint256 amountBDesired, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity)",
  "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)",
  "function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)",
]);

/** Creation bytecode of the external contracts, exported from their npm packages at build time. */
export const externalBytecode = {
  safeSingleton: (): Hex => safeSingletonBytecode,
  compatibilityFallbackHandler: (): Hex => compatibilityFallbackHandlerBytecode,
  safeProxyFactory: (): Hex => safeProxyFactoryBytecode,
  uniswapV2Factory: (): Hex => uniswapV2FactoryBytecode,
  uniswapV2Router02: (): Hex => uniswapV2Router02Bytecode,
  weth9: (): Hex => weth9Bytecode,
};
