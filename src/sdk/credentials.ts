import { getAddress, type Address } from "viem";
import { QualifiedError } from "./errors.js";

/** Credential class ids are a uint8 on chain; a class mask has one bit per class id. */
const MAX_CLASS_ID = 255;
const MAX_QUALIFIER_ID = 0xffff;

function checkClassId(classId: number): void {
  if (!Number.isInteger(classId) || classId < 0 || classId > MAX_CLASS_ID) {
    throw new QualifiedError(`credential class ${classId} is not a class id: use a whole number from 0 to ${MAX_CLASS_ID}`);
  }
}

/** The class mask with the bit of each class id in `classes` set (as the registries and verifiers store it). */
export function classMask(classes: readonly number[]): bigint {
  let mask = 0n;
  for (const c of classes) {
    checkClassId(c);
    mask |= 1n << BigInt(c);
  }
  return mask;
}

/** The class ids whose bit is set in `mask`, in ascending order. */
export function classesOf(mask: bigint): number[] {
  const classes: number[] = [];
  for (let c = 0; c <= MAX_CLASS_ID; c++) if ((mask >> BigInt(c)) & 1n) classes.push(c);
  return classes;
}

/** Whether `mask` includes class `classId`. */
export function hasClass(mask: bigint, classId: number): boolean {
  checkClassId(classId);
  return ((mask >> BigInt(classId)) & 1n) === 1n;
}

/** What a credential id encodes: the holder, the qualifier that issued it and its class. */
export interface CredentialIdParts {
  holder: Address;
  qualifierId: number;
  classId: number;
}

/**
 * The id of the credential `qualifierId` issues to `holder` for `classId`, computed as the credential
 * registry does: the holder's 160 bits, then 16 bits of qualifier id above 8 bits of class id (with 72 bits
 * unused between them and the holder).
 */
export function credentialId(parts: CredentialIdParts): bigint {
  checkClassId(parts.classId);
  if (!Number.isInteger(parts.qualifierId) || parts.qualifierId < 0 || parts.qualifierId > MAX_QUALIFIER_ID) {
    throw new QualifiedError(`qualifier ${parts.qualifierId} is not a qualifier id: use a whole number from 0 to ${MAX_QUALIFIER_ID}`);
  }
  return (BigInt(getAddress(parts.holder)) << 96n) | (BigInt(parts.qualifierId) << 8n) | BigInt(parts.classId);
}

/** The holder, qualifier and class a credential id encodes (the inverse of `credentialId`). */
export function credentialIdParts(id: bigint): CredentialIdParts {
  if (id < 0n || id >> 256n !== 0n) throw new QualifiedError(`${id} is not a credential id: it must fit in 256 bits`);
  return {
    holder: getAddress(`0x${(id >> 96n).toString(16).padStart(40, "0")}`),
    qualifierId: Number((id >> 8n) & 0xffffn),
    classId: Number(id & 0xffn),
  };
}
