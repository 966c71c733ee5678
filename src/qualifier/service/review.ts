import type { Address } from "viem";
import { credentialRegistryAbi, issueCredentials, renewCredential, revokeCredential } from "../../sdk/index.js";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";

async function pending(ctx: ServiceContext, id: string) {
  const row = await ctx.application(id);
  if (row.status !== "pending") throw new ServiceError(409, `application ${id} is ${row.status}, not pending`);
  return row;
}

async function approved(ctx: ServiceContext, id: string) {
  const row = await ctx.application(id);
  if (row.status !== "approved") throw new ServiceError(409, `application ${id} is ${row.status}, not approved`);
  return row;
}

/** A reviewer approves: credentials are issued on chain to every wallet, in one transaction. */
export async function approve(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  const { connection, deployment, issuer, db, policy, proofContext } = ctx.d;
  const row = await pending(ctx, id);
  const wallets = await ctx.wallets(id);
  const expiresAt = (await ctx.chainNow()) + policy.credentialDays * 86_400;
  const hash = await issueCredentials(connection, deployment, issuer, wallets.map((w) => ({ holder: w.address as Address, classId: row.class_id, jurisdiction: row.country, expiresAt })));
  const qualifierId = await connection.publicClient.readContract({ address: deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "qualifierIdOf", args: [proofContext.qualifier] });
  for (const w of wallets) {
    const credentialId = await connection.publicClient.readContract({ address: deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "credentialId", args: [w.address as Address, qualifierId, row.class_id] });
    await db.updateTable("application_wallets").set({ credential_id: credentialId.toString() }).where("application_id", "=", id).where("address", "=", w.address).execute();
  }
  await db.updateTable("applications").set({ status: "approved", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
  await ctx.audit(p, "application.approved", `application:${id}`, reason, { transaction: hash, wallets: wallets.length });
  return { id, status: "approved", transaction: hash };
}

/** A reviewer rejects, with the reason on record. */
export async function reject(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await pending(ctx, id);
  await ctx.d.db.updateTable("applications").set({ status: "rejected", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
  await ctx.audit(p, "application.rejected", `application:${id}`, reason);
  return { id, status: "rejected" };
}

/** Renews an approved applicant's credentials on chain for another credential period (reviewer or admin). */
export async function renew(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await approved(ctx, id);
  const expiresAt = (await ctx.chainNow()) + ctx.d.policy.credentialDays * 86_400;
  for (const w of await ctx.wallets(id)) {
    if (w.credential_id) await renewCredential(ctx.d.connection, ctx.d.deployment, ctx.d.issuer, { tokenId: BigInt(w.credential_id), expiresAt });
  }
  await ctx.audit(p, "application.renewed", `application:${id}`, reason, { expiresAt });
  return { id, status: "approved", expiresAt };
}

/** Revokes an approved applicant's credentials on chain (reviewer or admin), with the reason on record. */
export async function revoke(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await approved(ctx, id);
  for (const w of await ctx.wallets(id)) {
    if (w.credential_id) await revokeCredential(ctx.d.connection, ctx.d.deployment, ctx.d.issuer, { tokenId: BigInt(w.credential_id), reason });
  }
  await ctx.d.db.updateTable("applications").set({ status: "revoked", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
  await ctx.audit(p, "application.revoked", `application:${id}`, reason);
  return { id, status: "revoked" };
}
