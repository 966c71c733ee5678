import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** The token's issuer lists it in the issuer registry, which makes it DeFi-ready while the issuer is qualified. */
export async function listToken(connection: Connection, d: Deployment, issuer: Actor, p: { token: Address }): Promise<Hash> {
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "listToken", args: [p.token] });
  return send(connection, issuer, { to: d.registries.issuers, data }, "list the token");
}

/** After a handover (`setIssuerCall`), the issuer the token now names moves the listing to itself. */
export async function claimTokenListing(connection: Connection, d: Deployment, issuer: Actor, p: { token: Address }): Promise<Hash> {
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "syncTokenIssuer", args: [p.token] });
  return send(connection, issuer, { to: d.registries.issuers, data }, "claim the token's listing");
}
