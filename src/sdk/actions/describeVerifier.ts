import type { Address } from "viem";
import type { Connection } from "../clients.js";
import { classesOf } from "../credentials.js";
import { tryRead } from "./probe.js";

/** One rule in a token's verifier chain, with the contracts it reads and what in it can never change. */
export interface VerifierNode {
  address: Address;
  kind: "all-of" | "credential" | "blocklist" | "allowlist" | "no-transfer" | "unknown";
  reads: Record<string, Address>;
  immutable: Record<string, string>;
  children?: VerifierNode[];
}

export interface DescribeVerifierParameters {
  address: Address;
  /** How deep in a composite this verifier sits; composites deeper than four are not opened. */
  depth?: number;
}
export type DescribeVerifierReturnType = VerifierNode;

/**
 * A verifier and, for a composite, its children: what kind of rule it is, what it reads and what is fixed.
 * @example
 * const chain = await describeVerifier(connection, { address: verifier });
 */
export async function describeVerifier(connection: Connection, parameters: DescribeVerifierParameters): Promise<DescribeVerifierReturnType> {
  const { address, depth = 0 } = parameters;
  const children = await tryRead<Address[]>(connection, address, "children");
  if (children && depth < 4) {
    return {
      address,
      kind: "all-of",
      reads: {},
      immutable: { children: `${children.length} rules, fixed at deployment` },
      children: await Promise.all(children.map((c) => describeVerifier(connection, { address: c, depth: depth + 1 }))),
    };
  }
  const mask = await tryRead<bigint>(connection, address, "acceptedClasses");
  if (mask !== undefined) {
    const credentials = (await tryRead<Address>(connection, address, "credentials"))!;
    const contracts = (await tryRead<Address>(connection, address, "contracts"))!;
    const vetted = await tryRead<boolean>(connection, address, "vettedCodeOnly");
    const classes = classesOf(mask);
    return {
      address,
      kind: "credential",
      reads: { credentialRegistry: credentials, ...(BigInt(contracts) === 0n ? {} : { contractRegistry: contracts }) },
      immutable: {
        acceptedClasses: classes.join(","),
        contracts: BigInt(contracts) === 0n ? "none may hold the token" : vetted ? "vetted code only" : "any eligible registration",
        credentialRegistry: credentials,
      },
    };
  }
  const oracle = await tryRead<Address>(connection, address, "oracle");
  if (oracle !== undefined) return { address, kind: "blocklist", reads: BigInt(oracle) === 0n ? {} : { sanctionsOracle: oracle }, immutable: { oracle } };
  const redemption = await tryRead<Address>(connection, address, "redemptionAddress");
  if (redemption !== undefined) return { address, kind: "no-transfer", reads: {}, immutable: { redemptionAddress: redemption } };
  if ((await tryRead<boolean>(connection, address, "isAllowed", [address])) !== undefined) return { address, kind: "allowlist", reads: {}, immutable: {} };
  return { address, kind: "unknown", reads: {}, immutable: {} };
}
