import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../../storage/migrate.js";

/** An append-only, hash-chained log: each entry's hash covers its content and the previous entry's hash. */
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
  };
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
};

/** Brings the audit log's table to the latest schema. */
export async function migrateAudit(db: Kysely<AuditSchema>): Promise<void> {
  await migrate(db, "audit", migrations);
}

/** The hash of an entry: SHA-256 over the previous hash and the entry's fields in a fixed order. */
function entryHash(prevHash: string, e: Omit<AuditSchema["audit_log"], "hash" | "prev_hash">): string {
  const canonical = JSON.stringify([prevHash, Number(e.seq), e.at, e.actor, e.action, e.subject, e.reason, e.data]);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * Appends an entry. The sequence number is the primary key, so two writers racing for the same place cannot
 * both succeed: the loser retries on the new head.
 */
export async function appendAudit(db: Kysely<AuditSchema>, entry: AuditEntry, at = new Date()): Promise<AuditSchema["audit_log"]> {
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
    };
    const prev_hash = head?.hash ?? GENESIS;
    const full = { ...row, prev_hash, hash: entryHash(prev_hash, row) };
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
 * Walks the whole chain: every hash must match its entry and link to the one before, with no gap in sequence.
 * A chain cannot show that its newest entries were cut off; give `anchoredHead` (a head hash published
 * elsewhere, for example to the regulator) to catch that too.
 */
export async function verifyAuditLog(db: Kysely<AuditSchema>, anchoredHead?: { seq: number; hash: string }): Promise<AuditVerdict> {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
  let prev = GENESIS;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const seq = Number(r.seq);
    if (seq !== i + 1) return { ok: false, entries: rows.length, brokenAt: seq, problem: `entry ${i + 1} is missing` };
    if (r.prev_hash !== prev) return { ok: false, entries: rows.length, brokenAt: seq, problem: "does not link to the entry before it" };
    const { hash, prev_hash, ...fields } = r;
    if (entryHash(prev_hash, fields) !== hash) return { ok: false, entries: rows.length, brokenAt: seq, problem: "its content does not match its hash" };
    prev = hash;
  }
  if (anchoredHead) {
    const at = rows[anchoredHead.seq - 1];
    if (!at || at.hash !== anchoredHead.hash) {
      return { ok: false, entries: rows.length, brokenAt: anchoredHead.seq, problem: "the anchored head is missing or differs: entries were removed or rewritten" };
    }
  }
  return { ok: true, entries: rows.length, head: prev };
}
