import { randomUUID } from "node:crypto";
import { getAddress, isAddress } from "viem";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";

/** An authorized party asks who is behind a wallet, for a case; nothing is revealed until approved. */
export async function requestDisclosure(ctx: ServiceContext, p: Principal, input: { wallet: string; caseRef: string; reason: string }) {
  ctx.require(p, "regulator", "admin");
  if (!isAddress(input.wallet, { strict: false })) throw new ServiceError(400, `wallet "${input.wallet}" is not an address`);
  const id = randomUUID();
  await ctx.d.db.insertInto("disclosure_requests").values({ id, wallet: getAddress(input.wallet), requester: p.keyId, case_ref: input.caseRef, reason: input.reason, status: "pending", created_at: new Date().toISOString() }).execute();
  await ctx.audit(p, "disclosure.requested", `disclosure:${id}`, `${input.caseRef}: ${input.reason}`, { wallet: getAddress(input.wallet) });
  return { id, status: "pending" };
}

/** An approval by a reviewer or admin; the policy's number of distinct approvers answers the request. */
export async function approveDisclosure(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "reviewer", "admin");
  const { db, policy } = ctx.d;
  const request = await db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
  if (request.status !== "pending") throw new ServiceError(409, `disclosure request ${id} is ${request.status}`);
  const already = await db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).where("approver", "=", p.keyId).executeTakeFirst();
  if (already) throw new ServiceError(409, "you approved this request already: it needs a different approver");
  await db.insertInto("disclosure_approvals").values({ request_id: id, approver: p.keyId, at: new Date().toISOString() }).execute();
  const count = (await db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).execute()).length;
  const status = count >= policy.disclosureApprovals ? "approved" : "pending";
  if (status === "approved") await db.updateTable("disclosure_requests").set({ status }).where("id", "=", id).execute();
  await ctx.audit(p, "disclosure.approved", `disclosure:${id}`, `approval ${count} of ${policy.disclosureApprovals}`);
  return { id, status, approvals: count };
}

/** The answer, for the party that asked, once approved: who holds the wallet (and every access is logged). */
export async function disclosure(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "regulator", "admin");
  const { db, vault, policy } = ctx.d;
  const request = await db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
  if (request.requester !== p.keyId && p.role !== "admin") throw new ServiceError(403, "only the party that asked may read the answer");
  if (request.status !== "approved") throw new ServiceError(409, `disclosure request ${id} is ${request.status}: it needs ${policy.disclosureApprovals} approvals`);
  const link = await db.selectFrom("application_wallets").innerJoin("applications", "applications.id", "application_wallets.application_id")
    .select(["applications.id", "applications.sealed", "applications.status"]).where("application_wallets.address", "=", request.wallet).where("applications.status", "=", "approved").executeTakeFirst();
  if (!link) throw new ServiceError(404, `this qualifier has no approved applicant behind ${request.wallet}`);
  const profile = JSON.parse(vault.open(link.sealed, `application:${link.id}`));
  await ctx.audit(p, "disclosure.revealed", `disclosure:${id}`, request.case_ref, { application: link.id, wallet: request.wallet });
  return { id, caseRef: request.case_ref, wallet: request.wallet, application: link.id, legalName: profile.legalName, lei: profile.lei, owners: profile.owners };
}
