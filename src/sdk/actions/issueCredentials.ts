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

export interface IssueCredentialsParameters {
  deployment: Deployment;
  /** An admitted, active qualifier. */
  actor: Actor;
  requests: CredentialRequest[];
}
export type IssueCredentialsReturnType = Hash;

/**
 * A qualifier issues soulbound credentials to wallets, in one transaction.
 * @example
 * const hash = await issueCredentials(connection, {
 *   deployment,
 *   actor: qualifier,
 *   requests: [{ holder: alice, classId: 1, jurisdiction: "CH", expiresAt: 1_900_000_000 }],
 * });
 */
export async function issueCredentials(connection: Connection, parameters: IssueCredentialsParameters): Promise<IssueCredentialsReturnType> {
  const { deployment, actor, requests } = parameters;
  const reqs = requests.map((r) => ({
    holder: r.holder,
    classId: r.classId,
    jurisdiction: jurisdictionCode(r.jurisdiction),
    expiresAt: r.expiresAt,
  }));
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "issueBatch", args: [reqs] });
  return send(connection, { actor, to: deployment.registries.credentials, data, what: "issue credentials" });
}
