import { encodeFunctionData, type Address, type Hash } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface BlockContractParameters {
  deployment: Deployment;
  /** A guardian. */
  actor: Actor;
  target: Address;
  /** Why, recorded on chain. */
  reason: string;
}
export type BlockContractReturnType = Hash;

/**
 * A guardian blocks an address, with a reason: it can no longer receive or send, whatever it holds.
 * @example
 * const hash = await blockContract(connection, { deployment, actor: guardian, target: vault, reason: "drains deposits" });
 */
export async function blockContract(connection: Connection, parameters: BlockContractParameters): Promise<BlockContractReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "blockContract", args: [p.target, p.reason] });
  return send(connection, { actor, to: deployment.registries.contracts, data, what: "block the contract" });
}
