import { randomUUID } from "node:crypto";
import { getAddress } from "viem";
import { leiProblem } from "../lei.js";
import { verifyWalletProof } from "../wallet-proof.js";
import { ServiceError, type ApplicationInput, type Principal, type ServiceContext } from "./context.js";
import { currentList } from "./lists.js";
import { screenApplicant } from "./screening.js";

/**
 * An entity applies. Refused outright (nothing stored): a bad LEI, a blocked country, a wallet proof that
 * does not verify. Stored as rejected, with the hits: a wallet or a name on the sanctions list, or a wallet
 * the on-chain oracle flags. Otherwise stored as pending, personal data sealed.
 */
export async function apply(ctx: ServiceContext, p: Principal, input: ApplicationInput): Promise<{ id: string; status: string; hits: unknown[] }> {
  ctx.require(p, "applicant", "admin");
  const { db, vault, policy } = ctx.d;
  const lei = leiProblem(input.lei);
  if (lei) throw new ServiceError(400, `lei: ${lei}`);
  if (policy.blockedCountries.includes(input.country)) throw new ServiceError(422, `applicants registered in ${input.country} are not accepted under this qualifier's policy`);
  const nonces: { wallet: string; nonce: string }[] = [];
  for (const w of input.wallets) {
    const verdict = await verifyWalletProof(ctx.d.connection.publicClient, ctx.d.proofContext, { wallet: w.address, application: input.lei, nonce: BigInt(w.nonce), expiresAt: BigInt(w.expiresAt), signature: w.signature }, {
      now: ctx.now(),
      nonceUsed: async (wallet, nonce) => !!(await db.selectFrom("used_nonces").select("wallet").where("wallet", "=", wallet).where("nonce", "=", nonce.toString()).executeTakeFirst()),
    });
    if (!verdict.valid) throw new ServiceError(400, `wallet ${w.address}: ${verdict.reason}`);
    nonces.push({ wallet: getAddress(w.address), nonce: w.nonce });
  }

  const hits = await screenApplicant(ctx, await currentList(ctx), input.wallets.map((w) => w.address), [input.legalName, ...input.owners.map((o) => o.name)]);

  const id = randomUUID();
  const status = hits.length > 0 ? "rejected" : "pending";
  const sealed = vault.seal(JSON.stringify({ legalName: input.legalName, lei: input.lei, owners: input.owners }), `application:${id}`);
  await db.transaction().execute(async (tx) => {
    for (const n of nonces) {
      await tx.insertInto("used_nonces").values(n).execute().catch(() => {
        throw new ServiceError(409, `wallet ${n.wallet}: nonce ${n.nonce} was used before`);
      });
    }
    await tx.insertInto("applications").values({
      id,
      status,
      country: input.country,
      class_id: input.classId,
      lei_index: vault.blindIndex("lei", input.lei),
      name_index: vault.blindIndex("name", input.legalName),
      sealed,
      screening: JSON.stringify(hits),
      decision_reason: hits.length > 0 ? "screening hit" : null,
      created_at: new Date().toISOString(),
      decided_at: hits.length > 0 ? new Date().toISOString() : null,
    }).execute();
    for (const w of input.wallets) await tx.insertInto("application_wallets").values({ application_id: id, address: getAddress(w.address), credential_id: null }).execute();
  });
  await ctx.audit(p, status === "rejected" ? "application.refused" : "application.received", `application:${id}`, status === "rejected" ? "screening hit" : "intake", { hits: hits.length });
  return { id, status, hits };
}

/** The application with its personal data opened (reviewers and admins; the access is logged). */
export async function getApplication(ctx: ServiceContext, p: Principal, id: string) {
  ctx.require(p, "reviewer", "admin");
  const row = await ctx.application(id);
  const wallets = await ctx.wallets(id);
  await ctx.audit(p, "application.viewed", `application:${id}`, "review");
  const profile = row.status === "deleted" ? null : JSON.parse(ctx.d.vault.open(row.sealed, `application:${id}`));
  return { id, status: row.status, country: row.country, classId: row.class_id, screening: JSON.parse(row.screening), profile, wallets: wallets.map((w) => ({ address: w.address, credentialId: w.credential_id })) };
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
  await ctx.d.db.updateTable("applications").set({ status: "deleted", sealed: "", lei_index: "", name_index: "", screening: "[]" }).where("id", "=", id).execute();
  await ctx.audit(p, "application.erased", `application:${id}`, legalBasis);
  return { id, status: "deleted" };
}
