import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface DisqualifyIssuerParameters {
  deployment: Deployment;
  /** The regulator that qualified the issuer. */
  actor: Actor;
  issuer: Address;
  /** Why, recorded on chain. */
  reason: string;
}
export type DisqualifyIssuerReturnType = Hash;

/**
 * A sitting regulator withdraws an issuer's qualification in its jurisdiction, with the reason on record.
 * @example
 * const hash = await disqualifyIssuer(connection, { deployment, actor: regulator, issuer, reason: "licence withdrawn" });
 */
export async function disqualifyIssuer(connection: Connection, parameters: DisqualifyIssuerParameters): Promise<DisqualifyIssuerReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "disqualifyIssuer", args: [p.issuer, p.reason] });
  return send(connection, { actor, to: deployment.registries.issuers, data, what: "disqualify the issuer" });
}
