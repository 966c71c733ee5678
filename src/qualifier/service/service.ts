import { createHash, randomBytes, randomUUID } from "node:crypto";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import type { Kysely } from "kysely";
import { credentialRegistryAbi, issueCredentials, renewCredential, revokeCredential, type Actor, type Connection, type Deployment } from "../../sdk/index.js";
import { leiProblem } from "../lei.js";
import { screenName } from "../screening/names.js";
import { diffLists, type SanctionsEntry, type SanctionsList } from "../screening/ofac.js";
import { verifyWalletProof, type WalletProofContext } from "../wallet-proof.js";
import type { Vault } from "../registry/vault.js";
import { appendAudit, type AuditSchema } from "../registry/audit-log.js";
import type { QualifierSchema } from "./schema.js";

export const ROLES = ["applicant", "reviewer", "admin", "regulator"] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  keyId: string;
  role: Role;
  label: string;
}

/** A refusal the HTTP layer turns into a status and a sentence. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

export interface ApplicationInput {
  legalName: string;
  lei: string;
  country: string; // ISO 3166 alpha-2 of registration
  classId: number;
  owners: { name: string; dateOfBirth: string; nationality: string }[];
  wallets: { address: Address; nonce: string; expiresAt: number; signature: Hex }[];
}

export interface Policy {
  /** Countries (alpha-2) whose applicants are not accepted, e.g. ["US"] for no US persons. */
  blockedCountries: string[];
  /** How long credentials last. */
  credentialDays: number;
  /** Distinct approvals a disclosure needs. */
  disclosureApprovals: number;
  /** Name-screening threshold in [0, 1]. */
  nameThreshold: number;
}

export interface ServiceDeps {
  db: Kysely<QualifierSchema>;
  vault: Vault;
  connection: Connection;
  deployment: Deployment;
  /** Who issues credentials on chain for this qualifier (its key or its Safe). */
  issuer: Actor;
  proofContext: WalletProofContext;
  /** The sanctions list to screen against before any publication is loaded into the service. */
  sanctions: () => SanctionsEntry[];
  policy: Policy;
  now?: () => number;
}

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Creates an API key for `role`; the key is returned once and stored only as its SHA-256 hash (audited). */
export async function createApiKey(db: Kysely<QualifierSchema>, role: Role, label: string): Promise<{ id: string; key: string }> {
  const key = `qk_${randomBytes(24).toString("base64url")}`;
  const id = randomUUID();
  await db.insertInto("api_keys").values({ id, key_hash: hashKey(key), role, label, created_at: new Date().toISOString() }).execute();
  await appendAudit(db as unknown as Kysely<AuditSchema>, { actor: "system", action: "apikey.created", subject: `apikey:${id}`, reason: `${role} key for ${label}` });
  return { id, key };
}

/**
 * Key rotation: re-seals every record still sealed with an older key under the vault's current key, so the old
 * key can then be retired (audited). Returns how many records moved.
 */
export async function resealAll(db: Kysely<QualifierSchema>, vault: Vault, actor = "system"): Promise<{ moved: number }> {
  const rows = await db.selectFrom("applications").select(["id", "sealed"]).where("sealed", "!=", "").execute();
  let moved = 0;
  for (const r of rows) {
    const resealed = vault.reseal(r.sealed, `application:${r.id}`);
    if (resealed === r.sealed) continue;
    await db.updateTable("applications").set({ sealed: resealed }).where("id", "=", r.id).where("sealed", "=", r.sealed).execute();
    moved++;
  }
  await appendAudit(db as unknown as Kysely<AuditSchema>, { actor, action: "vault.rotated", subject: "applications", reason: `re-sealed ${moved} records with the current key` });
  return { moved };
}

