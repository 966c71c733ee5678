import { encodeFunctionData, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface RenewCredentialParameters {
  deployment: Deployment;
  /** The qualifier that issued the credential. */
  actor: Actor;
  tokenId: bigint;
  /** The new expiry, unix seconds. */
  expiresAt: number;
}
export type RenewCredentialReturnType = Hash;

/**
 * The issuing qualifier sets a new expiry for one of its credentials.
 * @example
 * const hash = await renewCredential(connection, { deployment, actor: qualifier, tokenId, expiresAt: 1_900_000_000 });
 */
export async function renewCredential(connection: Connection, parameters: RenewCredentialParameters): Promise<RenewCredentialReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "renew", args: [p.tokenId, p.expiresAt] });
  return send(connection, { actor, to: deployment.registries.credentials, data, what: "renew the credential" });
}
