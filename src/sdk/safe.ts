import {
  concat,
  decodeEventLog,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
} from "viem";
import { safeAbi, safeProxyFactoryAbi, externalBytecode } from "./abi/external.js";
import type { Connection, Signer } from "./clients.js";
import { QualifiedError } from "./errors.js";
import { deployBytecode, waitForSuccess } from "./transactions.js";

/**
 * The shared Safe contracts of a chain: the singleton every Safe proxies to, the proxy factory, and the
 * fallback handler that gives each Safe ERC-1271 signatures (as Safe's own apps install it).
 */
export interface SafeInfrastructure {
  singleton: Address;
  proxyFactory: Address;
  fallbackHandler: Address;
}

/** Deploys the Safe 1.4.1 singleton, proxy factory and compatibility fallback handler (once per chain). */
export async function deploySafeInfrastructure(connection: Connection, deployer: Signer): Promise<SafeInfrastructure> {
  const singleton = await deployBytecode(connection, deployer, externalBytecode.safeSingleton());
  const proxyFactory = await deployBytecode(connection, deployer, externalBytecode.safeProxyFactory());
  const fallbackHandler = await deployBytecode(connection, deployer, externalBytecode.compatibilityFallbackHandler());
  return { singleton, proxyFactory, fallbackHandler };
}

/**
 * An ERC-1271 signature of `safe` for `hash`: each owner signs the Safe's EIP-712 SafeMessage over the hash,
 * and the signatures are joined in owner order. The Safe's `isValidSignature(hash, signature)` accepts it.
 */
export async function signAsSafe(connection: Connection, safe: Address, hash: Hex, owners: Signer[]): Promise<Hex> {
  const signed: [Address, Hex][] = [];
  for (const owner of owners) {
    const signature = await owner.signTypedData({
      domain: { chainId: connection.chain.id, verifyingContract: safe },
      types: { SafeMessage: [{ name: "message", type: "bytes" }] },
      primaryType: "SafeMessage",
      message: { message: encodeAbiParameters([{ type: "bytes32" }], [hash]) },
    });
    signed.push([getAddress(owner.account.address), signature]);
  }
  return concat(signed.sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1)).map(([, s]) => s));
}

/** Creates a Safe with `owners` and `threshold` (for example 2 of 3). */
export async function createSafe(
  connection: Connection,
  deployer: Signer,
  infrastructure: SafeInfrastructure,
  owners: Address[],
  threshold: number,
  saltNonce: bigint = BigInt(Date.now()),
): Promise<Address> {
  if (threshold < 1 || threshold > owners.length) {
    throw new QualifiedError(`a Safe of ${owners.length} owners needs a threshold between 1 and ${owners.length}`);
  }
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: "setup",
    args: [owners, BigInt(threshold), zeroAddress, "0x", infrastructure.fallbackHandler, zeroAddress, 0n, zeroAddress],
  });
  const hash = await deployer.writeContract({
    address: infrastructure.proxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: "createProxyWithNonce",
    args: [infrastructure.singleton, initializer, saltNonce],
  });
  const receipt = await waitForSuccess(connection, hash, "create the Safe");
  for (const log of receipt.logs) {
    try {
      const event = decodeEventLog({ abi: safeProxyFactoryAbi, data: log.data, topics: log.topics });
      if (event.eventName === "ProxyCreation") return getAddress(event.args.proxy);
    } catch {
      // not the factory's event
    }
  }
  throw new QualifiedError("the Safe proxy factory did not report the new Safe");
}

/** A Safe transaction being signed by its owners. */
export interface SafeTransaction {
  safe: Address;
  to: Address;
  value: bigint;
  data: Hex;
  operation: 0 | 1; // 0 = call, 1 = delegatecall
  nonce: bigint;
  /** Owner address -> its EIP-712 signature. */
  signatures: Map<Address, Hex>;
}

