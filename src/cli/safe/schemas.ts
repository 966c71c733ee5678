import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { z } from "zod";

/** The field types of a stored Safe proposal, validated on every read. */
export const addressField = z
  .string()
  .refine((a) => isAddress(a), "not an address")
  .transform((a) => getAddress(a) as Address);
export const hexField = z
  .string()
  .refine((h) => isHex(h, { strict: true }), "not hex")
  .transform((h) => h as Hex);
export const hashField = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "not a 32-byte hash")
  .transform((h) => h as Hex);
export const signatureField = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, "not a 65-byte signature")
  .transform((h) => h as Hex);

/** One Safe transaction of a proposal, as owners signed it. */
export const safeStepSchema = z.object({
  /** The Safe nonce the owners signed for (decimal). */
  nonce: z.string().regex(/^\d{1,20}$/, "not a nonce"),
  /** Owner address -> EIP-712 signature of the Safe transaction. Signatures are public; no key is ever stored. */
  signatures: z.record(z.string(), signatureField).transform((r, ctx) => {
    const out: Record<Address, Hex> = {};
    for (const [owner, sig] of Object.entries(r)) {
      if (!isAddress(owner)) {
        ctx.addIssue({ code: "custom", message: `${owner} is not an address` });
        return z.NEVER;
      }
      out[getAddress(owner)] = sig;
    }
    return out;
  }),
  /** The Safe transaction's hash once executed. */
  transaction: hashField.optional(),
});
export type SafeStep = z.infer<typeof safeStepSchema>;
