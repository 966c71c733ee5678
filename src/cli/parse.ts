import { getAddress, isAddress, parseUnits, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { QualifiedError } from "../sdk/index.js";

/** A checksummed address, or a sentence saying what is wrong with `value`. */
export function parseAddress(value: string, what: string): Address {
  if (!isAddress(value, { strict: false })) throw new QualifiedError(`${what} "${value}" is not an address (0x followed by 40 hex digits)`);
  return getAddress(value);
}

/** Refuses anything that is not a decimal amount such as 100 or 12.5 (checked before any network call). */
export function assertAmountFormat(value: string): void {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new QualifiedError(`amount "${value}" is not a positive decimal number such as 100 or 12.5`);
}

/** Refuses a zero amount, or one too long to be any token's, with a sentence (checked before any network call). */
export function assertPositiveAmount(value: string): void {
  assertAmountFormat(value);
  if (/^0*(\.0*)?$/.test(value)) throw new QualifiedError(`amount "${value}" is zero: give an amount above zero, such as 100 or 12.5`);
  if (value.length > MAX_AMOUNT_LENGTH) throw new QualifiedError(`amount is too large (${value.length} characters): a token counts in uint256 base units`);
}

const MAX_UINT256 = (1n << 256n) - 1n;
/** More digits than any uint256 amount written in whole units has (78 digits plus a point). */
const MAX_AMOUNT_LENGTH = 79;

/** A decimal amount in whole units ("12.5") as base units for `decimals`; refused when it cannot fit a uint256. */
export function parseAmount(value: string, decimals: number): bigint {
  assertAmountFormat(value);
  const fraction = value.split(".")[1] ?? "";
  if (fraction.length > decimals) throw new QualifiedError(`amount "${value}" has more than ${decimals} decimals`);
  if (value.length > MAX_AMOUNT_LENGTH + decimals)
    throw new QualifiedError(`amount is too large (${value.length} characters): a token counts in uint256 base units`);
  const units = parseUnits(value, decimals);
  if (units > MAX_UINT256)
    throw new QualifiedError(`amount ${value.slice(0, 20)}... is too large: a token counts in uint256 base units (at most ${MAX_UINT256} of them)`);
  return units;
}

/** A whole number within bounds. */
export function parseInteger(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new QualifiedError(`${what} "${value}" must be a whole number from ${min} to ${max}`);
  return n;
}

/** A local account from a 32-byte hex private key. */
export function parsePrivateKey(value: string) {
  const key = value.startsWith("0x") ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new QualifiedError("the private key must be 32 bytes of hex (64 hex digits)");
  return privateKeyToAccount(key as `0x${string}`);
}
