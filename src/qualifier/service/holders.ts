import type { ServiceContext } from "./context.js";

/** Who holds a key, from its label: compared without case and spacing, so "Ada  Meier" and "ada meier" are one person. */
export const holderOf = (label: string): string => label.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** The holder of key `keyId`, or undefined for a key that no longer exists. */
export async function holderOfKey(ctx: ServiceContext, keyId: string): Promise<string | undefined> {
  const row = await ctx.d.db.selectFrom("api_keys").select("label").where("id", "=", keyId).executeTakeFirst();
  return row ? holderOf(row.label) : undefined;
}
