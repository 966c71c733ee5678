import { randomUUID } from "node:crypto";
import { diffLists, type SanctionsList } from "../screening/ofac.js";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";
import { isRealDate, today } from "./fields.js";
import { sameParty } from "./holders.js";
import { rescreenApplications, sealClearHits, usePublication } from "./screening.js";

/** The default share of entries a publication may drop before a second admin must confirm it. */
export const DEFAULT_MAX_LIST_DROP = 0.05;

/**
 * The stored version to screen against: the latest by publication date, among those with a real, past date
 * (rows stored before dates were validated, such as 2030-01-01 or abcd-00-00, are never taken as current).
 */
export async function currentVersion(ctx: ServiceContext): Promise<{ id: string; published_at: string } | undefined> {
  const rows = await ctx.d.db.selectFrom("list_versions").select(["id", "published_at"]).orderBy("published_at", "desc").orderBy("loaded_at", "desc").execute();
  return rows.find((r) => isRealDate(r.published_at) && r.published_at <= today());
}

async function storedCurrent(ctx: ServiceContext): Promise<SanctionsList | undefined> {
  const version = await currentVersion(ctx);
  if (!version) return undefined;
  const row = await ctx.d.db.selectFrom("list_versions").select("content").where("id", "=", version.id).executeTakeFirstOrThrow();
  return JSON.parse(row.content) as SanctionsList;
}

/**
 * At start: seals screening hits an earlier version stored in clear, then indexes the stored current publication,
 * or says that none is loaded (approvals are refused until then).
 */
export async function startScreening(ctx: ServiceContext): Promise<void> {
  const sealed = await sealClearHits(ctx);
  if (sealed > 0) ctx.log.info(`sealed the screening hits of ${sealed} rows stored in clear by an earlier version`);
  const current = await storedCurrent(ctx);
  if (!current) {
    ctx.log.warn("no sanctions publication is loaded: approvals are refused until an admin loads one (POST /lists)");
    return;
  }
  await usePublication(ctx, current);
  ctx.log.info(`screening against ${current.source} of ${current.publishedAt} (${current.entries.length} parties)`);
}

/**
 * Before a decision: when the registry holds a publication newer than the one indexed here (stored by another
 * instance of the service sharing the registry), indexes it first, so the decision screens against the newest.
 */
export async function ensureCurrent(ctx: ServiceContext): Promise<void> {
  const latest = await currentVersion(ctx);
  const loaded = ctx.pool.loaded?.publishedAt;
  if (!latest || (loaded && latest.published_at <= loaded)) return;
  const current = await storedCurrent(ctx);
  if (current) await usePublication(ctx, current);
}

/** The refusals every publication goes through, whoever loads it. */
function validate(list: SanctionsList, previous: SanctionsList | undefined): void {
  if (!isRealDate(list.publishedAt)) throw new ServiceError(400, `publication date "${list.publishedAt}" is not a real date (YYYY-MM-DD)`);
  if (list.publishedAt > today()) throw new ServiceError(400, `publication date ${list.publishedAt} is in the future: check the date`);
  if (list.entries.length === 0) throw new ServiceError(400, "the publication has no entries: an empty list would switch screening off");
  // Both dates are validated YYYY-MM-DD, so comparing them as dates and as strings agree.
  if (previous && Date.parse(list.publishedAt) < Date.parse(previous.publishedAt))
    throw new ServiceError(409, `a newer publication (${previous.publishedAt}) is already loaded`);
}

/**
 * Loads a new publication of the sanctions list (admin). Refused when its date is not a real past date, when
 * it is older than the current one or empty. When it drops more than the policy's share of the current
 * entries, it waits for a second admin to confirm (`confirmList`). Otherwise it is kept with its date and the
 * diff from the previous one, indexed, and every undecided (pending, being approved, on hold) and approved
 * applicant is re-screened.
 */
export async function loadList(ctx: ServiceContext, p: Principal, list: SanctionsList) {
  ctx.require(p, "admin");
  const previous = await storedCurrent(ctx);
  validate(list, previous);
  const maxDrop = ctx.d.policy.maxListDrop ?? DEFAULT_MAX_LIST_DROP;
  if (previous) {
    const removed = diffLists(previous, list).removed.length;
    if (removed / previous.entries.length > maxDrop) {
      const id = randomUUID();
      await ctx.d.db
        .insertInto("pending_list_loads")
        .values({
          id,
          requested_by: p.keyId,
          source: list.source,
          published_at: list.publishedAt,
          content: JSON.stringify(list),
          status: "pending",
          created_at: new Date().toISOString(),
        })
        .execute();
      await ctx.audit(p, "list.held", `list:${id}`, `${list.source} of ${list.publishedAt} drops ${removed} of ${previous.entries.length} entries`, {
        removed,
      });
      return {
        status: "pending" as const,
        pending: id,
        message: `this publication drops ${removed} of ${previous.entries.length} entries (more than ${Math.round(maxDrop * 100)}%): another admin must confirm it (POST /lists/pending/${id}/confirm)`,
      };
    }
  }
  return apply(ctx, p, list, previous);
}

/** A second admin confirms a publication held for dropping many entries; it is then checked again and loaded. */
export async function confirmList(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "admin");
  const row = await ctx.d.db.selectFrom("pending_list_loads").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new ServiceError(404, `no publication waiting for confirmation with id ${id}`);
  if (row.status !== "pending") throw new ServiceError(409, `publication ${id} was ${row.status} already`);
  if (await sameParty(ctx, row.requested_by, p.keyId))
    throw new ServiceError(409, "the admin who loaded this publication cannot confirm it: it needs another admin");
  const list = JSON.parse(row.content) as SanctionsList;
  const previous = await storedCurrent(ctx);
  validate(list, previous);
  const claimed = await ctx.d.db
    .updateTable("pending_list_loads")
    .set({ status: "confirmed", content: "" })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) throw new ServiceError(409, `publication ${id} was confirmed already`);
  return apply(ctx, p, list, previous);
}

async function apply(ctx: ServiceContext, p: Principal, list: SanctionsList, previous: SanctionsList | undefined) {
  const diff = diffLists(previous, list);
  const version = randomUUID();
  // Indexed first: should storing fail, the service screens against the newer list rather than the older.
  await usePublication(ctx, list);
  await ctx.d.db
    .insertInto("list_versions")
    .values({
      id: version,
      source: list.source,
      published_at: list.publishedAt,
      loaded_at: new Date().toISOString(),
      entries: list.entries.length,
      diff: JSON.stringify({
        added: diff.added.map((e) => e.uid),
        removed: diff.removed.map((e) => e.uid),
        addressesAdded: diff.addressesAdded,
        addressesRemoved: diff.addressesRemoved,
      }),
      content: JSON.stringify(list),
    })
    .execute();
  await ctx.audit(p, "list.loaded", `list:${version}`, `${list.source} of ${list.publishedAt}`, { added: diff.added.length, removed: diff.removed.length });
  const { held, refused, revoked } = await rescreenApplications(ctx, list, version);
  return {
    status: "loaded" as const,
    version,
    publishedAt: list.publishedAt,
    diff: {
      added: diff.added.length,
      removed: diff.removed.length,
      addressesAdded: diff.addressesAdded.length,
      addressesRemoved: diff.addressesRemoved.length,
    },
    held,
    refused,
    revoked,
  };
}
