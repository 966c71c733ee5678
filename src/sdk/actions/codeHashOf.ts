import { keccak256, type Address, type Hex } from "viem";
import type { Connection } from "../clients.js";
import { QualifiedError } from "../errors.js";

export interface CodeHashOfParameters {
  address: Address;
}
export type CodeHashOfReturnType = Hex;

/**
 * The hash of the code deployed at an address (what governance vets and the registry compares).
 * @example
 * const hash = await codeHashOf(connection, { address: pool });
 */
export async function codeHashOf(connection: Connection, parameters: CodeHashOfParameters): Promise<CodeHashOfReturnType> {
  const code = await connection.publicClient.getCode({ address: parameters.address });
  if (!code || code === "0x") throw new QualifiedError(`${parameters.address} has no code`);
  return keccak256(code);
}
