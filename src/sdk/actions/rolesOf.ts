import { getAddress, parseAbiItem, type Address, type Hex } from "viem";
import type { Connection } from "../clients.js";
import { roleName } from "../roles.js";
import { describeHolder, type Holder } from "./describeHolder.js";
import { tryRead } from "./probe.js";

export interface RoleEntry {
  role: string;
  roleHash: Hex;
  holders: Holder[];
}

export interface RolesOfParameters {
  address: Address;
}
export type RolesOfReturnType = RoleEntry[];

const granted = parseAbiItem("event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)");
const revoked = parseAbiItem("event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)");

/**
 * Every role of an AccessControl contract and who holds it now, replayed from RoleGranted/RoleRevoked and
 * confirmed by hasRole.
 * @example
 * const roles = await rolesOf(connection, { address: deployment.registries.contracts });
 */
export async function rolesOf(connection: Connection, parameters: RolesOfParameters): Promise<RolesOfReturnType> {
  const { address } = parameters;
  const [grants, revokes] = await Promise.all([
    connection.publicClient.getLogs({ address, event: granted, fromBlock: 0n, toBlock: "latest" }),
    connection.publicClient.getLogs({ address, event: revoked, fromBlock: 0n, toBlock: "latest" }),
  ]);
  const events = [...grants.map((l) => ({ l, on: true })), ...revokes.map((l) => ({ l, on: false }))].sort(
    (a, b) => Number(a.l.blockNumber! - b.l.blockNumber!) || a.l.logIndex! - b.l.logIndex!,
  );
  const held = new Map<Hex, Set<Address>>();
  for (const { l, on } of events) {
    const role = l.args.role!;
    const account = getAddress(l.args.account!);
    if (!held.has(role)) held.set(role, new Set());
    if (on) held.get(role)!.add(account);
    else held.get(role)!.delete(account);
  }
  const entries: RoleEntry[] = [];
  for (const [roleHash, accounts] of held) {
    const holders: Holder[] = [];
    for (const account of accounts) {
      if (await tryRead<boolean>(connection, address, "hasRole", [roleHash, account])) holders.push(await describeHolder(connection, { address: account }));
    }
    entries.push({ role: roleName(roleHash), roleHash, holders });
  }
  return entries.sort((a, b) => a.role.localeCompare(b.role));
}
