import { randomUUID } from "node:crypto";
import { getAddress } from "viem";
import { leiProblem } from "../lei.js";
import type { Kysely } from "kysely";
import { eraseTexts, type FreeTextSchema } from "../registry/free-text.js";
import { verifyWalletProof } from "../wallet-proof.js";
import { ServiceError, type ApplicationInput, type Principal, type ServiceContext } from "./context.js";
import { MAX_PROOF_LIFETIME_SECONDS } from "./fields.js";
import { requireIssuable } from "./issuance.js";
import { hold, nameHits, openHits, partiesOf, sealHits, walletHits, type ScreeningHit } from "./screening.js";

/**
 * An entity applies. Refused outright (nothing stored): a bad LEI, a blocked country, a wallet listed twice, a
 * class this qualifier may not issue (read on chain), a wallet proof that does not verify or lives too long.
 * Stored as rejected at once: a wallet on the sanctions list or flagged by the on-chain oracle. Stored on hold
 * for review: a name matching a list entry at or above the threshold. Otherwise pending. Personal data sealed.
 */
export async function apply(ctx: ServiceContext, p: Principal, input: ApplicationInput): Promise<{ id: string; status: string; hits: ScreeningHit[] }> {
  ctx.require(p, "applicant", "admin");
  const { db, vault, policy } = ctx.d;
  const lei = leiProblem(input.lei);
  if (lei) throw new ServiceError(400, `lei: ${lei}`);
  if (policy.blockedCountries.includes(input.country))
    throw new ServiceError(422, `applicants registered in ${input.country} are not accepted under this qualifier's policy`);
  const addresses = input.wallets.map((w) => getAddress(w.address));
  if (new Set(addresses).size !== addresses.length) throw new ServiceError(400, "wallets: each wallet may appear only once in an application");
  await requireIssuable(ctx, input.classId);
  const now = ctx.now();
  const nonces: { wallet: string; nonce: string }[] = [];
  for (const w of input.wallets) {
    if (w.expiresAt > now + MAX_PROOF_LIFETIME_SECONDS)
      throw new ServiceError(
        400,
        `wallet ${w.address}: expiresAt is more than ${MAX_PROOF_LIFETIME_SECONDS / 86_400} days ahead: sign a proof that expires sooner`,
      );
    // One number, one spelling: the nonce is kept as the canonical decimal of what was signed.
    const nonce = BigInt(w.nonce);
    const verdict = await verifyWalletProof(
      ctx.d.connection.publicClient,
      ctx.d.proofContext,
      { wallet: w.address, application: input.lei, nonce, expiresAt: BigInt(w.expiresAt), signature: w.signature },
      {
        now,
        nonceUsed: async (wallet, n) =>
          !!(await db.selectFrom("used_nonces").select("wallet").where("wallet", "=", wallet).where("nonce", "=", n.toString()).executeTakeFirst()),
      },
    );
    if (!verdict.valid) throw new ServiceError(400, `wallet ${w.address}: ${verdict.reason}`);
    nonces.push({ wallet: getAddress(w.address), nonce: nonce.toString() });
  }

  const wallets = await walletHits(ctx, addresses);
  const names = wallets.length > 0 ? [] : await nameHits(ctx, partiesOf(input));
  const hits = [...wallets, ...names];
  const status = wallets.length > 0 ? "rejected" : names.length > 0 ? "on_hold" : "pending";

  const id = randomUUID();
  const sealed = vault.seal(JSON.stringify({ legalName: input.legalName, lei: input.lei, owners: input.owners }), `application:${id}`);
  const screening = wallets.length > 0 ? await sealHits(ctx, id, wallets) : "";
  const decidedAt = status === "rejected" ? new Date().toISOString() : null;
  await db.transaction().execute(async (tx) => {
    for (const n of nonces) {
      await tx
        .insertInto("used_nonces")
        .values(n)
        .execute()
        .catch(() => {
          throw new ServiceError(409, `wallet ${n.wallet}: nonce ${n.nonce} was used before`);
        });
    }
    await tx
      .insertInto("applications")
      .values({
        id,
        status: status === "on_hold" ? "pending" : status,
        country: input.country,
        class_id: input.classId,
        lei_index: vault.blindIndex("lei", input.lei),
        name_index: vault.blindIndex("name", input.legalName),
        sealed,
        screening,
        decision_reason: null,
        created_at: new Date().toISOString(),
        decided_at: decidedAt,
      })
      .execute();
    for (const address of addresses) await tx.insertInto("application_wallets").values({ application_id: id, address, credential_id: null }).execute();
  });
  if (status === "rejected") {
    await db
      .updateTable("applications")
      .set({ decision_reason: await ctx.sealText(`application:${id}`, "screening hit: a wallet is listed") })
      .where("id", "=", id)
      .execute();
  }
  await ctx.audit(
    p,
    status === "rejected" ? "application.refused" : "application.received",
    `application:${id}`,
    status === "rejected" ? "screening hit" : "intake",
    { hits: hits.length },
  );
  if (status === "on_hold") await hold(ctx, id, names);
  return { id, status, hits };
}

