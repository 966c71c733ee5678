import { parseAbi, type Address } from "viem";
import type { Connection } from "../clients.js";
import { isContractRefusal } from "../errors.js";

/** The view functions the access map asks any contract, whether or not it has them. */
const probe = parseAbi([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getOwners() view returns (address[])",
  "function getThreshold() view returns (uint256)",
  "function getMinDelay() view returns (uint256)",
  "function verifier() view returns (address)",
  "function issuer() view returns (address)",
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function children() view returns (address[])",
  "function credentials() view returns (address)",
  "function contracts() view returns (address)",
  "function acceptedClasses() view returns (uint256)",
  "function vettedCodeOnly() view returns (bool)",
  "function oracle() view returns (address)",
  "function redemptionAddress() view returns (address)",
  "function isAllowed(address) view returns (bool)",
  "function isListed(address) view returns (bool)",
  "function regulatorOf(uint16 jurisdiction) view returns (address)",
  "function qualifierCount() view returns (uint16)",
  "function isQualifierActive(uint16 id) view returns (bool)",
]);

/**
 * Reads a view function that the contract may not have; undefined when the contract does not answer it
 * (a revert, no data). A failure to reach the node is thrown, not taken for "no such function".
 */
export async function tryRead<T>(connection: Connection, address: Address, functionName: string, args: readonly unknown[] = []): Promise<T | undefined> {
  try {
    return (await connection.publicClient.readContract({ address, abi: probe, functionName, args } as never)) as T;
  } catch (error) {
    if (isContractRefusal(error)) return undefined;
    throw error;
  }
}
