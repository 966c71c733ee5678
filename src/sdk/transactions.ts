import { getAddress, type Address, type Hash, type Hex, type TransactionReceipt } from "viem";
import type { Connection, Signer } from "./clients.js";
import { QualifiedError } from "./errors.js";

/** Waits for `hash` and throws a sentence naming `what` if it reverted. */
export async function waitForSuccess(connection: Connection, hash: Hash, what: string): Promise<TransactionReceipt> {
  const receipt = await connection.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new QualifiedError(`could not ${what}: transaction ${hash} reverted`);
  return receipt;
}

/** Deploys raw creation bytecode (with constructor arguments already appended) and returns the address. */
export async function deployBytecode(connection: Connection, deployer: Signer, bytecode: Hex): Promise<Address> {
  const hash = await deployer.sendTransaction({ data: bytecode });
  const receipt = await waitForSuccess(connection, hash, "deploy a contract");
  if (!receipt.contractAddress) throw new QualifiedError(`deployment ${hash} created no contract`);
  return getAddress(receipt.contractAddress);
}
