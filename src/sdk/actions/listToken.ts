import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface ListTokenParameters {
  deployment: Deployment;
  /** The token's issuer. */
  actor: Actor;
  token: Address;
}
export type ListTokenReturnType = Hash;

/**
 * The token's issuer lists it in the issuer registry, which makes it DeFi-ready while the issuer is qualified.
 * @example
 * const hash = await listToken(connection, { deployment, actor: { safe: issuerSafe, signers: [owner1, owner2] }, token });
 */
export async function listToken(connection: Connection, parameters: ListTokenParameters): Promise<ListTokenReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "listToken", args: [p.token] });
  return send(connection, { actor, to: deployment.registries.issuers, data, what: "list the token" });
}
