import { encodeFunctionData, type Address, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface SetSanctionedParameters {
  deployment: Deployment;
  /** A sanctions operator. */
  actor: Actor;
  accounts: Address[];
  /** True flags the accounts, false clears them. */
  sanctioned: boolean;
  /** The list the flags come from ("OFAC SDN 2026-11-20"). */
  source: string;
}
export type SetSanctionedReturnType = Hash;

/**
 * A sanctions operator flags (or clears) wallets in the federation, naming the list they come from.
 * @example
 * const hash = await setSanctioned(connection, { deployment, actor: operator, accounts: [wallet], sanctioned: true, source: "OFAC SDN" });
 */
export async function setSanctioned(connection: Connection, parameters: SetSanctionedParameters): Promise<SetSanctionedReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "setSanctioned", args: [p.accounts, p.sanctioned, p.source] });
  return send(connection, { actor, to: deployment.registries.credentials, data, what: "update sanctions flags" });
}
