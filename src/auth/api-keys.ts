import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../storage/migrate.js";

/**
 * API keys for the HTTP services (the qualifier service, the monitor API). A key is 192 random bits, shown
 * once; the database keeps only its SHA-256 hash, the role, a label naming who holds it, when it expires and
 * whether it was revoked.
 */
export interface ApiKeySchema {
  api_keys: {
    id: string;
    key_hash: string;
    role: string;
    label: string;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
    /** The id of the key that created this one through an API; null when the operator created it. */
    created_by: string | null;
  };
}

export const DEFAULT_KEY_DAYS = 90;
export const MAX_KEY_DAYS = 730;

export interface ApiKeyInfo {
  id: string;
  role: string;
  label: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

export type Authentication = { ok: true; key: ApiKeyInfo } | { ok: false; reason: string };

const migrations: Record<string, Migration> = {
  // The qualifier's registry created this table before keys expired; a new database gets it here.
  "0001_api_keys": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("api_keys")
        .ifNotExists()
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("key_hash", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "0002_lifetime": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("api_keys").addColumn("expires_at", "text").execute();
      await db.schema.alterTable("api_keys").addColumn("revoked_at", "text").execute();
      // Keys issued before they expired get the default lifetime from now, not an unbounded one.
      await sql`update api_keys set expires_at = ${new Date(Date.now() + DEFAULT_KEY_DAYS * 86_400_000).toISOString()}`.execute(db);
    },
  },
  "0003_created_by": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("api_keys").addColumn("created_by", "text").execute();
    },
  },
};

/** Brings the API key table to the latest schema (after the part that owns the database has migrated). */
export async function migrateApiKeys(db: Kysely<ApiKeySchema>): Promise<void> {
  await migrate(db, "api_keys", migrations);
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

const info = (r: ApiKeySchema["api_keys"]): ApiKeyInfo => ({
  id: r.id,
  role: r.role,
  label: r.label,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  createdBy: r.created_by,
});

/**
 * Creates a key that expires after `days` (1 to 730; default 90), noting which key created it (`createdBy`).
 * Returns the key, the only time it is shown.
 */
export async function createKey(
  db: Kysely<ApiKeySchema>,
  input: { role: string; label: string; days?: number; prefix: string; createdBy?: string; now?: Date },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const days = input.days ?? DEFAULT_KEY_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_KEY_DAYS) throw new RangeError(`a key lasts 1 to ${MAX_KEY_DAYS} days, not ${days}`);
  const label = input.label.trim();
  if (label.length < 1 || label.length > 100) throw new RangeError("the label must be 1 to 100 characters");
  const now = input.now ?? new Date();
  const key = `${input.prefix}_${randomBytes(24).toString("base64url")}`;
  const row = {
    id: randomUUID(),
    key_hash: hashApiKey(key),
    role: input.role,
    label,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
    revoked_at: null,
    created_by: input.createdBy ?? null,
  };
  await db.insertInto("api_keys").values(row).execute();
  return { key, info: info(row) };
}

/** Who holds `key`, or why it is refused (a sentence for the 401). */
export async function authenticateKey(db: Kysely<ApiKeySchema>, key: string, now = new Date()): Promise<Authentication> {
  const row = await db.selectFrom("api_keys").selectAll().where("key_hash", "=", hashApiKey(key)).executeTakeFirst();
  if (!row) return { ok: false, reason: "this API key is not known" };
  if (row.revoked_at) return { ok: false, reason: `this API key was revoked on ${row.revoked_at.slice(0, 10)}: ask an admin for a new one` };
  if (!row.expires_at || row.expires_at <= now.toISOString())
    return { ok: false, reason: `this API key expired on ${(row.expires_at ?? "").slice(0, 10) || "an unknown date"}: ask an admin for a new one` };
  return { ok: true, key: info(row) };
}

/** Every key (never the key itself), newest first. */
export async function listKeys(db: Kysely<ApiKeySchema>): Promise<ApiKeyInfo[]> {
  return (await db.selectFrom("api_keys").selectAll().orderBy("created_at", "desc").execute()).map(info);
}

/** Revokes a key at once; false if there is no such key or it was revoked already. */
export async function revokeKey(db: Kysely<ApiKeySchema>, id: string, now = new Date()): Promise<boolean> {
  const r = await db.updateTable("api_keys").set({ revoked_at: now.toISOString() }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
