import type { Command } from "commander";
import type { Kysely } from "kysely";
import { QualifiedError } from "../../sdk/index.js";
import { openDatabase } from "../../storage/database.js";
import { DEFAULT_KEY_DAYS, MAX_KEY_DAYS, createKey, listKeys, migrateApiKeys, revokeKey, type ApiKeySchema } from "../../auth/api-keys.js";
import { MONITOR_ROLE, MONITOR_ROLES } from "../../api/server.js";
import { parseInteger } from "../parse.js";
import { monitorDbOption } from "../options.js";

async function withKeys<T>(db: string, run: (keys: Kysely<ApiKeySchema>) => Promise<T>): Promise<T> {
  const database = openDatabase<ApiKeySchema>(db);
  try {
    await migrateApiKeys(database.db);
    return await run(database.db);
  } finally {
    await database.close();
  }
}

/** `qualified api-key ...`: the monitor API's keys (hashed at rest, expiring, revocable). */
export function addApiKeyCommands(program: Command): void {
  const k = program.command("api-key").description("API keys of the monitor API (qualified api)");
  monitorDbOption(k.command("create").description("create a key; printed once, stored only as a hash").argument("<label>", "who holds it"))
    .option("--days <n>", `how long it lasts (1 to ${MAX_KEY_DAYS} days)`, String(DEFAULT_KEY_DAYS))
    .option("--role <role>", `what it may do: ${MONITOR_ROLE} (read only) or operator (read, and acknowledge alerts)`, MONITOR_ROLE)
    .action(async (label: string, opts: { db: string; days: string; role: string }) => {
      const days = parseInteger(opts.days, "days", 1, MAX_KEY_DAYS);
      if (!(MONITOR_ROLES as readonly string[]).includes(opts.role))
        throw new QualifiedError(`--role must be one of ${MONITOR_ROLES.join(", ")}, not "${opts.role.slice(0, 40)}"`);
      const { key, info } = await withKeys(opts.db, (keys) => createKey(keys, { role: opts.role, label, days, prefix: "mk" }));
      console.log(
        `${info.role} key ${info.id} for ${info.label}, valid until ${info.expiresAt}:\n${key}\nkeep it secret: it is not stored and cannot be shown again`,
      );
    });
  monitorDbOption(k.command("list").description("list the keys (never the keys themselves)")).action(async (opts: { db: string }) => {
    const now = new Date().toISOString();
    for (const i of await withKeys(opts.db, listKeys)) {
      const state = i.revokedAt ? `revoked ${i.revokedAt}` : !i.expiresAt || i.expiresAt <= now ? `expired ${i.expiresAt ?? ""}` : `valid until ${i.expiresAt}`;
      console.log(`${i.id}  ${i.label}  ${state}  ${i.role}`);
    }
  });
  monitorDbOption(k.command("revoke").description("revoke a key at once").argument("<id>", "the key's id")).action(async (id: string, opts: { db: string }) => {
    if (!(await withKeys(opts.db, (keys) => revokeKey(keys, id)))) throw new QualifiedError(`no API key ${id} that is not revoked already`);
    console.log(`revoked key ${id}`);
  });
}
