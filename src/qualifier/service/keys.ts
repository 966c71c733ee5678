import type { Vault } from "../registry/vault.js";
import { resealTexts } from "../registry/free-text.js";
import { authenticateKey, createKey, listKeys, revokeKey, type ApiKeyInfo, type ApiKeySchema } from "../../auth/api-keys.js";
import type { Kysely } from "kysely";
import type { QualifierSchema } from "./schema.js";
import { ROLES, ServiceError, recordAudit, textsOf, type Principal, type RegistryDeps, type Role, type ServiceContext } from "./context.js";

const keys = (db: Kysely<QualifierSchema>) => db as unknown as Kysely<ApiKeySchema>;

/**
 * Creates an API key for `role`, lasting `days` (default 90): the key is returned once and stored only as its
 * SHA-256 hash (audited as `actor`).
 */
export async function createApiKey(
  reg: RegistryDeps,
  role: Role,
  label: string,
  options: { days?: number; actor?: string; createdBy?: string } = {},
): Promise<{ id: string; key: string; expiresAt: string }> {
  if (!(ROLES as readonly string[]).includes(role)) throw new ServiceError(400, `role "${role}" must be one of ${ROLES.join(", ")}`);
  let created: Awaited<ReturnType<typeof createKey>>;
  try {
    created = await createKey(keys(reg.db), { role, label, days: options.days, prefix: "qk", createdBy: options.createdBy });
  } catch (e) {
    if (e instanceof RangeError) throw new ServiceError(400, e.message);
    throw e;
  }
  await recordAudit(reg, options.actor ?? "system", "apikey.created", `apikey:${created.info.id}`, `${role} key for ${label}, until ${created.info.expiresAt}`);
  return { id: created.info.id, key: created.key, expiresAt: created.info.expiresAt! };
}

/** The principal behind an API key, or why the key is refused (expired, revoked, unknown). */
export async function authenticate(db: Kysely<QualifierSchema>, key: string): Promise<{ ok: true; principal: Principal } | { ok: false; reason: string }> {
  const r = await authenticateKey(keys(db), key);
  if (!r.ok) return r;
  if (!(ROLES as readonly string[]).includes(r.key.role)) return { ok: false, reason: "this API key has no role of this service" };
  return { ok: true, principal: { keyId: r.key.id, role: r.key.role as Role, label: r.key.label } };
}

/** Every API key of the service, without the keys themselves. */
export function listApiKeys(db: Kysely<QualifierSchema>): Promise<ApiKeyInfo[]> {
  return listKeys(keys(db));
}

/** Revokes a key at once (audited as `actor`). */
export async function revokeApiKey(reg: RegistryDeps, id: string, reason: string, actor = "system"): Promise<{ id: string; revoked: true }> {
  if (!(await revokeKey(keys(reg.db), id))) throw new ServiceError(404, `no API key ${id} that is not revoked already`);
  await recordAudit(reg, actor, "apikey.revoked", `apikey:${id}`, reason);
  return { id, revoked: true };
}

/** Admin: a key for someone (the key is in the answer, once). */
export function issueKey(ctx: ServiceContext, p: Principal, input: { role: Role; label: string; days?: number }) {
  ctx.require(p, "admin");
  return createApiKey(ctx.d, input.role, input.label, { days: input.days, actor: `${p.role}:${p.label}`, createdBy: p.keyId });
}

/** Admin: every key, with role, holder, expiry and revocation. */
export async function listKeysOf(ctx: ServiceContext, p: Principal) {
  ctx.require(p, "admin");
  const all = await listApiKeys(ctx.d.db);
  await ctx.audit(p, "apikey.listed", "api_keys", "key review");
  return all;
}

/** Admin: revokes a key; an admin cannot revoke the key it is using (ask another admin). */
export function revokeKeyOf(ctx: ServiceContext, p: Principal, id: string, reason: string) {
  ctx.require(p, "admin");
  if (id === p.keyId) throw new ServiceError(409, "this is the key you are using: another admin revokes it");
  return revokeApiKey(ctx.d, id, reason, `${p.role}:${p.label}`);
}

/**
 * Key rotation: re-seals every record and free text still sealed with an older key under the vault's current
 * key, so the old key can then be retired (audited). Returns how many records and texts moved.
 */
export async function resealAll(reg: RegistryDeps, vault: Vault = reg.vault, actor = "system"): Promise<{ moved: number; texts: number }> {
  const { db } = reg;
  const rows = await db.selectFrom("applications").select(["id", "sealed"]).where("sealed", "!=", "").execute();
  let moved = 0;
  for (const r of rows) {
    const resealed = vault.reseal(r.sealed, `application:${r.id}`);
    if (resealed === r.sealed) continue;
    await db.updateTable("applications").set({ sealed: resealed }).where("id", "=", r.id).where("sealed", "=", r.sealed).execute();
    moved++;
  }
  const texts = await resealTexts(textsOf(db), vault);
  await recordAudit({ ...reg, vault }, actor, "vault.rotated", "applications", `re-sealed ${moved} records and ${texts} texts with the current key`);
  return { moved, texts };
}

/** Key rotation (admin): see `resealAll`. */
export async function rotateKeys(ctx: ServiceContext, p: Principal) {
  ctx.require(p, "admin");
  return resealAll(ctx.d, ctx.d.vault, `${p.role}:${p.label}`);
}
