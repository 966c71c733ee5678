import {
  BaseError,
  encodeFunctionData,
  keccak256,
  MethodNotFoundRpcError,
  MethodNotSupportedRpcError,
  toHex,
  UnsupportedProviderMethodError,
  zeroHash,
  type Hash,
} from "viem";
import { timelockControllerAbi } from "./abi/contracts.js";
import type { Call } from "./actor.js";
import type { Connection, Signer } from "./clients.js";
import type { Deployment } from "./deployment.js";
import { runSafeTransaction } from "./safe.js";

export interface LetTimePassParameters {
  seconds: number;
}

/** Whether `error` says the node does not offer a method (a production node asked for evm_increaseTime). */
function isUnsupportedMethod(error: unknown): boolean {
  const codes: number[] = [MethodNotFoundRpcError.code, MethodNotSupportedRpcError.code, UnsupportedProviderMethodError.code];
  if (!(error instanceof BaseError)) return false;
  return Boolean(error.walk((e) => typeof (e as { code?: unknown }).code === "number" && codes.includes((e as { code: number }).code)));
}

/**
 * Lets time pass: on a development chain by moving its clock (evm_increaseTime), on a node without that
 * method by waiting. Any other failure (the node is down) is thrown.
 * @example
 * await letTimePass(connection, { seconds: 3601 });
 */
export async function letTimePass(connection: Connection, parameters: LetTimePassParameters): Promise<void> {
  const { seconds } = parameters;
  try {
    // Development-node methods (Hardhat, Anvil) are outside viem's typed public RPC schema, hence the casts.
    await connection.publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  } catch (error) {
    if (!isUnsupportedMethod(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return;
  }
  await connection.publicClient.request({ method: "evm_mine" as never, params: [] as never });
}

export interface GovernViaTimelockParameters {
  deployment: Deployment;
  /** The calls to make as governance, scheduled and executed as one batch. */
  calls: Call[];
  /** Governance Safe owners, at least its threshold; the first proposes and executes. */
  signers: Signer[];
  /** A label that makes the batch's salt unique and readable in logs. */
  label?: string;
}
export interface GovernViaTimelockReturnType {
  scheduled: Hash;
  executed: Hash;
}

/**
 * A governance change: the governance Safe schedules the calls as one batch on the timelock, the delay
 * passes, and the Safe executes the batch.
 * @example
 * await governViaTimelock(connection, {
 *   deployment,
 *   calls: [admitQualifierCall({ deployment, account: kyb, name: "Alpha KYB", classes: [1, 2] })],
 *   signers: [owner1, owner2],
 * });
 */
export async function governViaTimelock(connection: Connection, parameters: GovernViaTimelockParameters): Promise<GovernViaTimelockReturnType> {
  const { deployment, calls, signers, label = "governance change" } = parameters;
  const { safe, timelock, delay } = deployment.governance;
  const targets = calls.map((c) => c.to);
  const values = calls.map(() => 0n);
  const payloads = calls.map((c) => c.data);
  const salt = keccak256(toHex(`${label}:${Date.now()}:${Math.random()}`));
  const scheduled = await runSafeTransaction(connection, {
    safe,
    to: timelock,
    data: encodeFunctionData({
      abi: timelockControllerAbi,
      functionName: "scheduleBatch",
      args: [targets, values, payloads, zeroHash, salt, BigInt(delay)],
    }),
    signers,
  });
  await letTimePass(connection, { seconds: delay + 1 });
  const executed = await runSafeTransaction(connection, {
    safe,
    to: timelock,
    data: encodeFunctionData({ abi: timelockControllerAbi, functionName: "executeBatch", args: [targets, values, payloads, zeroHash, salt] }),
    signers,
  });
  return { scheduled, executed };
}
