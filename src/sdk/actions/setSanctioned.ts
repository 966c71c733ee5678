import { encodeFunctionData, type Address, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** A sanctions operator flags (or clears) wallets in the federation, naming the list they come from. */
export async function setSanctioned(
  connection: Connection,
  d: Deployment,
  operator: Actor,
  p: { accounts: Address[]; sanctioned: boolean; source: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "setSanctioned", args: [p.accounts, p.sanctioned, p.source] });
  return send(connection, operator, { to: d.registries.credentials, data }, "update sanctions flags");
}
