import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

export interface ClaimTokenListingParameters {
  deployment: Deployment;
  /** The issuer the token now names. */
  actor: Actor;
  token: Address;
}
export type ClaimTokenListingReturnType = Hash;

/**
 * After a handover (`setIssuerCall`), the issuer the token now names moves the listing to itself.
 * @example
 * const hash = await claimTokenListing(connection, { deployment, actor: newIssuer, token });
 */
export async function claimTokenListing(connection: Connection, parameters: ClaimTokenListingParameters): Promise<ClaimTokenListingReturnType> {
  const { deployment, actor, ...p } = parameters;
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "syncTokenIssuer", args: [p.token] });
  return send(connection, { actor, to: deployment.registries.issuers, data, what: "claim the token's listing" });
}
