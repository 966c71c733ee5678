import { encodeFunctionData, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface RevokeCredentialParameters {
  deployment: Deployment;
  /** The qualifier that issued the credential, or governance. */
  actor: Actor;
  tokenId: bigint;
  /** Why, recorded on chain (no personal data). */
  reason: string;
}
export type RevokeCredentialReturnType = Hash;

/**
 * The issuing qualifier (or governance) revokes a credential, with the reason on record.
 * @example
 * const hash = await revokeCredential(connection, { deployment, actor: qualifier, tokenId, reason: "documents expired" });
 */
export async function revokeCredential(connection: Connection, parameters: RevokeCredentialParameters): Promise<RevokeCredentialReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "revoke", args: [p.tokenId, p.reason] });
  return send(connection, { actor, to: deployment.registries.credentials, data, what: "revoke the credential" });
}
