import { encodeFunctionData, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** The issuing qualifier (or governance) revokes a credential, with the reason on record. */
export async function revokeCredential(
  connection: Connection,
  d: Deployment,
  actor: Actor,
  p: { tokenId: bigint; reason: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "revoke", args: [p.tokenId, p.reason] });
  return send(connection, actor, { to: d.registries.credentials, data }, "revoke the credential");
}
