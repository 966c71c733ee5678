import countries from "i18n-iso-countries";
import { z } from "zod";
import { nameWords } from "../screening/tokens.js";

/** Whether `value` is YYYY-MM-DD naming a day that exists (not 2026-02-30, not 1970-13-45). */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Today (UTC) as YYYY-MM-DD. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** An ISO 3166-1 alpha-2 code that is assigned (from the maintained i18n-iso-countries list). */
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as CH")
  .refine((c) => countries.isValid(c), "not an assigned ISO 3166-1 alpha-2 code (see the ISO 3166 country list)");

/** A real date of birth in the past, after 1900-01-01. */
export const dateOfBirth = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 1980-04-30")
  .refine(isRealDate, "not a real date: check the month and the day")
  .refine((d) => d >= "1900-01-01" && d < today(), "a date of birth must be in the past (and after 1900)");

/** A nonce as the wallet signed it: the canonical decimal of a uint256 (no leading zeros), so one number has one spelling. */
export const canonicalNonce = z
  .string()
  .regex(/^(0|[1-9]\d{0,77})$/, "a decimal nonce without leading zeros")
  // Checks run on after a failed regex, so this one must not assume the shape.
  .refine((n) => !/^\d+$/.test(n) || BigInt(n) < 2n ** 256n, "a nonce fits in 256 bits");

/** How far ahead a wallet proof may expire: a proof is a one-time statement, not a standing permission. */
export const MAX_PROOF_LIFETIME_SECONDS = 30 * 86_400;

/** Longest name of a party (the applicant, an owner) the service takes, in characters and in words. */
export const MAX_PARTY_NAME_CHARS = 200;
export const MAX_PARTY_NAME_WORDS = 20;

/**
 * A party's name, bounded so that screening compares every word of it: words are counted as screening counts
 * them (punctuation splits words; legal forms and joining words like "and" do not count).
 */
export const partyName = z
  .string()
  .trim()
  .min(1)
  .max(MAX_PARTY_NAME_CHARS, `a name may have at most ${MAX_PARTY_NAME_CHARS} characters: give the registered or legal name without additions`)
  .refine(
    (n) => n.length > MAX_PARTY_NAME_CHARS || nameWords(n).words.length <= MAX_PARTY_NAME_WORDS,
    `a name may have at most ${MAX_PARTY_NAME_WORDS} words: give the registered or legal name without additions`,
  );

/**
 * A beneficial owner: a person (the default; date of birth and nationality required) or a company holding a
 * share ("entity"; its country of registration as nationality, optional). Screened as the kind given.
 */
export const ownerBody = z
  .object({
    name: partyName,
    kind: z.enum(["individual", "entity"]).default("individual"),
    dateOfBirth: dateOfBirth.optional(),
    nationality: countryCode.optional(),
  })
  .strict()
  .refine((o) => o.kind === "entity" || (o.dateOfBirth !== undefined && o.nationality !== undefined), {
    message: "an individual owner needs dateOfBirth and nationality",
  })
  .refine((o) => o.kind === "individual" || o.dateOfBirth === undefined, {
    message: "a company owner has no dateOfBirth: leave it out",
    path: ["dateOfBirth"],
  });
