import type { ServiceContext } from "./context.js";

/** Who holds a key, from its label: compared without case and spacing, so "Ada  Meier" and "ada meier" are one person. */
export const holderOf = (label: string): string => label.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** How many keys up the chain of issuing keys are followed; a longer chain is taken as one party (fail closed). */
export const MAX_KEY_CHAIN = 32;

/** An API key's holder and the key that issued it (null when the operator did). */
export async function keyOf(ctx: ServiceContext, keyId: string) {
  const row = await ctx.d.db.selectFrom("api_keys").select(["id", "label", "created_by"]).where("id", "=", keyId).executeTakeFirst();
  return row ? { id: row.id, holder: holderOf(row.label), createdBy: row.created_by } : undefined;
}

/**
 * A key and every key above it in the chain of issuing keys, up to the operator (who is not a key): their ids
 * and holders. Undefined when the chain cannot be followed to its end (an unknown key, a loop, or more than
 * `MAX_KEY_CHAIN` keys), which the rules below treat as the same party.
 */
async function chainOf(ctx: ServiceContext, keyId: string): Promise<{ ids: Set<string>; holders: Set<string> } | undefined> {
  const ids = new Set<string>();
  const holders = new Set<string>();
  let next: string | null = keyId;
  while (next) {
    if (ids.has(next) || ids.size >= MAX_KEY_CHAIN) return undefined;
    const key = await keyOf(ctx, next);
    if (!key) return undefined;
    ids.add(key.id);
    holders.add(key.holder);
    next = key.createdBy;
  }
  return { ids, holders };
}

const meet = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/**
 * Whether two keys speak for the same party, for rules that need two people. They do when their chains of
 * issuing keys share any key (one issued the other, directly or through keys it issued, or both descend from
 * one key issued through the API), or when any holder along one chain is a holder along the other. Only the
 * operator, who creates keys outside the API, is not an ancestor that joins two keys: people who must be able
 * to act as each other's second person get their keys from the operator.
 */
export async function sameParty(ctx: ServiceContext, a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ca, cb] = [await chainOf(ctx, a), await chainOf(ctx, b)];
  if (!ca || !cb) return true;
  return meet(ca.ids, cb.ids) || meet(ca.holders, cb.holders);
}

/** The first of `others` that is the same party as `key` (see `sameParty`), or undefined when none is. */
export async function samePartyAs(ctx: ServiceContext, key: string, others: string[]): Promise<string | undefined> {
  for (const other of others) if (await sameParty(ctx, key, other)) return other;
  return undefined;
}
