import { keccak256, toHex, type Hex } from "viem";

/** A case reference: a bytes32 given as is, or the keccak-256 of a readable case name. */
export function caseReference(ref: string): Hex {
  return /^0x[0-9a-fA-F]{64}$/.test(ref) ? (ref as Hex) : keccak256(toHex(ref));
}