/** The qualifier's work: intake and screening, review and issuance, audited disclosure. */
export class QualifierService {
  private readonly now: () => number;
  constructor(private readonly d: ServiceDeps) {
    this.now = d.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** The latest loaded publication, else the configured list. */
  private async currentList(): Promise<SanctionsEntry[]> {
    const latest = await this.d.db.selectFrom("list_versions").select("content").orderBy("published_at", "desc").orderBy("loaded_at", "desc").limit(1).executeTakeFirst();
    return latest ? (JSON.parse(latest.content) as SanctionsList).entries : this.d.sanctions();
  }

  /** The chain's time: credentials expire against block.timestamp, not the server's clock. */
  private async chainNow(): Promise<number> {
    return Number((await this.d.connection.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  }

  private require(p: Principal, ...roles: Role[]) {
    if (!roles.includes(p.role)) throw new ServiceError(403, `the ${p.role} role may not do this (needs ${roles.join(" or ")})`);
  }

  private audit(p: Principal | "system", action: string, subject: string, reason: string, data?: Record<string, unknown>) {
    const actor = p === "system" ? "system" : `${p.role}:${p.label}`;
    // The audit log's tables are part of this database; Kysely's schema types are invariant, hence the view.
    return appendAudit(this.d.db as unknown as Kysely<AuditSchema>, { actor, action, subject, reason, data });
  }

  /** Creates an API key for `role` (see the function of the same name). */
  createApiKey(role: Role, label: string): Promise<{ id: string; key: string }> {
    return createApiKey(this.d.db, role, label);
  }

  /** The principal behind an API key, or undefined. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const row = await this.d.db.selectFrom("api_keys").selectAll().where("key_hash", "=", hashKey(key)).executeTakeFirst();
    return row ? { keyId: row.id, role: row.role as Role, label: row.label } : undefined;
  }

  /**
   * An entity applies. Refused outright (nothing stored): a bad LEI, a blocked country, a wallet proof that
   * does not verify. Stored as rejected, with the hits: a wallet or a name on the sanctions list, or a wallet
   * the on-chain oracle flags. Otherwise stored as pending, personal data sealed.
   */
  async apply(p: Principal, input: ApplicationInput): Promise<{ id: string; status: string; hits: unknown[] }> {
    this.require(p, "applicant", "admin");
    const lei = leiProblem(input.lei);
    if (lei) throw new ServiceError(400, `lei: ${lei}`);
    if (this.d.policy.blockedCountries.includes(input.country)) throw new ServiceError(422, `applicants registered in ${input.country} are not accepted under this qualifier's policy`);
    const nonces: { wallet: string; nonce: string }[] = [];
    for (const w of input.wallets) {
      const verdict = await verifyWalletProof(this.d.connection.publicClient, this.d.proofContext, { wallet: w.address, application: input.lei, nonce: BigInt(w.nonce), expiresAt: BigInt(w.expiresAt), signature: w.signature }, {
        now: this.now(),
        nonceUsed: async (wallet, nonce) => !!(await this.d.db.selectFrom("used_nonces").select("wallet").where("wallet", "=", wallet).where("nonce", "=", nonce.toString()).executeTakeFirst()),
      });
      if (!verdict.valid) throw new ServiceError(400, `wallet ${w.address}: ${verdict.reason}`);
      nonces.push({ wallet: getAddress(w.address), nonce: w.nonce });
    }

    const list = await this.currentList();
    const hits: { kind: string; wallet?: string; matchedName?: string; listUid?: string; score?: number }[] = [];
    const listed = new Map(list.flatMap((e) => e.addresses.map((a) => [a, e] as const)));
    for (const w of input.wallets) {
      const entry = listed.get(getAddress(w.address));
      if (entry) hits.push({ kind: "wallet on the sanctions list", wallet: getAddress(w.address), listUid: entry.uid });
      const onChain = await this.d.connection.publicClient.readContract({ address: this.d.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isSanctioned", args: [w.address] });
      if (onChain) hits.push({ kind: "wallet flagged by the on-chain sanctions oracle", wallet: getAddress(w.address) });
    }
    for (const name of [input.legalName, ...input.owners.map((o) => o.name)]) {
      for (const m of screenName(name, list, this.d.policy.nameThreshold)) {
        hits.push({ kind: "name match", matchedName: m.matchedName, listUid: m.entry.uid, score: Number(m.score.toFixed(3)) });
      }
    }

    const id = randomUUID();
    const status = hits.length > 0 ? "rejected" : "pending";
    const sealed = this.d.vault.seal(JSON.stringify({ legalName: input.legalName, lei: input.lei, owners: input.owners }), `application:${id}`);
    await this.d.db.transaction().execute(async (tx) => {
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
        lei_index: this.d.vault.blindIndex("lei", input.lei),
        name_index: this.d.vault.blindIndex("name", input.legalName),
        sealed,
        screening: JSON.stringify(hits),
        decision_reason: hits.length > 0 ? "screening hit" : null,
        created_at: new Date().toISOString(),
        decided_at: hits.length > 0 ? new Date().toISOString() : null,
      }).execute();
      for (const w of input.wallets) await tx.insertInto("application_wallets").values({ application_id: id, address: getAddress(w.address), credential_id: null }).execute();
    });
    await this.audit(p, status === "rejected" ? "application.refused" : "application.received", `application:${id}`, status === "rejected" ? "screening hit" : "intake", { hits: hits.length });
    return { id, status, hits };
  }

  /** The application with its personal data opened (reviewers and admins; the access is logged). */
  async get(p: Principal, id: string) {
    this.require(p, "reviewer", "admin");
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    const wallets = await this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", id).execute();
    await this.audit(p, "application.viewed", `application:${id}`, "review");
    const profile = row.status === "deleted" ? null : JSON.parse(this.d.vault.open(row.sealed, `application:${id}`));
    return { id, status: row.status, country: row.country, classId: row.class_id, screening: JSON.parse(row.screening), profile, wallets: wallets.map((w) => ({ address: w.address, credentialId: w.credential_id })) };
  }

  /** A reviewer approves: credentials are issued on chain to every wallet, in one transaction. */
  async approve(p: Principal, id: string, reason: string) {
    this.require(p, "reviewer", "admin");
    const row = await this.pending(id);
    const wallets = await this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", id).execute();
    const expiresAt = (await this.chainNow()) + this.d.policy.credentialDays * 86_400;
    const hash = await issueCredentials(this.d.connection, this.d.deployment, this.d.issuer, wallets.map((w) => ({ holder: w.address as Address, classId: row.class_id, jurisdiction: row.country, expiresAt })));
    const qualifierId = await this.d.connection.publicClient.readContract({ address: this.d.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "qualifierIdOf", args: [this.d.proofContext.qualifier] });
    for (const w of wallets) {
      const credentialId = await this.d.connection.publicClient.readContract({ address: this.d.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "credentialId", args: [w.address as Address, qualifierId, row.class_id] });
      await this.d.db.updateTable("application_wallets").set({ credential_id: credentialId.toString() }).where("application_id", "=", id).where("address", "=", w.address).execute();
    }
    await this.d.db.updateTable("applications").set({ status: "approved", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
    await this.audit(p, "application.approved", `application:${id}`, reason, { transaction: hash, wallets: wallets.length });
    return { id, status: "approved", transaction: hash };
  }

  /** A reviewer rejects, with the reason on record. */
  async reject(p: Principal, id: string, reason: string) {
    this.require(p, "reviewer", "admin");
    await this.pending(id);
    await this.d.db.updateTable("applications").set({ status: "rejected", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
    await this.audit(p, "application.rejected", `application:${id}`, reason);
    return { id, status: "rejected" };
  }

  private async pending(id: string) {
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    if (row.status !== "pending") throw new ServiceError(409, `application ${id} is ${row.status}, not pending`);
    return row;
  }

  /**
   * Loads a new publication of the sanctions list (admin): keeps it with its date and the diff from the
   * previous one, then re-screens every approved applicant. A new hit revokes its credentials on chain and
   * raises a screening alert with the reason, both on record.
   */
  async loadList(p: Principal, list: SanctionsList) {
    this.require(p, "admin");
    const previousRow = await this.d.db.selectFrom("list_versions").select("content").orderBy("published_at", "desc").orderBy("loaded_at", "desc").limit(1).executeTakeFirst();
    const previous = previousRow ? (JSON.parse(previousRow.content) as SanctionsList) : undefined;
    if (previous && list.publishedAt < previous.publishedAt) throw new ServiceError(409, `a newer publication (${previous.publishedAt}) is already loaded`);
    const diff = diffLists(previous, list);
    const version = randomUUID();
    await this.d.db.insertInto("list_versions").values({
      id: version,
      source: list.source,
      published_at: list.publishedAt,
      loaded_at: new Date().toISOString(),
      entries: list.entries.length,
      diff: JSON.stringify({ added: diff.added.map((e) => e.uid), removed: diff.removed.map((e) => e.uid), addressesAdded: diff.addressesAdded, addressesRemoved: diff.addressesRemoved }),
      content: JSON.stringify(list),
    }).execute();
    await this.audit(p, "list.loaded", `list:${version}`, `${list.source} of ${list.publishedAt}`, { added: diff.added.length, removed: diff.removed.length });

    const revoked: string[] = [];
    const approved = await this.d.db.selectFrom("applications").selectAll().where("status", "=", "approved").execute();
    const listed = new Map(list.entries.flatMap((e) => e.addresses.map((a) => [a, e] as const)));
    for (const app of approved) {
      const profile = JSON.parse(this.d.vault.open(app.sealed, `application:${app.id}`)) as { legalName: string; owners: { name: string }[] };
      const wallets = await this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", app.id).execute();
      const reasons: string[] = [];
      for (const w of wallets) {
        const entry = listed.get(getAddress(w.address));
        if (entry) reasons.push(`wallet ${w.address} is on the list (entry ${entry.uid})`);
      }
      for (const name of [profile.legalName, ...profile.owners.map((o) => o.name)]) {
        for (const m of screenName(name, list.entries, this.d.policy.nameThreshold)) reasons.push(`a name matches list entry ${m.entry.uid} (score ${m.score.toFixed(2)})`);
      }
      if (reasons.length === 0) continue;
      const reason = `re-screening against ${list.source} of ${list.publishedAt}: ${reasons.join("; ")}`;
      for (const w of wallets) {
        if (!w.credential_id) continue;
        await revokeCredential(this.d.connection, this.d.deployment, this.d.issuer, { tokenId: BigInt(w.credential_id), reason: "sanctions screening hit" });
      }
      await this.d.db.updateTable("applications").set({ status: "revoked", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", app.id).execute();
      await this.d.db.insertInto("screening_alerts").values({ id: randomUUID(), application_id: app.id, list_version: version, reason, created_at: new Date().toISOString() }).execute();
      await this.audit("system", "application.revoked", `application:${app.id}`, reason);
      revoked.push(app.id);
    }
    return { version, publishedAt: list.publishedAt, diff: { added: diff.added.length, removed: diff.removed.length, addressesAdded: diff.addressesAdded.length, addressesRemoved: diff.addressesRemoved.length }, revoked };
  }

  /** Renews an approved applicant's credentials on chain for another credential period (reviewer or admin). */
  async renew(p: Principal, id: string, reason: string) {
    this.require(p, "reviewer", "admin");
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    if (row.status !== "approved") throw new ServiceError(409, `application ${id} is ${row.status}, not approved`);
    const expiresAt = (await this.chainNow()) + this.d.policy.credentialDays * 86_400;
    const wallets = await this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", id).execute();
    for (const w of wallets) {
      if (w.credential_id) await renewCredential(this.d.connection, this.d.deployment, this.d.issuer, { tokenId: BigInt(w.credential_id), expiresAt });
    }
    await this.audit(p, "application.renewed", `application:${id}`, reason, { expiresAt });
    return { id, status: "approved", expiresAt };
  }

  /** Applications found through the blind indexes (no name or LEI is stored in clear to search on). */
  async search(p: Principal, by: { lei?: string; name?: string }) {
    this.require(p, "reviewer", "admin");
    if (!by.lei && !by.name) throw new ServiceError(400, "search by lei or by name");
    let query = this.d.db.selectFrom("applications").select(["id", "status", "country", "created_at"]);
    if (by.lei) query = query.where("lei_index", "=", this.d.vault.blindIndex("lei", by.lei));
    if (by.name) query = query.where("name_index", "=", this.d.vault.blindIndex("name", by.name));
    const rows = await query.orderBy("created_at").execute();
    await this.audit(p, "application.searched", "applications", by.lei ? "by LEI" : "by name", { results: rows.length });
    return rows;
  }

  /** Key rotation (admin): see `resealAll`. */
  async rotateKeys(p: Principal) {
    this.require(p, "admin");
    return resealAll(this.d.db, this.d.vault, `${p.role}:${p.label}`);
  }

  /** Revokes an approved applicant's credentials on chain (reviewer or admin), with the reason on record. */
  async revoke(p: Principal, id: string, reason: string) {
    this.require(p, "reviewer", "admin");
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    if (row.status !== "approved") throw new ServiceError(409, `application ${id} is ${row.status}, not approved`);
    const wallets = await this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", id).execute();
    for (const w of wallets) {
      if (w.credential_id) await revokeCredential(this.d.connection, this.d.deployment, this.d.issuer, { tokenId: BigInt(w.credential_id), reason });
    }
    await this.d.db.updateTable("applications").set({ status: "revoked", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", id).execute();
    await this.audit(p, "application.revoked", `application:${id}`, reason);
    return { id, status: "revoked" };
  }

  /**
   * Erases an applicant's personal data, as the law requires (admin): the sealed record and its blind indexes
   * are wiped, the row stays as a tombstone, and the audit trail (which never held personal data) stays whole.
   */
  async erase(p: Principal, id: string, legalBasis: string) {
    this.require(p, "admin");
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    if (row.status === "approved") throw new ServiceError(409, "revoke the credentials before erasing the applicant");
    await this.d.db.updateTable("applications").set({ status: "deleted", sealed: "", lei_index: "", name_index: "", screening: "[]" }).where("id", "=", id).execute();
    await this.audit(p, "application.erased", `application:${id}`, legalBasis);
    return { id, status: "deleted" };
  }

  /** An authorized party asks who is behind a wallet, for a case; nothing is revealed until approved. */
  async requestDisclosure(p: Principal, input: { wallet: string; caseRef: string; reason: string }) {
    this.require(p, "regulator", "admin");
    if (!isAddress(input.wallet, { strict: false })) throw new ServiceError(400, `wallet "${input.wallet}" is not an address`);
    const id = randomUUID();
    await this.d.db.insertInto("disclosure_requests").values({ id, wallet: getAddress(input.wallet), requester: p.keyId, case_ref: input.caseRef, reason: input.reason, status: "pending", created_at: new Date().toISOString() }).execute();
    await this.audit(p, "disclosure.requested", `disclosure:${id}`, `${input.caseRef}: ${input.reason}`, { wallet: getAddress(input.wallet) });
    return { id, status: "pending" };
  }

  /** An approval by a reviewer or admin; the policy's number of distinct approvers answers the request. */
  async approveDisclosure(p: Principal, id: string) {
    this.require(p, "reviewer", "admin");
    const request = await this.d.db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
    if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
    if (request.status !== "pending") throw new ServiceError(409, `disclosure request ${id} is ${request.status}`);
    const already = await this.d.db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).where("approver", "=", p.keyId).executeTakeFirst();
    if (already) throw new ServiceError(409, "you approved this request already: it needs a different approver");
    await this.d.db.insertInto("disclosure_approvals").values({ request_id: id, approver: p.keyId, at: new Date().toISOString() }).execute();
    const count = (await this.d.db.selectFrom("disclosure_approvals").select("approver").where("request_id", "=", id).execute()).length;
    const status = count >= this.d.policy.disclosureApprovals ? "approved" : "pending";
    if (status === "approved") await this.d.db.updateTable("disclosure_requests").set({ status }).where("id", "=", id).execute();
    await this.audit(p, "disclosure.approved", `disclosure:${id}`, `approval ${count} of ${this.d.policy.disclosureApprovals}`);
    return { id, status, approvals: count };
  }

  /** The answer, for the party that asked, once approved: who holds the wallet (and every access is logged). */
  async disclosure(p: Principal, id: string) {
    this.require(p, "regulator", "admin");
    const request = await this.d.db.selectFrom("disclosure_requests").selectAll().where("id", "=", id).executeTakeFirst();
    if (!request) throw new ServiceError(404, `no disclosure request ${id}`);
    if (request.requester !== p.keyId && p.role !== "admin") throw new ServiceError(403, "only the party that asked may read the answer");
    if (request.status !== "approved") throw new ServiceError(409, `disclosure request ${id} is ${request.status}: it needs ${this.d.policy.disclosureApprovals} approvals`);
    const link = await this.d.db.selectFrom("application_wallets").innerJoin("applications", "applications.id", "application_wallets.application_id")
      .select(["applications.id", "applications.sealed", "applications.status"]).where("application_wallets.address", "=", request.wallet).where("applications.status", "=", "approved").executeTakeFirst();
    if (!link) throw new ServiceError(404, `this qualifier has no approved applicant behind ${request.wallet}`);
    const profile = JSON.parse(this.d.vault.open(link.sealed, `application:${link.id}`));
    await this.audit(p, "disclosure.revealed", `disclosure:${id}`, request.case_ref, { application: link.id, wallet: request.wallet });
    return { id, caseRef: request.case_ref, wallet: request.wallet, application: link.id, legalName: profile.legalName, lei: profile.lei, owners: profile.owners };
  }
}
