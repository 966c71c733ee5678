import type { Address, Hex } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";

/** IContractRegistry.Status, by name. */
export const CONTRACT_STATUS = ["unregistered", "registered", "blocked", "in challenge window", "code changed", "code not vetted"] as const;
export type ContractStatus = (typeof CONTRACT_STATUS)[number];

/** ContractRegistry.RegistrantKind, by name: what the registrant was when it registered. */
export const REGISTRANT_KIND = ["none", "identifiable", "governance"] as const;
export type RegistrantKind = (typeof REGISTRANT_KIND)[number];

export interface ContractRegistrationParameters {
  deployment: Deployment;
  target: Address;
}

/** A registration as the registry keeps it, with what it means now. */
export interface ContractRegistrationReturnType {
  registrant: Address;
  registeredAt: number;
  windowEndsAt: number;
  /** What the registrant was when it registered: not identifiable, identifiable, or governance. */
  registrantKind: RegistrantKind;
  /** The registrant was identifiable (or governance) when it registered. */
  accountable: boolean;
  codeHash: Hex;
  vetted: boolean;
  status: ContractStatus;
}
/** Earlier name of `ContractRegistrationReturnType`. */
export type ContractRegistration = ContractRegistrationReturnType;

/**
 * What the registry knows of a contract: who registered it, when its window ends, and its status now.
 * @example
 * const { status, windowEndsAt } = await contractRegistration(connection, { deployment, target: pool });
 */
export async function contractRegistration(connection: Connection, parameters: ContractRegistrationParameters): Promise<ContractRegistrationReturnType> {
  const { deployment, target } = parameters;
  const at = { address: deployment.registries.contracts, abi: contractRegistryAbi } as const;
  const { publicClient } = connection;
  const [r, codeHash, status] = await Promise.all([
    publicClient.readContract({ ...at, functionName: "registration", args: [target] }),
    publicClient.readContract({ ...at, functionName: "registeredCodeHash", args: [target] }),
    publicClient.readContract({ ...at, functionName: "statusOf", args: [target] }),
  ]);
  const vetted = await publicClient.readContract({ ...at, functionName: "isVettedCode", args: [codeHash] });
  return {
    registrant: r.registrant,
    registeredAt: Number(r.registeredAt),
    windowEndsAt: Number(r.windowEndsAt),
    registrantKind: REGISTRANT_KIND[r.kind] ?? "none",
    accountable: r.kind !== 0,
    codeHash,
    vetted,
    status: CONTRACT_STATUS[status] ?? "unregistered",
  };
}
