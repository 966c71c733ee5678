import type { Address } from "viem";
import type { Connection } from "../clients.js";
import { tryRead } from "./probe.js";

/** Who stands behind an address: a plain key, a Safe (owners and threshold), a timelock (delay) or other code. */
export type Holder = (
  | { address: Address; kind: "key" }
  | { address: Address; kind: "safe"; owners: Address[]; threshold: number }
  | { address: Address; kind: "timelock"; delaySeconds: bigint }
  | { address: Address; kind: "contract" }
) & { label?: string };

export interface DescribeHolderParameters {
  address: Address;
}
export type DescribeHolderReturnType = Holder;

/**
 * Classifies an address: a key, a Safe with its owners and threshold, a timelock with its delay, or other code.
 * @example
 * const holder = await describeHolder(connection, { address: deployment.governance.safe }); // { kind: "safe", owners, threshold }
 */
export async function describeHolder(connection: Connection, parameters: DescribeHolderParameters): Promise<DescribeHolderReturnType> {
  const { address } = parameters;
  const code = await connection.publicClient.getCode({ address });
  if (!code || code === "0x") return { address, kind: "key" };
  const owners = await tryRead<Address[]>(connection, address, "getOwners");
  const threshold = await tryRead<bigint>(connection, address, "getThreshold");
  if (owners && threshold !== undefined) return { address, kind: "safe", owners: [...owners], threshold: Number(threshold) };
  const delay = await tryRead<bigint>(connection, address, "getMinDelay");
  if (delay !== undefined) return { address, kind: "timelock", delaySeconds: delay };
  return { address, kind: "contract" };
}
