/**
 * ISO 17442 Legal Entity Identifier: 18 alphanumeric characters and 2 check digits, valid when the whole
 * code, letters read as 10-35, is 1 modulo 97 (ISO 7064 MOD 97-10).
 */
export function isValidLei(value: string): boolean {
  if (!/^[0-9A-Z]{18}[0-9]{2}$/.test(value)) return false;
  let remainder = 0;
  for (const ch of value) {
    const digits = String(Number.parseInt(ch, 36));
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** Why `value` is not a valid LEI, or undefined when it is. */
export function leiProblem(value: string): string | undefined {
  if (value.length !== 20) return `an LEI has 20 characters, this one has ${value.length}`;
  if (!/^[0-9A-Z]{18}[0-9]{2}$/.test(value)) return "an LEI is 18 capital letters or digits followed by 2 digits";
  if (!isValidLei(value)) return "the check digits do not match (ISO 17442): check for a typo";
  return undefined;
}
