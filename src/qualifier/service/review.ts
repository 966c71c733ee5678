import { randomUUID } from "node:crypto";
import type { Address } from "viem";
import { actorAddress, credentialRegistryAbi, issueCredentials, renewCredential, revokeCredential, setSanctioned } from "../../sdk/index.js";
import { ServiceError, type Principal, type ServiceContext } from "./context.js";
import { samePartyAs } from "./holders.js";
import { onChain, requireIssuable } from "./issuance.js";
import { currentVersion, ensureCurrent } from "./lists.js";
import { UNDECIDED, hold, openHits, refuse, requirePublication, revokeForHits, screenStored, walletReason } from "./screening.js";

async function inStatus(ctx: ServiceContext, id: string, status: string) {
  const row = await ctx.application(id);
  if (row.status !== status) throw new ServiceError(409, `application ${id} is ${row.status}, not ${status.replace("_", " ")}`);
  return row;
}

/**
 * A reviewer approves. The application is claimed first (pending -> approving, in one conditional statement), so
 * two approvals never both proceed and a publication loaded meanwhile re-screens it too. Then every party is
 * screened again against the publication loaded at this moment and the on-chain oracle: a listed wallet refuses
 * the application, a name match puts it on hold; either way nothing is issued. Then credentials are issued on
 * chain to every wallet, in one transaction, and the approval finishes only if the application is still being
 * approved: held or refused meanwhile, the credentials just issued are revoked. Any failure before that returns
 * the application to pending.
 */
export async function approve(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await ensureCurrent(ctx);
  requirePublication(ctx, "any approval");
  const { connection, deployment, issuer, db, policy } = ctx.d;
  const claimed = await db.updateTable("applications").set({ status: "approving" }).where("id", "=", id).where("status", "=", "pending").executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) {
    const row = await ctx.application(id);
    throw new ServiceError(
      409,
      row.status === "approving"
        ? `application ${id} is being approved by another reviewer at this moment`
        : `application ${id} is ${row.status.replace("_", " ")}, not pending`,
    );
  }
  let issued: { wallets: { address: string; credential_id: string | null }[]; hash: string } | undefined;
  try {
    const row = await ctx.application(id);
    const hits = await screenStored(ctx, row);
    if (hits.wallets.length > 0) {
      await refuse(ctx, id, hits.wallets, "re-screening at approval: a wallet is listed");
      throw new ServiceError(409, `application ${id} was not approved and is now rejected: ${hits.wallets.map(walletReason).join("; ")}`);
    }
    if (hits.names.length > 0) {
      await hold(ctx, id, hits.names, ["approving"]);
      throw new ServiceError(
        409,
        `application ${id} was not approved and is now on hold: ${hits.names.map((h) => `the ${h.party} matches list entry ${h.listUid} (score ${h.score})`).join("; ")}; a reviewer must confirm or clear it`,
      );
    }
    const qualifierId = await requireIssuable(ctx, row.class_id);
    const wallets = await ctx.wallets(id);
    const expiresAt = (await ctx.chainNow()) + policy.credentialDays * 86_400;
    const hash = await onChain("the issuance", () =>
      issueCredentials(connection, {
        deployment,
        actor: issuer,
        requests: wallets.map((w) => ({ holder: w.address as Address, classId: row.class_id, jurisdiction: row.country, expiresAt })),
      }),
    );
    issued = { wallets: [], hash };
    for (const w of wallets) {
      const credentialId = await connection.publicClient.readContract({
        address: deployment.registries.credentials,
        abi: credentialRegistryAbi,
        functionName: "credentialId",
        args: [w.address as Address, qualifierId, row.class_id],
      });
      await db
        .updateTable("application_wallets")
        .set({ credential_id: credentialId.toString() })
        .where("application_id", "=", id)
        .where("address", "=", w.address)
        .execute();
      issued.wallets.push({ address: w.address, credential_id: credentialId.toString() });
    }
  } catch (e) {
    if (issued) {
      await withdrawIssued(ctx, id, issued.wallets, "the approval failed after issuing").catch((err) =>
        ctx.log.error({ err, application: id }, "revoking the credentials of a failed approval failed: revoke them by hand"),
      );
    }
    await db.updateTable("applications").set({ status: "pending" }).where("id", "=", id).where("status", "=", "approving").execute();
    throw e;
  }
  const finished = await db
    .updateTable("applications")
    .set({ status: "approved", decision_reason: await ctx.sealText(`application:${id}`, reason), decided_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "=", "approving")
    .executeTakeFirst();
  if (Number(finished.numUpdatedRows) === 0) {
    // A publication loaded (or a reviewer's rejection) during the issuance stopped the approval: what was issued does not stand.
    const revocations = await withdrawIssued(ctx, id, issued.wallets, "the application was held or rejected during issuance");
    const now = (await ctx.application(id)).status;
    throw new ServiceError(
      409,
      `application ${id} was ${now === "on_hold" ? "put on hold" : now} while its credentials were being issued (a publication loaded or a reviewer decided meanwhile): the ${revocations} credential(s) just issued (transaction ${issued.hash}) were revoked on chain`,
    );
  }
  await ctx.audit(p, "application.approved", `application:${id}`, reason, { transaction: issued.hash, wallets: issued.wallets.length });
  return { id, status: "approved", transaction: issued.hash };
}

