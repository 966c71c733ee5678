import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../../storage/migrate.js";

/**
 * The review queue's tables. A hold is opened when a name matches a list entry; reviewers decide on it (two
 * distinct reviewers to clear, one to confirm). Reasons are sealed references (`text:<uuid>`), never free text.
 * A hold's hits (which party matched which listed name) are a sealed reference too, filed under the application.
 * Cleared matches are remembered so a cleared entry does not hold the same application again.
 */
export interface ReviewSchema {
  screening_holds: { id: string; application_id: string; hits: string; status: string; opened_at: string; closed_at: string | null };
  hold_decisions: { hold_id: string; reviewer: string; decision: string; reason: string; at: string };
  cleared_matches: { application_id: string; list_uid: string; hold_id: string };
  sanctions_flags: { id: string; application_id: string; wallets: string; status: string; transaction_hash: string | null; created_at: string };
  pending_list_loads: { id: string; requested_by: string; source: string; published_at: string; content: string; status: string; created_at: string };
}

const migrations: Record<string, Migration> = {
  "0001_review": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("screening_holds")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("application_id", "text", (c) => c.notNull())
        .addColumn("hits", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("opened_at", "text", (c) => c.notNull())
        .addColumn("closed_at", "text")
        .execute();
      await db.schema.createIndex("screening_holds_application").on("screening_holds").columns(["application_id", "status"]).execute();
      await db.schema
        .createTable("hold_decisions")
        .addColumn("hold_id", "text", (c) => c.notNull())
        .addColumn("reviewer", "text", (c) => c.notNull())
        .addColumn("decision", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("hold_decisions_pk", ["hold_id", "reviewer"])
        .execute();
      await db.schema
        .createTable("cleared_matches")
        .addColumn("application_id", "text", (c) => c.notNull())
        .addColumn("list_uid", "text", (c) => c.notNull())
        .addColumn("hold_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("cleared_matches_pk", ["application_id", "list_uid"])
        .execute();
      await db.schema
        .createTable("sanctions_flags")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("application_id", "text", (c) => c.notNull())
        .addColumn("wallets", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("transaction_hash", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("pending_list_loads")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("requested_by", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("published_at", "text", (c) => c.notNull())
        .addColumn("content", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
  },
};

export async function migrateReview(db: Kysely<ReviewSchema>): Promise<void> {
  await migrate(db, "qualifier_review", migrations);
}
