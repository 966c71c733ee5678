import { keccak256, toHex, zeroHash, type Hex } from "viem";

/** OpenZeppelin AccessControl's admin role: the zero hash. */
export const DEFAULT_ADMIN_ROLE: Hex = zeroHash;

/** Every named role a Qualified contract (or the governance timelock) defines. */
export const ROLE_NAMES = [
  "MINTER_ROLE",
  "FREEZER_ROLE",
  "ENFORCER_ROLE",
  "PAUSER_ROLE",
  "GUARDIAN_ROLE",
  "SANCTIONS_ROLE",
  "BLOCKER_ROLE",
  "LISTER_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** The bytes32 of a role, as Solidity's `keccak256("NAME")` computes it; DEFAULT_ADMIN_ROLE is zero. */
export function roleHash(name: RoleName | "DEFAULT_ADMIN_ROLE"): Hex {
  return name === "DEFAULT_ADMIN_ROLE" ? DEFAULT_ADMIN_ROLE : keccak256(toHex(name));
}

const NAMES_BY_HASH = new Map<Hex, string>([[DEFAULT_ADMIN_ROLE, "DEFAULT_ADMIN_ROLE"], ...ROLE_NAMES.map((n) => [roleHash(n), n] as [Hex, string])]);

/** The name of a role hash, or the hash itself when no Qualified contract defines it. */
export function roleName(hash: Hex): string {
  return NAMES_BY_HASH.get(hash.toLowerCase() as Hex) ?? hash;
}
