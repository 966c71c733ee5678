import type { Command } from "commander";
import type { Kysely } from "kysely";
import { QualifiedError, connectRpc, readDeployment, unlockedAccounts } from "../sdk/index.js";
import { openDatabase } from "../storage/database.js";
import { loadQualifierConfig } from "../qualifier/service/config.js";
import { migrateQualifier, type QualifierSchema } from "../qualifier/service/schema.js";
import { migrateAudit, verifyAuditLog, type AuditSchema } from "../qualifier/registry/audit-log.js";
import { Vault } from "../qualifier/registry/vault.js";
import { QualifierService, ROLES, createApiKey, resealAll, type Role } from "../qualifier/service/service.js";
import { createQualifierApp } from "../qualifier/service/app.js";
import { serveApi } from "../api/server.js";
import { parseAddress, parsePrivateKey } from "./parse.js";

const config = loadQualifierConfig;

/** The vault from the configuration's keys, or a sentence saying what is wrong with them. */
function vaultFrom(keys: ConstructorParameters<typeof Vault>[0]): Vault {
  try {
    return new Vault(keys);
  } catch (e) {
    throw new QualifiedError(`vault: ${(e as Error).message}`);
  }
}

async function openRegistry(dbUrl: string) {
  const database = openDatabase<QualifierSchema>(dbUrl);
  await migrateQualifier(database.db);
  await migrateAudit(database.db as unknown as Kysely<AuditSchema>);
  return database;
}

/** `qualified qualifier ...`: run the qualifier service and its maintenance commands. */
export function addQualifierCommands(program: Command): void {
  const q = program.command("qualifier").description("the qualifier service: KYB intake, screening, credentials, audited disclosure");

  q.command("serve")
    .description("serve the qualifier's HTTP API (OpenAPI at /openapi.json)")
    .option("--config <file>", "configuration file (JSON)", "qualifier.json")
    .action(async (opts: { config: string }) => {
      const cfg = config(opts.config);
      const deployment = readDeployment(cfg.deployment);
      const connection = await connectRpc(cfg.rpc);
      const key = process.env.QUALIFIED_QUALIFIER_PRIVATE_KEY;
      let issuer;
      if (key) issuer = connection.signer(parsePrivateKey(key));
      else if (cfg.qualifierAddress) {
        const address = parseAddress(cfg.qualifierAddress, "qualifierAddress");
        if (!(await unlockedAccounts(connection)).some((a) => a.toLowerCase() === address.toLowerCase())) {
          throw new QualifiedError(`the node does not hold ${address} unlocked: set QUALIFIED_QUALIFIER_PRIVATE_KEY`);
        }
        issuer = connection.signer(address);
      } else throw new QualifiedError("set qualifierAddress in the configuration or QUALIFIED_QUALIFIER_PRIVATE_KEY");
      const vault = vaultFrom(cfg.vault);
      const database = await openRegistry(cfg.db);
      const service = new QualifierService({
        db: database.db,
        vault,
        connection,
        deployment,
        issuer,
        proofContext: { chainId: connection.chain.id, registry: deployment.registries.credentials, qualifier: issuer.account.address },
        sanctions: () => [],
        policy: cfg.policy,
      });
      const server = await serveApi(createQualifierApp(service, { requestsPerMinute: cfg.requestsPerMinute }), cfg.host, cfg.port);
      console.log(`qualifier service for ${issuer.account.address} on ${server.url} (OpenAPI at ${server.url}/openapi.json)`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
      await database.close();
    });

  q.command("create-key")
    .description("create an API key for a role; the key is printed once and stored only as a hash")
    .argument("<role>", ROLES.join(" | "))
    .argument("<label>", "who holds it, for the audit log")
    .option("--db <url>", "the qualifier's database", "data/qualifier.sqlite")
    .action(async (role: string, label: string, opts: { db: string }) => {
      if (!(ROLES as readonly string[]).includes(role)) throw new QualifiedError(`role "${role}" must be one of ${ROLES.join(", ")}`);
      const database = await openRegistry(opts.db);
      try {
        const { id, key } = await createApiKey(database.db, role as Role, label);
        console.log(`key ${id} for ${role} (${label}):\n${key}\nkeep it secret: it is not stored and cannot be shown again`);
      } finally {
        await database.close();
      }
    });

  q.command("rotate-keys")
    .description("re-seal every record with the vault's current key, so older keys can be retired")
    .option("--config <file>", "configuration file (JSON)", "qualifier.json")
    .action(async (opts: { config: string }) => {
      const cfg = config(opts.config);
      const vault = vaultFrom(cfg.vault);
      const database = await openRegistry(cfg.db);
      try {
        const { moved } = await resealAll(database.db, vault, "admin:cli");
        console.log(`re-sealed ${moved} records with key "${cfg.vault.current}"`);
      } finally {
        await database.close();
      }
    });

  q.command("audit-verify")
    .description("verify the audit log's hash chain; exit code 1 if it was tampered with")
    .option("--db <url>", "the qualifier's database", "data/qualifier.sqlite")
    .option("--head <seq:hash>", "an anchored head published elsewhere, to catch a cut-off tail")
    .action(async (opts: { db: string; head?: string }) => {
      let anchored;
      if (opts.head) {
        const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.head);
        if (!m) throw new QualifiedError(`head "${opts.head}" must be <seq>:<64 hex digits>`);
        anchored = { seq: Number(m[1]), hash: m[2] };
      }
      const database = await openRegistry(opts.db);
      try {
        const verdict = await verifyAuditLog(database.db as unknown as Kysely<AuditSchema>, anchored);
        if (verdict.ok) console.log(`audit log intact: ${verdict.entries} entries, head ${verdict.entries}:${verdict.head}`);
        else {
          console.log(`audit log tampered with at entry ${verdict.brokenAt}: ${verdict.problem}`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });
}