/** The application with its personal data opened (reviewers and admins; the access is logged). */
export async function getApplication(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "reviewer", "admin");
  const row = await ctx.application(id);
  const wallets = await ctx.wallets(id);
  await ctx.audit(p, "application.viewed", `application:${id}`, "review");
  const profile = row.status === "deleted" ? null : JSON.parse(ctx.d.vault.open(row.sealed, `application:${id}`));
  return {
    id,
    status: row.status,
    country: row.country,
    classId: row.class_id,
    screening: await openHits(ctx, row.screening),
    profile,
    wallets: wallets.map((w) => ({ address: w.address, credentialId: w.credential_id })),
  };
}

/** Applications found through the blind indexes (no name or LEI is stored in clear to search on). */
export async function search(ctx: ServiceContext, p: Principal, by: { lei?: string; name?: string }) {
  ctx.require(p, "reviewer", "admin");
  if (!by.lei && !by.name) throw new ServiceError(400, "search by lei or by name");
  let query = ctx.d.db.selectFrom("applications").select(["id", "status", "country", "created_at"]);
  if (by.lei) query = query.where("lei_index", "=", ctx.d.vault.blindIndex("lei", by.lei));
  if (by.name) query = query.where("name_index", "=", ctx.d.vault.blindIndex("name", by.name));
  const rows = await query.orderBy("created_at").execute();
  await ctx.audit(p, "application.searched", "applications", by.lei ? "by LEI" : "by name", { results: rows.length });
  return rows;
}

/**
 * Erases an applicant's personal data, as the law requires (admin): the sealed record and its blind indexes
 * are wiped, the row stays as a tombstone, and the audit trail (which never held personal data) stays whole.
 */
export async function erase(ctx: ServiceContext, p: Principal, id: string, legalBasis: string) {
  ctx.require(p, "admin");
  const row = await ctx.application(id);
  if (row.status === "approved") throw new ServiceError(409, "revoke the credentials before erasing the applicant");
  if (row.status === "approving") throw new ServiceError(409, "the application is being approved at this moment: wait for the decision, then erase");
  const erased = await ctx.d.db
    .updateTable("applications")
    .set({ status: "deleted", sealed: "", lei_index: "", name_index: "", screening: "", decision_reason: null })
    .where("id", "=", id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (Number(erased.numUpdatedRows) === 0) throw new ServiceError(409, `application ${id} changed while it was being erased: read it again and retry`);
  await eraseTexts(ctx.d.db as unknown as Kysely<FreeTextSchema>, `application:${id}`);
  // Nothing is left to review: an open hold leaves the queue with the data.
  await ctx.d.db
    .updateTable("screening_holds")
    .set({ status: "erased", closed_at: new Date().toISOString() })
    .where("application_id", "=", id)
    .where("status", "=", "open")
    .execute();
  // Hits an earlier version stored in clear go too (sealed ones were wiped with the texts above).
  await ctx.d.db.updateTable("screening_holds").set({ hits: "" }).where("application_id", "=", id).where("hits", "not like", "text:%").execute();
  await ctx.audit(p, "application.erased", `application:${id}`, legalBasis);
  return { id, status: "deleted" };
}
