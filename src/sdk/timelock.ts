import { encodeFunctionData, keccak256, toHex, zeroHash, type Hash } from "viem";
import { timelockControllerAbi } from "./abi/contracts.js";
import type { Call } from "./actor.js";
import type { Connection, Signer } from "./clients.js";
import type { Deployment } from "./deployment.js";
import { runSafeTransaction } from "./safe.js";

/**
 * Lets `seconds` pass: on a development chain by moving its clock (evm_increaseTime), elsewhere by waiting.
 */
export async function letTimePass(connection: Connection, seconds: number): Promise<void> {
  try {
    // Development-node methods (Hardhat, Anvil) are outside viem's typed public RPC schema, hence the casts.
    await connection.publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await connection.publicClient.request({ method: "evm_mine" as never, params: [] as never });
  } catch {
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

/**
 * A governance change: the governance Safe schedules `calls` as one batch on the timelock, the delay
 * passes, and the Safe executes the batch. `signers` are governance Safe owners (at least the threshold).
 */
export async function governViaTimelock(
  connection: Connection,
  deployment: Deployment,
  calls: Call[],
  signers: Signer[],
  label = "governance change",
): Promise<{ scheduled: Hash; executed: Hash }> {
  const { safe, timelock, delay } = deployment.governance;
  const targets = calls.map((c) => c.to);
  const values = calls.map(() => 0n);
  const payloads = calls.map((c) => c.data);
  const salt = keccak256(toHex(`${label}:${Date.now()}:${Math.random()}`));
  const scheduled = await runSafeTransaction(
    connection,
    safe,
    {
      to: timelock,
      data: encodeFunctionData({
        abi: timelockControllerAbi,
        functionName: "scheduleBatch",
        args: [targets, values, payloads, zeroHash, salt, BigInt(delay)],
      }),
    },
    signers,
  );
  await letTimePass(connection, delay + 1);
  const executed = await runSafeTransaction(
    connection,
    safe,
    {
      to: timelock,
      data: encodeFunctionData({ abi: timelockControllerAbi, functionName: "executeBatch", args: [targets, values, payloads, zeroHash, salt] }),
    },
    signers,
  );
  return { scheduled, executed };
}
