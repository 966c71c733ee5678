import type { Command } from "commander";
import type { Kysely } from "kysely";
import { QualifiedError } from "../sdk/index.js";
import { openDatabase, type Database } from "../storage/database.js";
import { loadQualifierConfig, type QualifierConfig } from "../qualifier/service/config.js";
import { migrateQualifier, type QualifierSchema } from "../qualifier/service/schema.js";
import { AuditKeyring, migrateAudit, type AuditSchema } from "../qualifier/registry/audit-log.js";
import { Vault } from "../qualifier/registry/vault.js";

/** Where every qualifier subcommand finds its configuration unless told otherwise. */
export const DEFAULT_QUALIFIER_CONFIG = "qualifier.json";

/** The options by which every qualifier subcommand names its configuration and, to override it, its database. */
export interface QualifierFileOptions {
  config: string;
  db?: string;
}

/** `--config FILE` and `--db URL`, worded the same on every qualifier subcommand that reads the configuration. */
export function qualifierFileOptions(command: Command): Command {
  return command
    .option("--config <file>", "the qualifier's configuration (JSON, as `qualified qualifier init` writes it)", DEFAULT_QUALIFIER_CONFIG)
    .option("--db <url>", "the qualifier's database, instead of the one the configuration names");
}

/** The vault from the configuration's keys, or a sentence saying what is wrong with them. */
export function vaultFrom(keys: QualifierConfig["vault"]): Vault {
  try {
    return new Vault(keys);
  } catch (e) {
    throw new QualifiedError(`vault: ${(e as Error).message}`);
  }
}

/** The audit chain's keys from the configuration, or a sentence saying what is wrong with them. */
export function auditKeysFrom(keys: QualifierConfig["audit"]): AuditKeyring {
  try {
    return new AuditKeyring(keys);
  } catch (e) {
    throw new QualifiedError(`audit: ${(e as Error).message}`);
  }
}

/** Opens (and migrates) the registry's database. */
export async function openRegistry(dbUrl: string): Promise<Database<QualifierSchema>> {
  const database = openDatabase<QualifierSchema>(dbUrl);
  await migrateQualifier(database.db);
  await migrateAudit(database.db as unknown as Kysely<AuditSchema>);
  return database;
}

export interface Registry {
  cfg: QualifierConfig;
  database: Database<QualifierSchema>;
  reg: { db: Database<QualifierSchema>["db"]; vault: Vault; auditKeyring: AuditKeyring };
}

/** Runs a maintenance command on the registry the configuration names (or --db), and closes it whatever happens. */
export async function withRegistry<T>(opts: QualifierFileOptions, fn: (r: Registry) => Promise<T>): Promise<T> {
  const cfg = loadQualifierConfig(opts.config);
  const vault = vaultFrom(cfg.vault);
  const auditKeyring = auditKeysFrom(cfg.audit);
  const database = await openRegistry(opts.db ?? cfg.db);
  try {
    return await fn({ cfg, database, reg: { db: database.db, vault, auditKeyring } });
  } finally {
    await database.close();
  }
}

/** Runs `fn` on the audit log the configuration names (or --db), opened read-only: verifying never creates, migrates or writes. */
export async function withAuditLog<T>(
  opts: QualifierFileOptions,
  fn: (a: { cfg: QualifierConfig; keyring: AuditKeyring; database: Database<AuditSchema>; dbUrl: string }) => Promise<T>,
): Promise<T> {
  const cfg = loadQualifierConfig(opts.config);
  const keyring = auditKeysFrom(cfg.audit);
  const dbUrl = opts.db ?? cfg.db;
  const database = openDatabase<AuditSchema>(dbUrl, { readOnly: true });
  try {
    return await fn({ cfg, keyring, database, dbUrl });
  } finally {
    await database.close();
  }
}
