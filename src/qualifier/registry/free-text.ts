import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../../storage/migrate.js";
import type { Vault } from "./vault.js";

/**
 * Free text (a decision's reason, a disclosure request's grounds, a clearance note) names people and dates as
 * often as any form field, so it is sealed like them. Each text is one row, sealed with the vault and bound to
 * its id, and filed under the subject it concerns (`application:<id>`, `disclosure:<id>`), so erasing a subject
 * wipes every text about it at once. Tables and the audit log hold only the reference, `text:<uuid>`.
 */
export interface FreeTextSchema {
  free_texts: { id: string; subject: string; sealed: string; created_at: string };
}

const REF = /^text:([0-9a-f-]{36})$/;

const migrations: Record<string, Migration> = {
  "0001_free_texts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("free_texts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("free_texts_subject").on("free_texts").column("subject").execute();
    },
  },
};

/** Brings the free-text table to the latest schema. */
export async function migrateFreeText(db: Kysely<FreeTextSchema>): Promise<void> {
  await migrate(db, "free_text", migrations);
}

/** Whether `value` is a reference to a sealed text (what a column or the audit log holds in place of the text). */
export const isTextRef = (value: string): boolean => REF.test(value);

/** Seals `text` under `subject`; returns the reference to store in its place. */
export async function sealText(db: Kysely<FreeTextSchema>, vault: Vault, subject: string, text: string): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("free_texts")
    .values({ id, subject, sealed: vault.seal(text, `text:${id}`), created_at: new Date().toISOString() })
    .execute();
  return `text:${id}`;
}

/** The text behind a reference; null once erased (or for a value that is not a reference). */
export async function openText(db: Kysely<FreeTextSchema>, vault: Vault, ref: string | null): Promise<string | null> {
  const id = ref ? REF.exec(ref)?.[1] : undefined;
  if (!id) return null;
  const row = await db.selectFrom("free_texts").select("sealed").where("id", "=", id).executeTakeFirst();
  return row && row.sealed !== "" ? vault.open(row.sealed, `text:${id}`) : null;
}

/** Wipes every text filed under `subject` (erasure); the references stay and open to null. Returns how many. */
export async function eraseTexts(db: Kysely<FreeTextSchema>, subject: string): Promise<number> {
  const r = await db.updateTable("free_texts").set({ sealed: "" }).where("subject", "=", subject).where("sealed", "!=", "").executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Re-seals every text still on an older key (rotation). Returns how many moved. */
export async function resealTexts(db: Kysely<FreeTextSchema>, vault: Vault): Promise<number> {
  let moved = 0;
  for (const r of await db.selectFrom("free_texts").select(["id", "sealed"]).where("sealed", "!=", "").execute()) {
    const resealed = vault.reseal(r.sealed, `text:${r.id}`);
    if (resealed === r.sealed) continue;
    await db.updateTable("free_texts").set({ sealed: resealed }).where("id", "=", r.id).where("sealed", "=", r.sealed).execute();
    moved++;
  }
  return moved;
}
