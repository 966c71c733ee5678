import { encodeFunctionData, type Address, type Hash } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** Anyone registers a deployed contract (a pool, a vault): it may hold tokens at once. */
export async function registerContract(connection: Connection, d: Deployment, actor: Actor, p: { target: Address }): Promise<Hash> {
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "register", args: [p.target] });
  return send(connection, actor, { to: d.registries.contracts, data }, "register the contract");
}

/** A guardian blocks a registered contract, with a reason: it can no longer receive or send. */
export async function blockContract(
  connection: Connection,
  d: Deployment,
  guardian: Actor,
  p: { target: Address; reason: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "blockContract", args: [p.target, p.reason] });
  return send(connection, guardian, { to: d.registries.contracts, data }, "block the contract");
}
