import type { Command } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import { QualifiedError, connectRpc, explainError } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { loadQualifierConfig } from "../../qualifier/service/config.js";
import { verifyAuditLog } from "../../qualifier/registry/audit-log.js";
import { QualifierService, ROLES, type Role } from "../../qualifier/service/service.js";
import { createApiKey, listApiKeys, resealAll, revokeApiKey } from "../../qualifier/service/keys.js";
import { DEFAULT_KEY_DAYS, MAX_KEY_DAYS } from "../../auth/api-keys.js";
import { createQualifierApp } from "../../qualifier/service/app.js";
import { serveApi } from "../../api/server.js";
import { parseAddress, parseInteger, parsePrivateKey } from "../parse.js";
import { redactUrl } from "../../sdk/redact.js";
import { createLogger } from "../../logging/logger.js";
import { anchorAuditHead, readAuditAnchor } from "../../qualifier/registry/audit-anchor.js";
import type { Address } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { unlockedSigner } from "../options.js";
import { addQualifierInitCommand } from "./qualifier-init.js";
import { addQualifierClientCommands } from "./qualifier-client.js";
import { auditKeysFrom, openRegistry, qualifierFileOptions, vaultFrom, withAuditLog, withRegistry } from "../qualifier-maintenance.js";

const config = loadQualifierConfig;

/** The qualifier's own account: its private key's (QUALIFIED_QUALIFIER_PRIVATE_KEY), else `qualifierAddress` (held unlocked by the node). */
function qualifierAccountOf(cfg: ReturnType<typeof config>): PrivateKeyAccount | Address {
  const key = process.env.QUALIFIED_QUALIFIER_PRIVATE_KEY;
  if (key) return parsePrivateKey(key);
  if (cfg.qualifierAddress) return parseAddress(cfg.qualifierAddress, "qualifierAddress");
  throw new QualifiedError("set qualifierAddress in the configuration or QUALIFIED_QUALIFIER_PRIVATE_KEY");
}

/** The qualifier's own address (see qualifierAccountOf). */
function qualifierAddressOf(cfg: ReturnType<typeof config>): Address {
  const account = qualifierAccountOf(cfg);
  return typeof account === "string" ? account : account.address;
}

