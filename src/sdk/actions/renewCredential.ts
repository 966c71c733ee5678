import { encodeFunctionData, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** The issuing qualifier sets a new expiry (unix seconds) for one of its credentials. */
export async function renewCredential(
  connection: Connection,
  d: Deployment,
  qualifier: Actor,
  p: { tokenId: bigint; expiresAt: number },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "renew", args: [p.tokenId, p.expiresAt] });
  return send(connection, qualifier, { to: d.registries.credentials, data }, "renew the credential");
}
