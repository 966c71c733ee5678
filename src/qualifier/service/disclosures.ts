import { randomUUID } from "node:crypto";
import { getAddress, isAddress } from "viem";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";
import { holderOf, keyOf } from "./holders.js";

/**
 * Disclosure: an authorized party (a regulator, or an admin for a case) asks who is behind a wallet. Nothing is
 * revealed until the policy's number of distinct approvers, none of them the party that asked, agree; then only
 * that party reads the answer, and every step is on the audit trail. The grounds and the case reference are
 * free text, sealed.
 */

/** Asks who is behind a wallet, for a case; nothing is revealed until approved. */
export async function requestDisclosure(ctx: ServiceContext, p: Principal, input: { wallet: string; caseRef: string; reason: string }) {
  ctx.require(p, "regulator", "admin");
  if (!isAddress(input.wallet, { strict: false })) throw new ServiceError(400, `wallet "${input.wallet}" is not an address`);
  const id = randomUUID();
  const wallet = getAddress(input.wallet);
  const reason = await ctx.sealText(`disclosure:${id}`, input.reason);
  const caseRef = await ctx.sealText(`disclosure:${id}`, input.caseRef);
  await ctx.d.db.insertInto("disclosure_requests").values({ id, wallet, requester: p.keyId, case_ref: caseRef, reason, status: "pending", created_at: new Date().toISOString() }).execute();
  await ctx.audit(p, "disclosure.requested", `disclosure:${id}`, `${input.caseRef}: ${input.reason}`, { wallet });
  return { id, status: "pending" };
}

/**
 * An approval by a reviewer or admin. The party that asked never approves its own request: not with another of
 * its keys, nor with a key it issued through the API, directly or through keys it issued. Each holder counts once: the request is answered at
 * the policy's number of distinct approvers other than the requester.
 */
export async function approveDisclosure(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "reviewer", "admin");
  const { db, policy } = ctx.d;
  const request = await db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
  if (request.status !== "pending") throw new ServiceError(409, `disclosure request ${id} is ${request.status}`);
  const requester = await keyOf(ctx, request.requester);
  if (request.requester === p.keyId || requester?.holder === holderOf(p.label)) {
    throw new ServiceError(403, "the party that asked for a disclosure cannot approve it: two other approvers must");
  }
  // Up the chain of keys that issued the approver's key: none may be the requester's (however many steps removed).
  let issuer = (await keyOf(ctx, p.keyId))?.createdBy ?? null;
  for (let depth = 0; issuer && depth < 100; depth++) {
    const above = await keyOf(ctx, issuer);
    if (issuer === request.requester || above?.holder === requester?.holder) {
      throw new ServiceError(403, "this key was issued by the party that asked for the disclosure: it cannot approve it");
    }
    issuer = above?.createdBy ?? null;
  }
  const approvals = await db.selectFrom("disclosure_approvals").innerJoin("api_keys", "api_keys.id", "disclosure_approvals.approver").select(["disclosure_approvals.approver", "api_keys.label"]).where("request_id", "=", id).execute();
  if (approvals.some((a) => a.approver === p.keyId || holderOf(a.label) === holderOf(p.label))) throw new ServiceError(409, "you approved this request already: it needs a different approver");
  await db.insertInto("disclosure_approvals").values({ request_id: id, approver: p.keyId, at: new Date().toISOString() }).execute();
  const count = approvals.length + 1;
  const status = count >= policy.disclosureApprovals ? "approved" : "pending";
  if (status === "approved") await db.updateTable("disclosure_requests").set({ status }).where("id", "=", id).where("status", "=", "pending").execute();
  await ctx.audit(p, "disclosure.approved", `disclosure:${id}`, `approval ${count} of ${policy.disclosureApprovals}`);
  return { id, status, approvals: count };
}

/**
 * The answer, for the party that asked and no one else, once approved: who was qualified behind the wallet,
 * whatever became of it since (a revoked applicant is answered in full; an erased one with what the law leaves,
 * the tombstone). Every reading is logged.
 */
export async function disclosure(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "regulator", "admin");
  const { db, vault, policy } = ctx.d;
  const request = await db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
  if (request.requester !== p.keyId) throw new ServiceError(403, "only the party that asked may read the answer");
  if (request.status !== "approved") throw new ServiceError(409, `disclosure request ${id} is ${request.status}: it needs ${policy.disclosureApprovals} approvals`);
  // Every application that named the wallet; the one that was issued a credential comes first, then the newest.
  const links = await db.selectFrom("application_wallets").innerJoin("applications", "applications.id", "application_wallets.application_id")
    .select(["applications.id", "applications.sealed", "applications.status", "applications.country", "application_wallets.credential_id"])
    .where("application_wallets.address", "=", request.wallet).orderBy("applications.created_at", "desc").execute();
  const link = links.find((l) => l.credential_id !== null) ?? links[0];
  if (!link) throw new ServiceError(404, `this qualifier has no applicant behind ${request.wallet}`);
  const caseRef = (await ctx.openText(request.case_ref)) ?? "";
  await ctx.audit(p, "disclosure.revealed", `disclosure:${id}`, caseRef, { application: link.id, wallet: request.wallet, status: link.status });
  const answer = { id, caseRef, wallet: request.wallet, application: link.id, status: link.status, country: link.country };
  if (link.status === "deleted" || link.sealed === "") {
    return { ...answer, erased: true, legalName: null, lei: null, owners: null };
  }
  const profile = JSON.parse(vault.open(link.sealed, `application:${link.id}`)) as { legalName: string; lei: string; owners: unknown[] };
  return { ...answer, erased: false, legalName: profile.legalName, lei: profile.lei, owners: profile.owners };
}
