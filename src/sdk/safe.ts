import { concat, encodeAbiParameters, encodeFunctionData, getAddress, parseEventLogs, zeroAddress, type Address, type Hash, type Hex } from "viem";
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

export interface DeploySafeInfrastructureParameters {
  deployer: Signer;
}
export type DeploySafeInfrastructureReturnType = SafeInfrastructure;

/**
 * Deploys the Safe 1.4.1 singleton, proxy factory and compatibility fallback handler (once per chain).
 * @example
 * const infrastructure = await deploySafeInfrastructure(connection, { deployer });
 */
export async function deploySafeInfrastructure(
  connection: Connection,
  parameters: DeploySafeInfrastructureParameters,
): Promise<DeploySafeInfrastructureReturnType> {
  const { deployer } = parameters;
  const singleton = await deployBytecode(connection, { deployer, bytecode: externalBytecode.safeSingleton() });
  const proxyFactory = await deployBytecode(connection, { deployer, bytecode: externalBytecode.safeProxyFactory() });
  const fallbackHandler = await deployBytecode(connection, { deployer, bytecode: externalBytecode.compatibilityFallbackHandler() });
  return { singleton, proxyFactory, fallbackHandler };
}

export interface SignAsSafeParameters {
  safe: Address;
  /** The hash the Safe signs (an EIP-712 digest, a message hash). */
  hash: Hex;
  /** Owners of the Safe, at least its threshold. */
  owners: Signer[];
}
export type SignAsSafeReturnType = Hex;

/**
 * An ERC-1271 signature of a Safe for a hash: each owner signs the Safe's EIP-712 SafeMessage over the hash,
 * and the signatures are joined in owner order. The Safe's `isValidSignature(hash, signature)` accepts it.
 * @example
 * const signature = await signAsSafe(connection, { safe, hash, owners: [owner1, owner2] });
 */
export async function signAsSafe(connection: Connection, parameters: SignAsSafeParameters): Promise<SignAsSafeReturnType> {
  const { safe, hash, owners } = parameters;
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

export interface CreateSafeParameters {
  deployer: Signer;
  infrastructure: SafeInfrastructure;
  owners: Address[];
  /** Signatures a transaction needs (for example 2 of 3 owners). */
  threshold: number;
  /** Makes the Safe's address unique; default: the current time in milliseconds. */
  saltNonce?: bigint;
}
export type CreateSafeReturnType = Address;

/**
 * Creates a Safe with its owners and threshold.
 * @example
 * const safe = await createSafe(connection, { deployer, infrastructure: deployment.safe, owners, threshold: 2 });
 */
export async function createSafe(connection: Connection, parameters: CreateSafeParameters): Promise<CreateSafeReturnType> {
  const { deployer, infrastructure, owners, threshold, saltNonce = BigInt(Date.now()) } = parameters;
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
  const receipt = await waitForSuccess(connection, { hash, what: "create the Safe" });
  const factoryLogs = receipt.logs.filter((log) => getAddress(log.address) === getAddress(infrastructure.proxyFactory));
  const [created] = parseEventLogs({ abi: safeProxyFactoryAbi, eventName: "ProxyCreation", logs: factoryLogs });
  if (!created) throw new QualifiedError("the Safe proxy factory did not report the new Safe");
  return getAddress(created.args.proxy);
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

export interface ProposeSafeTransactionParameters {
  safe: Address;
  to: Address;
  data: Hex;
  value?: bigint;
  /** An owner of the Safe: its signature is the first. */
  proposer: Signer;
}
export type ProposeSafeTransactionReturnType = SafeTransaction;

/**
 * Proposes a call from a Safe at the Safe's current nonce, signed by the proposer.
 * @example
 * const tx = await proposeSafeTransaction(connection, { safe, ...mintCall({ token, to: alice, amount: 1n }), proposer: owner1 });
 */
export async function proposeSafeTransaction(connection: Connection, parameters: ProposeSafeTransactionParameters): Promise<ProposeSafeTransactionReturnType> {
  const { safe, to, data, value = 0n, proposer } = parameters;
  const nonce = await connection.publicClient.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
  const transaction: SafeTransaction = { safe, to, value, data, operation: 0, nonce, signatures: new Map() };
  return confirmSafeTransaction(connection, { transaction, owner: proposer });
}

export interface ConfirmSafeTransactionParameters {
  transaction: SafeTransaction;
  owner: Signer;
}
export type ConfirmSafeTransactionReturnType = SafeTransaction;

/**
 * Adds an owner's signature (EIP-712 over the Safe transaction) to the transaction. Refuses a signer that is
 * not an owner.
 * @example
 * await confirmSafeTransaction(connection, { transaction: tx, owner: owner2 });
 */
export async function confirmSafeTransaction(connection: Connection, parameters: ConfirmSafeTransactionParameters): Promise<ConfirmSafeTransactionReturnType> {
  const { transaction: tx, owner } = parameters;
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

export interface ExecuteSafeTransactionParameters {
  transaction: SafeTransaction;
  /** Any account: pays the gas and sends the signatures. */
  executor: Signer;
}
export type ExecuteSafeTransactionReturnType = Hash;

/**
 * Executes a Safe transaction once it holds the threshold of signatures. Signatures are sorted by owner, as
 * the Safe requires. Reverts inside the called contract surface as the Safe's ExecutionFailure.
 * @example
 * const hash = await executeSafeTransaction(connection, { transaction: tx, executor: owner1 });
 */
export async function executeSafeTransaction(connection: Connection, parameters: ExecuteSafeTransactionParameters): Promise<ExecuteSafeTransactionReturnType> {
  const { transaction: tx, executor } = parameters;
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
  const receipt = await waitForSuccess(connection, { hash, what: "execute the Safe transaction" });
  const safeLogs = receipt.logs.filter((log) => getAddress(log.address) === getAddress(tx.safe));
  const failed = parseEventLogs({ abi: safeAbi, eventName: "ExecutionFailure", logs: safeLogs }).length > 0;
  if (failed) throw new QualifiedError(`the Safe ${tx.safe} executed the transaction but the call to ${tx.to} failed`);
  return hash;
}

export interface RunSafeTransactionParameters {
  safe: Address;
  to: Address;
  data: Hex;
  value?: bigint;
  /** Owners that sign, at least the threshold; the first proposes and executes. */
  signers: Signer[];
}
export type RunSafeTransactionReturnType = Hash;

/**
 * Proposes, has the signers confirm and executes: the whole multisig round in one call.
 * @example
 * const hash = await runSafeTransaction(connection, { safe, ...setIssuerCall({ token, issuer }), signers: [owner1, owner2] });
 */
export async function runSafeTransaction(connection: Connection, parameters: RunSafeTransactionParameters): Promise<RunSafeTransactionReturnType> {
  const { safe, to, data, value, signers } = parameters;
  if (signers.length === 0) throw new QualifiedError("a Safe transaction needs at least one signer");
  const transaction = await proposeSafeTransaction(connection, { safe, to, data, value, proposer: signers[0] });
  for (const owner of signers.slice(1)) await confirmSafeTransaction(connection, { transaction, owner });
  return executeSafeTransaction(connection, { transaction, executor: signers[0] });
}
