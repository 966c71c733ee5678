import type { ServiceContext } from "./context.js";

/** Who holds a key, from its label: compared without case and spacing, so "Ada  Meier" and "ada meier" are one person. */
export const holderOf = (label: string): string => label.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** An API key's holder and the key that issued it (null when the operator did). */
export async function keyOf(ctx: ServiceContext, keyId: string) {
  const row = await ctx.d.db.selectFrom("api_keys").select(["id", "label", "created_by"]).where("id", "=", keyId).executeTakeFirst();
  return row ? { id: row.id, holder: holderOf(row.label), createdBy: row.created_by } : undefined;
}

/**
 * Whether two keys speak for the same party, for rules that need two people: the same key, two keys of one
 * holder, or a key that one of them (or another key of the same holder) issued for the other through the API.
 */
export async function sameParty(ctx: ServiceContext, a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ka, kb] = [await keyOf(ctx, a), await keyOf(ctx, b)];
  if (!ka || !kb) return false;
  if (ka.holder === kb.holder) return true;
  const issuedBy = async (k: typeof ka, other: typeof kb) => !!k.createdBy && (k.createdBy === other.id || (await keyOf(ctx, k.createdBy))?.holder === other.holder);
  return (await issuedBy(ka, kb)) || (await issuedBy(kb, ka));
}
