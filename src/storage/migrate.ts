import type { Kysely } from "kysely";
import { Migrator, type Migration } from "kysely/migration";

/**
 * Brings the tables of one part (`name`: "monitor", "audit") to their latest migration, tracking them in
 * `<name>_migrations`, so parts sharing a database migrate independently. Throws a sentence naming the
 * migration that failed.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs over any part's schema, as Kysely's Migrator expects (Kysely<any>).
export async function migrate(db: Kysely<any>, name: string, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: `${name}_migrations`,
    migrationLockTableName: `${name}_migrations_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`${name} migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
