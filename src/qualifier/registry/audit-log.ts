import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../../storage/migrate.js";

/**
 * An append-only, keyed hash chain: each entry's hash is an HMAC-SHA256, under a key from the configuration,
 * of its content and the previous entry's hash. Whoever can write to the database but does not hold the key
 * cannot rewrite an entry and recompute the hashes after it, so a rewrite is found without a head kept
 * elsewhere. Keys carry ids (each entry names the one that chained it), so the key rotates.
 * `reason` holds no free text: a fixed phrase, or a reference to a sealed text (`text:<uuid>`).
 */
export interface AuditSchema {
  audit_log: {
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string;
    reason: string;
    data: string; // JSON; never personal data in clear
    prev_hash: string;
    hash: string;
    key_id: string;
  };
}

/** The audit chain's keys: key id -> 32-byte key (base64), and the id new entries are chained with. */
export interface AuditKeys {
  keys: Record<string, string>;
  current: string;
}

/** The configured audit keys, checked. */
export class AuditKeyring {
  private readonly keys = new Map<string, Buffer>();
  readonly current: string;

  constructor(config: AuditKeys) {
    for (const [id, b64] of Object.entries(config.keys)) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`audit key id "${id}" must be 1-32 letters, digits, - or _`);
      const key = Buffer.from(b64, "base64");
      if (key.length !== 32) throw new Error(`audit key "${id}" must be 32 bytes (base64), not ${key.length}`);
      this.keys.set(id, key);
    }
    if (!this.keys.has(config.current)) throw new Error(`the current audit key "${config.current}" is not among the audit keys`);
    this.current = config.current;
  }

  /** A new random key, base64, for configuration. */
  static generateKey(): string {
    return randomBytes(32).toString("base64");
  }

  key(id: string): Buffer | undefined {
    return this.keys.get(id);
  }
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  reason: string;
  data?: Record<string, unknown>;
}

const GENESIS = "0".repeat(64);

const migrations: Record<string, Migration> = {
  "0001_audit_log": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_log")
        .addColumn("seq", "bigint", (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull().unique())
        .execute();
    },
  },
  // Entries written before the chain was keyed have no key id; verification reports them as unkeyed.
  "0002_keyed": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("audit_log")
        .addColumn("key_id", "text", (c) => c.notNull().defaultTo(""))
        .execute();
    },
  },
};

/** Brings the audit log's table to the latest schema. */
export async function migrateAudit(db: Kysely<AuditSchema>): Promise<void> {
  await migrate(db, "audit", migrations);
}

/** The hash of an entry: HMAC-SHA256 under its key over the previous hash and the entry's fields in a fixed order. */
function entryHash(key: Buffer, prevHash: string, e: Omit<AuditSchema["audit_log"], "hash" | "prev_hash">): string {
  const canonical = JSON.stringify([prevHash, Number(e.seq), e.at, e.actor, e.action, e.subject, e.reason, e.data, e.key_id]);
  return createHmac("sha256", key).update(canonical).digest("hex");
}

/**
 * Appends an entry. The sequence number is the primary key, so two writers racing for the same place cannot
 * both succeed: the loser retries on the new head.
 */
export async function appendAudit(db: Kysely<AuditSchema>, keyring: AuditKeyring, entry: AuditEntry, at = new Date()): Promise<AuditSchema["audit_log"]> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const head = await db.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
    const row = {
      seq: head ? Number(head.seq) + 1 : 1,
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      reason: entry.reason,
      data: JSON.stringify(entry.data ?? {}),
      key_id: keyring.current,
    };
    const prev_hash = head?.hash ?? GENESIS;
    const full = { ...row, prev_hash, hash: entryHash(keyring.key(keyring.current)!, prev_hash, row) };
    try {
      await db.insertInto("audit_log").values(full).execute();
      return full;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
  throw new Error("could not append to the audit log");
}

export type AuditVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; brokenAt: number; problem: string };

/**
 * Walks the whole chain: every entry must be keyed with a configured key, its hash must match its content and
 * link to the one before, with no gap in sequence. A rewrite with recomputed hashes fails without the key.
 * A chain cannot show that its newest entries were cut off; give `anchoredHead` (a head hash published
 * elsewhere, for example to the regulator) to catch that too.
 */
export async function verifyAuditLog(db: Kysely<AuditSchema>, keyring: AuditKeyring, anchoredHead?: { seq: number; hash: string }): Promise<AuditVerdict> {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
  let prev = GENESIS;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const seq = Number(r.seq);
    if (seq !== i + 1) return { ok: false, entries: rows.length, brokenAt: seq, problem: `entry ${i + 1} is missing` };
    if (r.prev_hash !== prev) return { ok: false, entries: rows.length, brokenAt: seq, problem: "does not link to the entry before it" };
    const { hash, prev_hash, ...fields } = r;
    if (!r.key_id) return { ok: false, entries: rows.length, brokenAt: seq, problem: "it is not keyed: written before the chain was keyed, or forged" };
    const key = keyring.key(r.key_id);
    if (!key) return { ok: false, entries: rows.length, brokenAt: seq, problem: `it was chained with audit key "${r.key_id}", which is not configured` };
    if (!timingSafeEqualHex(entryHash(key, prev_hash, fields), hash))
      return { ok: false, entries: rows.length, brokenAt: seq, problem: "its content does not match its hash" };
    prev = hash;
  }
  if (anchoredHead) {
    const at = rows[anchoredHead.seq - 1];
    if (!at || at.hash !== anchoredHead.hash) {
      return {
        ok: false,
        entries: rows.length,
        brokenAt: anchoredHead.seq,
        problem: "the anchored head is missing or differs: entries were removed or rewritten",
      };
    }
  }
  return { ok: true, entries: rows.length, head: prev };
}

function timingSafeEqualHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
