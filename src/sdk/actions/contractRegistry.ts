import { encodeFunctionData, keccak256, type Address, type Hash, type Hex } from "viem";
import { contractRegistryAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";
import { QualifiedError } from "../errors.js";

/** IContractRegistry.Status, by name. */
export const CONTRACT_STATUS = ["unregistered", "registered", "blocked", "in challenge window", "code changed", "code not vetted"] as const;
export type ContractStatus = (typeof CONTRACT_STATUS)[number];

/** ContractRegistry.RegistrantKind, by name: what the registrant was when it registered. */
export const REGISTRANT_KIND = ["none", "identifiable", "governance"] as const;
export type RegistrantKind = (typeof REGISTRANT_KIND)[number];

/** A registration as the registry keeps it, with what it means now. */
export interface ContractRegistration {
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

/**
 * Registers a deployed contract (a pool, a vault). Vetted code is eligible at once, whoever registers it;
 * other code needs an identifiable registrant (a live credential, governance or a qualified issuer) and
 * becomes eligible when its challenge window ends, unless a guardian blocks it first.
 */
export async function registerContract(connection: Connection, d: Deployment, actor: Actor, p: { target: Address }): Promise<Hash> {
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "register", args: [p.target] });
  return send(connection, actor, { to: d.registries.contracts, data }, "register the contract");
}

/** A guardian blocks an address, with a reason: it can no longer receive or send, whatever it holds. */
export async function blockContract(
  connection: Connection,
  d: Deployment,
  guardian: Actor,
  p: { target: Address; reason: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "blockContract", args: [p.target, p.reason] });
  return send(connection, guardian, { to: d.registries.contracts, data }, "block the contract");
}

/** A guardian lifts a block, with a reason. */
export async function unblockContract(
  connection: Connection,
  d: Deployment,
  guardian: Actor,
  p: { target: Address; reason: string },
): Promise<Hash> {
  const data = encodeFunctionData({ abi: contractRegistryAbi, functionName: "unblockContract", args: [p.target, p.reason] });
  return send(connection, guardian, { to: d.registries.contracts, data }, "unblock the contract");
}

/** The hash of the code deployed at `target` (what governance vets and the registry compares). */
export async function codeHashOf(connection: Connection, target: Address): Promise<Hex> {
  const code = await connection.publicClient.getCode({ address: target });
  if (!code || code === "0x") throw new QualifiedError(`${target} has no code`);
  return keccak256(code);
}

/** What the registry knows of `target`: who registered it, when its window ends, and its status now. */
export async function contractRegistration(connection: Connection, d: Deployment, target: Address): Promise<ContractRegistration> {
  const at = { address: d.registries.contracts, abi: contractRegistryAbi } as const;
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