/** Revokes credentials an approval issued but that do not stand; returns how many were revoked. */
async function withdrawIssued(ctx: ServiceContext, id: string, wallets: { credential_id: string | null }[], why: string): Promise<number> {
  let revoked = 0;
  for (const w of wallets) {
    if (!w.credential_id) continue;
    await revokeCredential(ctx.d.connection, {
      deployment: ctx.d.deployment,
      actor: ctx.d.issuer,
      tokenId: BigInt(w.credential_id),
      reason: "revoked by the qualifier",
    });
    revoked++;
  }
  await ctx.audit("system", "application.issuance_withdrawn", `application:${id}`, why, { revoked });
  return revoked;
}

/**
 * A reviewer rejects, with the reason on record (sealed): a pending application, one on hold, or one being
 * approved at this moment (the approval then revokes what it issued). The check and the change are one statement.
 */
export async function reject(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  const sealed = await ctx.sealText(`application:${id}`, reason);
  const r = await ctx.d.db
    .updateTable("applications")
    .set({ status: "rejected", decision_reason: sealed, decided_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "in", [...UNDECIDED])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new ServiceError(409, `application ${id} is ${(await ctx.application(id)).status.replace("_", " ")}, not pending`);
  await closeHold(ctx, id, "confirmed");
  await ctx.audit(p, "application.rejected", `application:${id}`, reason);
  return { id, status: "rejected" };
}

/**
 * Renews an approved applicant's credentials on chain for another credential period (reviewer or admin). Like an
 * approval, every party is screened first against the current publication and the on-chain oracle: with a hit,
 * nothing is renewed and the credentials are revoked, with a screening alert.
 */
export async function renew(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await ensureCurrent(ctx);
  requirePublication(ctx, "any renewal");
  const row = await inStatus(ctx, id, "approved");
  const hits = await screenStored(ctx, row);
  if (hits.wallets.length + hits.names.length > 0) {
    const version = (await currentVersion(ctx))?.id ?? "unknown";
    const why = await revokeForHits(ctx, id, hits, "re-screening at renewal", version);
    throw new ServiceError(409, `application ${id} was not renewed and its credentials are revoked: ${why}`);
  }
  const expiresAt = (await ctx.chainNow()) + ctx.d.policy.credentialDays * 86_400;
  for (const w of await ctx.wallets(id)) {
    if (w.credential_id)
      await onChain("the renewal", () =>
        renewCredential(ctx.d.connection, { deployment: ctx.d.deployment, actor: ctx.d.issuer, tokenId: BigInt(w.credential_id!), expiresAt }),
      );
  }
  await ctx.audit(p, "application.renewed", `application:${id}`, reason, { expiresAt });
  return { id, status: "approved", expiresAt };
}

/** Revokes an approved applicant's credentials on chain (reviewer or admin), with the reason on record. */
export async function revoke(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  await inStatus(ctx, id, "approved");
  for (const w of await ctx.wallets(id)) {
    // The on-chain reason is public: it says only that the qualifier revoked, never the reviewer's text.
    if (w.credential_id)
      await revokeCredential(ctx.d.connection, {
        deployment: ctx.d.deployment,
        actor: ctx.d.issuer,
        tokenId: BigInt(w.credential_id),
        reason: "revoked by the qualifier",
      });
  }
  await ctx.d.db
    .updateTable("applications")
    .set({ status: "revoked", decision_reason: await ctx.sealText(`application:${id}`, reason), decided_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
  await ctx.audit(p, "application.revoked", `application:${id}`, reason);
  return { id, status: "revoked" };
}

async function openHold(ctx: ServiceContext, id: string) {
  await inStatus(ctx, id, "on_hold");
  const found = await ctx.d.db
    .selectFrom("screening_holds")
    .selectAll()
    .where("application_id", "=", id)
    .where("status", "=", "open")
    .orderBy("opened_at", "desc")
    .executeTakeFirst();
  if (!found) throw new ServiceError(409, `application ${id} has no open hold`);
  return found;
}

async function closeHold(ctx: ServiceContext, id: string, status: "cleared" | "confirmed") {
  await ctx.d.db
    .updateTable("screening_holds")
    .set({ status, closed_at: new Date().toISOString() })
    .where("application_id", "=", id)
    .where("status", "=", "open")
    .execute();
}

/** The review queue: applications on hold, with their hits and how many reviewers cleared them so far. */
export async function queue(ctx: ServiceContext, p: Principal) {
  ctx.require(p, "reviewer", "admin");
  const holds = await ctx.d.db.selectFrom("screening_holds").selectAll().where("status", "=", "open").orderBy("opened_at").execute();
  const out = [];
  for (const h of holds) {
    const clearances = await ctx.d.db.selectFrom("hold_decisions").select("reviewer").where("hold_id", "=", h.id).where("decision", "=", "clear").execute();
    out.push({ id: h.application_id, hold: h.id, openedAt: h.opened_at, hits: await openHits(ctx, h.hits), clearances: clearances.length });
  }
  return out;
}

/**
 * A reviewer clears a hold: the match is not the applicant. The first clearance is recorded; a second, distinct
 * reviewer must agree before the application returns to pending, its matched entries remembered as cleared.
 */
export async function clearHold(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  const h = await openHold(ctx, id);
  const { db } = ctx.d;
  // Distinct parties, not distinct keys: another key of the same holder, or a key in the same chain of issued
  // keys, does not count as a second reviewer.
  const clearers = async () =>
    (await db.selectFrom("hold_decisions").select("reviewer").where("hold_id", "=", h.id).where("decision", "=", "clear").execute()).map((e) => e.reviewer);
  if (await samePartyAs(ctx, p.keyId, await clearers()))
    throw new ServiceError(409, "you (or a key issued by, or with, the reviewer who cleared it) cleared this hold already: a different reviewer must agree");
  const sealed = await ctx.sealText(`application:${id}`, reason);
  await db.insertInto("hold_decisions").values({ hold_id: h.id, reviewer: p.keyId, decision: "clear", reason: sealed, at: new Date().toISOString() }).execute();
  // Checked again once recorded: of two clearances by one party sent at the same moment, neither stands.
  const recorded = await clearers();
  if (
    await samePartyAs(
      ctx,
      p.keyId,
      recorded.filter((r) => r !== p.keyId),
    )
  ) {
    await db.deleteFrom("hold_decisions").where("hold_id", "=", h.id).where("reviewer", "=", p.keyId).execute();
    throw new ServiceError(409, "another key of the same party cleared this hold at the same moment: a different reviewer must agree");
  }
  const clearances = recorded.length;
  await ctx.audit(p, "hold.cleared", `application:${id}`, reason, { clearances });
  if (clearances < 2) return { id, status: "on_hold", clearances };
  // The hold's hits as they are now (a new publication may have updated them since it opened).
  const now = await db.selectFrom("screening_holds").select("hits").where("id", "=", h.id).executeTakeFirstOrThrow();
  const matched = (await openHits(ctx, now.hits)).map((x) => x.listUid).filter((u): u is string => !!u);
  await db.transaction().execute(async (tx) => {
    for (const uid of new Set(matched)) {
      await tx
        .insertInto("cleared_matches")
        .values({ application_id: id, list_uid: uid, hold_id: h.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await tx.updateTable("screening_holds").set({ status: "cleared", closed_at: new Date().toISOString() }).where("id", "=", h.id).execute();
    await tx.updateTable("applications").set({ status: "pending" }).where("id", "=", id).where("status", "=", "on_hold").execute();
  });
  return { id, status: "pending", clearances };
}

/**
 * A reviewer confirms a hold: the match is the applicant. The application is rejected, and its wallets are
 * flagged through the federation's sanctions path when this qualifier holds the sanctions role, else recorded
 * as a request for the sanctions operator.
 */
export async function confirmHold(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "reviewer", "admin");
  const h = await openHold(ctx, id);
  const { db, connection, deployment, issuer } = ctx.d;
  const sealed = await ctx.sealText(`application:${id}`, reason);
  await db
    .insertInto("hold_decisions")
    .values({ hold_id: h.id, reviewer: p.keyId, decision: "confirm", reason: sealed, at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["hold_id", "reviewer"]).doUpdateSet({ decision: "confirm", reason: sealed }))
    .execute();
  const rejected = await db
    .updateTable("applications")
    .set({ status: "rejected", decision_reason: sealed, decided_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "=", "on_hold")
    .executeTakeFirst();
  if (Number(rejected.numUpdatedRows) === 0) throw new ServiceError(409, `application ${id} left the hold while it was being confirmed: read it again`);
  await closeHold(ctx, id, "confirmed");
  await ctx.audit(p, "hold.confirmed", `application:${id}`, reason);

  const wallets = (await ctx.wallets(id)).map((w) => w.address as Address);
  const read = { address: deployment.registries.credentials, abi: credentialRegistryAbi } as const;
  const role = await connection.publicClient.readContract({ ...read, functionName: "SANCTIONS_ROLE" });
  const canFlag = await connection.publicClient.readContract({ ...read, functionName: "hasRole", args: [role, actorAddress(issuer)] });
  let transaction: string | null = null;
  let flagged = canFlag;
  if (canFlag) {
    try {
      transaction = await setSanctioned(connection, {
        deployment,
        actor: issuer,
        accounts: wallets,
        sanctioned: true,
        source: `qualifier review of application ${id}`,
      });
    } catch (e) {
      // The rejection stands; the flag falls back to a request for the sanctions operator, and the failure is logged.
      ctx.log.error({ err: e, application: id }, "flagging wallets on chain failed: recorded as a request instead");
      flagged = false;
    }
  }
  await db
    .insertInto("sanctions_flags")
    .values({
      id: randomUUID(),
      application_id: id,
      wallets: JSON.stringify(wallets),
      status: flagged ? "flagged" : "requested",
      transaction_hash: transaction,
      created_at: new Date().toISOString(),
    })
    .execute();
  await ctx.audit(
    p,
    flagged ? "sanctions.flagged" : "sanctions.requested",
    `application:${id}`,
    flagged ? "wallets flagged on chain" : "wallets recorded for the sanctions operator",
    { wallets: wallets.length, transaction },
  );
  return { id, status: "rejected", sanctions: flagged ? { flagged: true, transaction } : { flagged: false, requested: wallets } };
}
