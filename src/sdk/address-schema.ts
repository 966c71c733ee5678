import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";

/**
 * An Ethereum address in any input (a file, a request body, a query): exactly 0x and 40 hex digits, either
 * all lowercase or with a correct EIP-55 checksum (a mixed-case address whose checksum is wrong is a typo);
 * the parsed value is checksummed.
 */
export const addressSchema = z
  .string()
  .refine((a) => isAddress(a), "not an address: 0x and 40 hex digits, all lowercase or with a correct EIP-55 checksum")
  .transform((a) => getAddress(a) as Address);