const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** Proposes a call from `safe` to `to` with `data`, at the Safe's current nonce, signed by `proposer`. */
export async function proposeSafeTransaction(
  connection: Connection,
  safe: Address,
  call: { to: Address; data: Hex; value?: bigint },
  proposer: Signer,
): Promise<SafeTransaction> {
  const nonce = await connection.publicClient.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
  const tx: SafeTransaction = {
    safe,
    to: call.to,
    value: call.value ?? 0n,
    data: call.data,
    operation: 0,
    nonce,
    signatures: new Map(),
  };
  return confirmSafeTransaction(connection, tx, proposer);
}

/** Adds `owner`'s signature (EIP-712 over the Safe transaction). Refuses a signer that is not an owner. */
export async function confirmSafeTransaction(connection: Connection, tx: SafeTransaction, owner: Signer): Promise<SafeTransaction> {
  const owners = await connection.publicClient.readContract({ address: tx.safe, abi: safeAbi, functionName: "getOwners" });
  const who = getAddress(owner.account.address);
  if (!owners.map((o) => getAddress(o)).includes(who)) {
    throw new QualifiedError(`${who} is not an owner of the Safe ${tx.safe}`);
  }
  const signature = await owner.signTypedData({
    domain: { chainId: connection.chain.id, verifyingContract: tx.safe },
    types: SAFE_TX_TYPES,
    primaryType: "SafeTx",
    message: {
      to: tx.to,
      value: tx.value,
      data: tx.data,
      operation: tx.operation,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: tx.nonce,
    },
  });
  tx.signatures.set(who, signature);
  return tx;
}

/**
 * Executes a Safe transaction once it holds `threshold` signatures. Signatures are sorted by owner, as the
 * Safe requires. Reverts inside the called contract surface as the Safe's ExecutionFailure.
 */
export async function executeSafeTransaction(connection: Connection, tx: SafeTransaction, executor: Signer): Promise<Hash> {
  const threshold = await connection.publicClient.readContract({ address: tx.safe, abi: safeAbi, functionName: "getThreshold" });
  if (BigInt(tx.signatures.size) < threshold) {
    throw new QualifiedError(`the Safe needs ${threshold} signatures and has ${tx.signatures.size}`);
  }
  const ordered = [...tx.signatures.entries()].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1)).map(([, s]) => s);
  const args = [tx.to, tx.value, tx.data, tx.operation, 0n, 0n, 0n, zeroAddress, zeroAddress, concat(ordered)] as const;
  // Simulate first: the Safe turns an inner revert into ExecutionFailure, which should stop us here.
  await connection.publicClient.simulateContract({
    address: tx.safe,
    abi: safeAbi,
    functionName: "execTransaction",
    args,
    account: executor.account,
  });
  const hash = await executor.writeContract({ address: tx.safe, abi: safeAbi, functionName: "execTransaction", args });
  const receipt = await waitForSuccess(connection, hash, "execute the Safe transaction");
  const failed = receipt.logs.some((log) => {
    try {
      return decodeEventLog({ abi: safeAbi, data: log.data, topics: log.topics }).eventName === "ExecutionFailure";
    } catch {
      return false;
    }
  });
  if (failed) throw new QualifiedError(`the Safe ${tx.safe} executed the transaction but the call to ${tx.to} failed`);
  return hash;
}

/** Proposes, has `signers` confirm (the first proposes) and executes: the whole multisig round in one call. */
export async function runSafeTransaction(
  connection: Connection,
  safe: Address,
  call: { to: Address; data: Hex; value?: bigint },
  signers: Signer[],
): Promise<Hash> {
  if (signers.length === 0) throw new QualifiedError("a Safe transaction needs at least one signer");
  const tx = await proposeSafeTransaction(connection, safe, call, signers[0]);
  for (const s of signers.slice(1)) await confirmSafeTransaction(connection, tx, s);
  return executeSafeTransaction(connection, tx, signers[0]);
}
