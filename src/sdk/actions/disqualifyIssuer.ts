import { encodeFunctionData, type Address, type Hash } from "viem";
import { issuerRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** A sitting regulator withdraws `issuer`'s qualification in its jurisdiction, with the reason on record. */
export async function disqualifyIssuer(
  connection: Connection,
  d: Deployment,
  regulator: Actor,
  p: { issuer: Address; reason: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: issuerRegistryAbi, functionName: "disqualifyIssuer", args: [p.issuer, p.reason] });
  return send(connection, regulator, { to: d.registries.issuers, data }, "disqualify the issuer");
}
