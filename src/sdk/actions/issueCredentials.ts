import { encodeFunctionData, type Address, type Hash } from "viem";
import { credentialRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";
import { jurisdictionCode } from "../jurisdiction.js";

export interface CredentialRequest {
  holder: Address;
  classId: number;
  /** ISO 3166 alpha-2 or numeric. */
  jurisdiction: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** A qualifier issues soulbound credentials to wallets, in one transaction. */
export async function issueCredentials(
  connection: Connection,
  d: Deployment,
  qualifier: Actor,
  requests: CredentialRequest[],
): Promise<Hash> {
  const reqs = requests.map((r) => ({
    holder: r.holder,
    classId: r.classId,
    jurisdiction: jurisdictionCode(r.jurisdiction),
    expiresAt: r.expiresAt,
  }));
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "issueBatch", args: [reqs] });
  return send(connection, qualifier, { to: d.registries.credentials, data }, "issue credentials");
}