/** `qualified qualifier ...`: run the qualifier service and its maintenance commands. */
export function addQualifierCommands(program: Command): void {
  const q = program.command("qualifier").description("the qualifier service: KYB intake, screening, credentials, audited disclosure");
  addQualifierInitCommand(q);
  addQualifierClientCommands(q);

  qualifierFileOptions(q.command("serve").description("serve the qualifier's HTTP API (OpenAPI at /openapi.json)")).action(
    async (opts: { config: string; db?: string }) => {
      const cfg = config(opts.config);
      const auditKeyring = auditKeysFrom(cfg.audit);
      const logger = createLogger({ name: "qualifier" });
      const deployment = readDeployment(cfg.deployment);
      const connection = await connectRpc(cfg.rpc);
      const account = qualifierAccountOf(cfg);
      const issuer =
        typeof account === "string" ? await unlockedSigner(connection, account, "set QUALIFIED_QUALIFIER_PRIVATE_KEY") : connection.signer(account);
      const vault = vaultFrom(cfg.vault);
      const database = await openRegistry(opts.db ?? cfg.db);
      const service = new QualifierService({
        db: database.db,
        vault,
        auditKeyring,
        connection,
        deployment,
        issuer,
        proofContext: { chainId: connection.chain.id, registry: deployment.registries.credentials, qualifier: issuer.account.address },
        policy: cfg.policy,
        logger,
      });
      // Indexes the stored current publication, or logs that none is loaded (approvals wait for one).
      await service.start();
      const server = await serveApi(createQualifierApp(service, { requestsPerMinute: cfg.requestsPerMinute, logger }), cfg.host, cfg.port);
      console.log(`qualifier service for ${issuer.account.address} on ${server.url} (OpenAPI at ${server.url}/openapi.json)`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
      await service.close();
      await database.close();
    },
  );

  qualifierFileOptions(
    q
      .command("create-key")
      .description("create an API key for a role; the key is printed once (or written to --out) and stored only as a hash")
      .argument("<role>", ROLES.join(" | "))
      .argument("<label>", "who holds it, for the audit log"),
  )
    .option("--days <n>", `how long the key lasts (1 to ${MAX_KEY_DAYS} days)`, String(DEFAULT_KEY_DAYS))
    .option("--out <file>", "write the key to this file (readable by you only, never over an existing file) instead of printing it")
    .action(async (role: string, label: string, opts: { config: string; db?: string; days: string; out?: string }) => {
      if (!(ROLES as readonly string[]).includes(role)) throw new QualifiedError(`role "${role}" must be one of ${ROLES.join(", ")}`);
      const days = parseInteger(opts.days, "days", 1, MAX_KEY_DAYS);
      if (opts.out && existsSync(opts.out)) throw new QualifiedError(`${opts.out} exists already: give another --out`);
      await withRegistry(opts, async ({ reg }) => {
        const { id, key, expiresAt } = await createApiKey(reg, role as Role, label, { days, actor: "admin:cli" });
        if (opts.out) {
          // "wx": never over a file that appeared meanwhile; 0600: the file is the key.
          writeFileSync(opts.out, `${key}\n`, { flag: "wx", mode: 0o600 });
          console.log(
            `key ${id} for ${role} (${label}), valid until ${expiresAt}, written to ${opts.out} (readable by you only); it is not stored anywhere else`,
          );
          return;
        }
        console.log(`key ${id} for ${role} (${label}), valid until ${expiresAt}:\n${key}\nkeep it secret: it is not stored and cannot be shown again`);
      });
    });

  qualifierFileOptions(q.command("list-keys").description("list the API keys: id, role, holder, expiry, revocation (never the keys themselves)")).action(
    async (opts: { config: string; db?: string }) =>
      withRegistry(opts, async ({ database }) => {
        const now = new Date().toISOString();
        for (const k of await listApiKeys(database.db)) {
          const state = k.revokedAt
            ? `revoked ${k.revokedAt}`
            : !k.expiresAt || k.expiresAt <= now
              ? `expired ${k.expiresAt ?? ""}`
              : `valid until ${k.expiresAt}`;
          console.log(`${k.id}  ${k.role.padEnd(9)}  ${k.label}  ${state}`);
        }
      }),
  );

  qualifierFileOptions(
    q
      .command("revoke-key")
      .description("revoke an API key at once")
      .argument("<id>", "the key's id (from create-key or list-keys)")
      .argument("<reason>", "why, for the audit log"),
  ).action(async (id: string, reason: string, opts: { config: string; db?: string }) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new QualifiedError(`"${id}" is not a key id`);
    await withRegistry(opts, async ({ database, reg }) => {
      const existing = (await listApiKeys(database.db)).find((k) => k.id === id);
      if (!existing) throw new QualifiedError(`no API key ${id}`);
      if (existing.revokedAt) throw new QualifiedError(`API key ${id} was revoked already, on ${existing.revokedAt}`);
      await revokeApiKey(reg, id, reason, "admin:cli");
      console.log(`revoked key ${id} (${existing.role}, ${existing.label})`);
    });
  });

  qualifierFileOptions(q.command("rotate-keys").description("re-seal every record with the vault's current key, so older keys can be retired")).action(
    async (opts: { config: string; db?: string }) =>
      withRegistry(opts, async ({ cfg, reg }) => {
        const { moved, texts } = await resealAll(reg, reg.vault, "admin:cli");
        console.log(`re-sealed ${moved} records and ${texts} texts with key "${cfg.vault.current}"`);
      }),
  );

  qualifierFileOptions(
    q.command("anchor-audit").description("anchor the audit log's head on chain (a transaction from the qualifier to itself); run it periodically"),
  ).action(async (opts: { config: string; db?: string }) => {
    const account = qualifierAccountOf(config(opts.config));
    await withAuditLog(opts, async ({ cfg, keyring, database }) => {
      const connection = await connectRpc(cfg.rpc);
      const signer = connection.signer(account);
      // Only an intact chain is worth anchoring: a tampered one is reported, not vouched for.
      const verdict = await verifyAuditLog(database.db, keyring);
      if (!verdict.ok) throw new QualifiedError(`audit log tampered with at entry ${verdict.brokenAt}: ${verdict.problem}; not anchored`);
      if (verdict.entries === 0) throw new QualifiedError("the audit log is empty: nothing to anchor");
      const tx = await anchorAuditHead(connection, signer, { seq: verdict.entries, hash: verdict.head });
      console.log(`anchored head ${verdict.entries}:${verdict.head} in transaction ${tx}`);
    });
  });

  qualifierFileOptions(q.command("audit-verify").description("verify the audit log's keyed hash chain, read-only; exit code 1 if it was tampered with"))
    .option("--head <seq:hash>", "an anchored head published elsewhere, to catch a cut-off tail")
    .option("--anchor <tx>", "a head anchored on chain by anchor-audit (read over the configuration's RPC)")
    .action(async (opts: { config: string; db?: string; head?: string; anchor?: string }) => {
      let anchored: { seq: number; hash: string } | undefined;
      if (opts.head && opts.anchor) throw new QualifiedError("give --head or --anchor, not both");
      const cfg = config(opts.config);
      if (opts.head) {
        const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.head);
        if (!m) throw new QualifiedError(`head "${opts.head}" must be <seq>:<64 hex digits>`);
        anchored = { seq: Number(m[1]), hash: m[2] };
      } else if (opts.anchor) {
        const expected = qualifierAddressOf(cfg);
        let anchor: Awaited<ReturnType<typeof readAuditAnchor>>;
        try {
          anchor = await readAuditAnchor(await connectRpc(cfg.rpc), opts.anchor);
        } catch (e) {
          throw new QualifiedError(explainError(e));
        }
        if (anchor.by !== expected)
          throw new QualifiedError(`transaction ${opts.anchor} was sent by ${anchor.by}, not by the qualifier ${expected}: it anchors nothing of this log`);
        console.log(`anchored head ${anchor.seq}:${anchor.hash} (block ${anchor.block})`);
        anchored = anchor;
      }
      // Read-only: verifying never creates, migrates or writes anything.
      await withAuditLog(opts, async ({ keyring, database, dbUrl }) => {
        let verdict: Awaited<ReturnType<typeof verifyAuditLog>>;
        try {
          verdict = await verifyAuditLog(database.db, keyring, anchored);
        } catch (e) {
          throw new QualifiedError(`${redactUrl(dbUrl)} holds no readable audit log: ${(e as Error).message}`);
        }
        if (verdict.ok) console.log(`audit log intact: ${verdict.entries} entries, head ${verdict.entries}:${verdict.head}`);
        else {
          console.log(`audit log tampered with at entry ${verdict.brokenAt}: ${verdict.problem}`);
          process.exitCode = 1;
        }
      });
    });
}
