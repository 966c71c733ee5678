import { randomUUID } from "node:crypto";
import { diffLists, type SanctionsEntry, type SanctionsList } from "../screening/ofac.js";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";
import { rescreenApproved } from "./screening.js";

/** The latest loaded publication, else the configured list. */
export async function currentList(ctx: ServiceContext): Promise<SanctionsEntry[]> {
  const latest = await ctx.d.db.selectFrom("list_versions").select("content").orderBy("published_at", "desc").orderBy("loaded_at", "desc").limit(1).executeTakeFirst();
  return latest ? (JSON.parse(latest.content) as SanctionsList).entries : ctx.d.sanctions();
}

/**
 * Loads a new publication of the sanctions list (admin): keeps it with its date and the diff from the
 * previous one, then re-screens every approved applicant (see `rescreenApproved`).
 */
export async function loadList(ctx: ServiceContext, p: Principal, list: SanctionsList) {
  ctx.require(p, "admin");
  const { db } = ctx.d;
  const previousRow = await db.selectFrom("list_versions").select("content").orderBy("published_at", "desc").orderBy("loaded_at", "desc").limit(1).executeTakeFirst();
  const previous = previousRow ? (JSON.parse(previousRow.content) as SanctionsList) : undefined;
  if (previous && list.publishedAt < previous.publishedAt) throw new ServiceError(409, `a newer publication (${previous.publishedAt}) is already loaded`);
  const diff = diffLists(previous, list);
  const version = randomUUID();
  await db.insertInto("list_versions").values({
    id: version,
    source: list.source,
    published_at: list.publishedAt,
    loaded_at: new Date().toISOString(),
    entries: list.entries.length,
    diff: JSON.stringify({ added: diff.added.map((e) => e.uid), removed: diff.removed.map((e) => e.uid), addressesAdded: diff.addressesAdded, addressesRemoved: diff.addressesRemoved }),
    content: JSON.stringify(list),
  }).execute();
  await ctx.audit(p, "list.loaded", `list:${version}`, `${list.source} of ${list.publishedAt}`, { added: diff.added.length, removed: diff.removed.length });
  const revoked = await rescreenApproved(ctx, list, version);
  return { version, publishedAt: list.publishedAt, diff: { added: diff.added.length, removed: diff.removed.length, addressesAdded: diff.addressesAdded.length, addressesRemoved: diff.addressesRemoved.length }, revoked };
}
