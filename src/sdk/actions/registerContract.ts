import { encodeFunctionData, type Address, type Hash } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface RegisterContractParameters {
  deployment: Deployment;
  /** Anyone for vetted code; otherwise an identifiable registrant. */
  actor: Actor;
  /** The deployed contract (a pool, a vault). */
  target: Address;
}
export type RegisterContractReturnType = Hash;

/**
 * Registers a deployed contract (a pool, a vault). Vetted code is eligible at once, whoever registers it;
 * other code needs an identifiable registrant (a live credential, governance or a qualified issuer) and
 * becomes eligible when its challenge window ends, unless a guardian blocks it first.
 * @example
 * const hash = await registerContract(connection, { deployment, actor: issuer, target: pool });
 */
export async function registerContract(connection: Connection, parameters: RegisterContractParameters): Promise<RegisterContractReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "register", args: [p.target] });
  return send(connection, { actor, to: deployment.registries.contracts, data, what: "register the contract" });
}
