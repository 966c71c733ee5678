import { randomUUID } from "node:crypto";
import { getAddress, isAddress } from "viem";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";
import { sameParty, samePartyAs } from "./holders.js";

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
  await ctx.d.db
    .insertInto("disclosure_requests")
    .values({ id, wallet, requester: p.keyId, case_ref: caseRef, reason, status: "pending", created_at: new Date().toISOString() })
    .execute();
  await ctx.audit(p, "disclosure.requested", `disclosure:${id}`, `${input.caseRef}: ${input.reason}`, { wallet });
  return { id, status: "pending" };
}

/**
 * An approval by a reviewer or admin. The party that asked never approves its own request, and each party counts
 * once: an approver must be a different party (`sameParty`: not another key of the same holder, nor a key issued
 * by, or sharing an issuer with, the other through the API) from the requester and from every earlier approver.
 * The request is answered at the policy's number of such approvers.
 */
export async function approveDisclosure(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "reviewer", "admin");
  const { db, policy } = ctx.d;
  const request = await db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
  if (request.status !== "pending") throw new ServiceError(409, `disclosure request ${id} is ${request.status}`);
  if (await sameParty(ctx, request.requester, p.keyId)) {
    throw new ServiceError(
      403,
      "this key is the requester's own, or was issued by the party that asked for the disclosure or by the same issuer: it cannot approve it; two other approvers must",
    );
  }
  const approvals = await db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).execute();
  if (
    await samePartyAs(
      ctx,
      p.keyId,
      approvals.map((a) => a.approver),
    )
  ) {
    throw new ServiceError(409, "you (or a key issued by, or with, an earlier approver) approved this request already: it needs a different approver");
  }
  await db.insertInto("disclosure_approvals").values({ request_id: id, approver: p.keyId, at: new Date().toISOString() }).execute();
  // Checked again once recorded: of two approvals by one party sent at the same moment, neither stands.
  const recorded = (await db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).execute()).map((a) => a.approver);
  if (
    await samePartyAs(
      ctx,
      p.keyId,
      recorded.filter((a) => a !== p.keyId),
    )
  ) {
    await db.deleteFrom("disclosure_approvals").where("request_id", "=", id).where("approver", "=", p.keyId).execute();
    throw new ServiceError(409, "another key of the same party approved this request at the same moment: it needs a different approver");
  }
  const count = recorded.length;
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
  if (request.status !== "approved")
    throw new ServiceError(409, `disclosure request ${id} is ${request.status}: it needs ${policy.disclosureApprovals} approvals`);
  // Every application that named the wallet; the one that was issued a credential comes first, then the newest.
  const links = await db
    .selectFrom("application_wallets")
    .innerJoin("applications", "applications.id", "application_wallets.application_id")
    .select(["applications.id", "applications.sealed", "applications.status", "applications.country", "application_wallets.credential_id"])
    .where("application_wallets.address", "=", request.wallet)
    .orderBy("applications.created_at", "desc")
    .execute();
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
