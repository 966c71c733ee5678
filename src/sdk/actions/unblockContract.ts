import { encodeFunctionData, type Address, type Hash } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface UnblockContractParameters {
  deployment: Deployment;
  /** A guardian. */
  actor: Actor;
  target: Address;
  /** Why, recorded on chain. */
  reason: string;
}
export type UnblockContractReturnType = Hash;

/**
 * A guardian lifts a block, with a reason.
 * @example
 * const hash = await unblockContract(connection, { deployment, actor: guardian, target: vault, reason: "audit passed" });
 */
export async function unblockContract(connection: Connection, parameters: UnblockContractParameters): Promise<UnblockContractReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "unblockContract", args: [p.target, p.reason] });
  return send(connection, { actor, to: deployment.registries.contracts, data, what: "unblock the contract" });
}
