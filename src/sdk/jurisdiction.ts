import { QualifiedError } from "./errors.js";

/**
 * The on-chain form of an ISO 3166 code: alpha-2 ("CH") as two ASCII bytes (0x4348), numeric ("756") as is.
 */
export function jurisdictionCode(code: string | number): number {
  if (typeof code === "number" || /^\d{1,3}$/.test(code)) {
    const n = Number(code);
    if (n >= 1 && n <= 999) return n;
  } else if (/^[A-Z]{2}$/.test(code)) {
    return (code.charCodeAt(0) << 8) | code.charCodeAt(1);
  }
  throw new QualifiedError(`"${code}" is not an ISO 3166 code: use two capital letters (CH) or a number 1-999 (756)`);
}

/** The readable form of an on-chain jurisdiction code. */
export function jurisdictionText(code: number): string {
  return code < 1000 ? String(code) : String.fromCharCode(code >> 8, code & 0xff);
}
