import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface QualifyIssuerParameters {
  deployment: Deployment;
  /** A sitting regulator. */
  actor: Actor;
  issuer: Address;
}
export type QualifyIssuerReturnType = Hash;

/**
 * A sitting regulator qualifies an issuer in its jurisdiction.
 * @example
 * const hash = await qualifyIssuer(connection, { deployment, actor: regulator, issuer: issuerSafe });
 */
export async function qualifyIssuer(connection: Connection, parameters: QualifyIssuerParameters): Promise<QualifyIssuerReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "qualifyIssuer", args: [p.issuer] });
  return send(connection, { actor, to: deployment.registries.issuers, data, what: "qualify the issuer" });
}
