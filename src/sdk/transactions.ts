import { getAddress, type Abi, type Address, type Hash, type Hex, type TransactionReceipt } from "viem";
import type { Connection, Signer } from "./clients.js";
import { QualifiedError } from "./errors.js";

export interface WaitForSuccessParameters {
  hash: Hash;
  /** What the transaction does, for the sentence if it reverted ("mint the tokens"). */
  what: string;
}
export type WaitForSuccessReturnType = TransactionReceipt;

/**
 * Waits for a transaction and throws a sentence naming what it did if it reverted.
 * @example
 * const receipt = await waitForSuccess(connection, { hash, what: "mint the tokens" });
 */
export async function waitForSuccess(connection: Connection, parameters: WaitForSuccessParameters): Promise<WaitForSuccessReturnType> {
  const { hash, what } = parameters;
  const receipt = await connection.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new QualifiedError(`could not ${what}: transaction ${hash} reverted`);
  return receipt;
}

export interface DeployBytecodeParameters {
  deployer: Signer;
  /** Creation bytecode with the constructor arguments already appended. */
  bytecode: Hex;
}
export type DeployBytecodeReturnType = Address;

/**
 * Deploys raw creation bytecode and returns the new contract's address.
 * @example
 * const address = await deployBytecode(connection, { deployer, bytecode });
 */
export async function deployBytecode(connection: Connection, parameters: DeployBytecodeParameters): Promise<DeployBytecodeReturnType> {
  const hash = await parameters.deployer.sendTransaction({ data: parameters.bytecode });
  const receipt = await waitForSuccess(connection, { hash, what: "deploy a contract" });
  if (!receipt.contractAddress) throw new QualifiedError(`deployment ${hash} created no contract`);
  return getAddress(receipt.contractAddress);
}

export interface DeployContractParameters {
  deployer: Signer;
  abi: Abi;
  bytecode: Hex;
  args: readonly unknown[];
}
export type DeployContractReturnType = Address;

/**
 * Deploys a contract from its ABI, bytecode and constructor arguments, and returns its address.
 * @example
 * const registry = await deployContract(connection, { deployer, abi: credentialRegistryAbi, bytecode: credentialRegistryBytecode, args: [admin] });
 */
export async function deployContract(connection: Connection, parameters: DeployContractParameters): Promise<DeployContractReturnType> {
  const { deployer, abi, bytecode, args } = parameters;
  const hash = await deployer.deployContract({ abi, bytecode, args });
  const receipt = await waitForSuccess(connection, { hash, what: "deploy a contract" });
  if (!receipt.contractAddress) throw new QualifiedError(`deployment ${hash} created no contract`);
  return getAddress(receipt.contractAddress);
}
