import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Vault } from "../registry/vault.js";
import { appendAudit, type AuditSchema } from "../registry/audit-log.js";
import type { QualifierSchema } from "./schema.js";
import type { Principal, Role, ServiceContext } from "./context.js";

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Creates an API key for `role`; the key is returned once and stored only as its SHA-256 hash (audited). */
export async function createApiKey(db: Kysely<QualifierSchema>, role: Role, label: string): Promise<{ id: string; key: string }> {
  const key = `qk_${randomBytes(24).toString("base64url")}`;
  const id = randomUUID();
  await db.insertInto("api_keys").values({ id, key_hash: hashKey(key), role, label, created_at: new Date().toISOString() }).execute();
  await appendAudit(db as unknown as Kysely<AuditSchema>, { actor: "system", action: "apikey.created", subject: `apikey:${id}`, reason: `${role} key for ${label}` });
  return { id, key };
}

/** The principal behind an API key, or undefined. */
export async function authenticate(db: Kysely<QualifierSchema>, key: string): Promise<Principal | undefined> {
  const row = await db.selectFrom("api_keys").selectAll().where("key_hash", "=", hashKey(key)).executeTakeFirst();
  return row ? { keyId: row.id, role: row.role as Role, label: row.label } : undefined;
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

/** Key rotation (admin): see `resealAll`. */
export async function rotateKeys(ctx: ServiceContext, p: Principal) {
  ctx.require(p, "admin");
  return resealAll(ctx.d.db, ctx.d.vault, `${p.role}:${p.label}`);
}
