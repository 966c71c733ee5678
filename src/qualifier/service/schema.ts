import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { migrate } from "../../storage/migrate.js";
import type { AuditSchema } from "../registry/audit-log.js";
import { migrateFreeText, type FreeTextSchema } from "../registry/free-text.js";
import { migrateApiKeys, type ApiKeySchema } from "../../auth/api-keys.js";
import { migrateReview, type ReviewSchema } from "./review-schema.js";

/**
 * The qualifier's private registry. Personal data (legal name, LEI, beneficial owners) lives only in `sealed`,
 * encrypted by the vault; `lei_index` and `name_index` are blind indexes to search without names.
 */
export interface QualifierSchema extends AuditSchema, FreeTextSchema, ReviewSchema {
  api_keys: ApiKeySchema["api_keys"];
  applications: {
    id: string;
    status: string; // pending | approving (issuance under way) | on_hold | approved | rejected | revoked | deleted
    country: string;
    class_id: number;
    lei_index: string;
    name_index: string;
    sealed: string;
    screening: string; // sealed reference (text:<uuid>) to the hits as JSON; empty when none or erased
    decision_reason: string | null;
    created_at: string;
    decided_at: string | null;
  };
  application_wallets: { application_id: string; address: string; credential_id: string | null };
  used_nonces: { wallet: string; nonce: string };
  disclosure_requests: { id: string; wallet: string; requester: string; case_ref: string; reason: string; status: string; created_at: string };
  disclosure_approvals: { request_id: string; approver: string; at: string };
  list_versions: { id: string; source: string; published_at: string; loaded_at: string; entries: number; diff: string; content: string };
  screening_alerts: { id: string; application_id: string; list_version: string; reason: string; created_at: string };
}

const migrations: Record<string, Migration> = {
  "0001_registry": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("key_hash", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("applications")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("country", "text", (c) => c.notNull())
        .addColumn("class_id", "integer", (c) => c.notNull())
        .addColumn("lei_index", "text", (c) => c.notNull())
        .addColumn("name_index", "text", (c) => c.notNull())
        .addColumn("sealed", "text", (c) => c.notNull())
        .addColumn("screening", "text", (c) => c.notNull())
        .addColumn("decision_reason", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .execute();
      await db.schema.createIndex("applications_lei").on("applications").column("lei_index").execute();
      await db.schema
        .createTable("application_wallets")
        .addColumn("application_id", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("credential_id", "text")
        .addPrimaryKeyConstraint("application_wallets_pk", ["application_id", "address"])
        .execute();
      await db.schema.createIndex("application_wallets_address").on("application_wallets").column("address").execute();
      await db.schema
        .createTable("used_nonces")
        .addColumn("wallet", "text", (c) => c.notNull())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("used_nonces_pk", ["wallet", "nonce"])
        .execute();
      await db.schema
        .createTable("disclosure_requests")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("wallet", "text", (c) => c.notNull())
        .addColumn("requester", "text", (c) => c.notNull())
        .addColumn("case_ref", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("disclosure_approvals")
        .addColumn("request_id", "text", (c) => c.notNull())
        .addColumn("approver", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("disclosure_approvals_pk", ["request_id", "approver"])
        .execute();
    },
  },
};

migrations["0002_lists"] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("list_versions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("published_at", "text", (c) => c.notNull())
      .addColumn("loaded_at", "text", (c) => c.notNull())
      .addColumn("entries", "integer", (c) => c.notNull())
      .addColumn("diff", "text", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("screening_alerts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("application_id", "text", (c) => c.notNull())
      .addColumn("list_version", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
  },
};

export async function migrateQualifier(db: Kysely<QualifierSchema>): Promise<void> {
  await migrate(db, "qualifier", migrations);
  await migrateFreeText(db as unknown as Kysely<FreeTextSchema>);
  await migrateApiKeys(db as unknown as Kysely<ApiKeySchema>);
  await migrateReview(db as unknown as Kysely<ReviewSchema>);
}
