import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** A sitting regulator qualifies `issuer` in its jurisdiction. */
export async function qualifyIssuer(connection: Connection, d: Deployment, regulator: Actor, p: { issuer: Address }): Promise<Hash> {
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "qualifyIssuer", args: [p.issuer] });
  return send(connection, regulator, { to: d.registries.issuers, data }, "qualify the issuer");
}
