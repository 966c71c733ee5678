import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Address } from "viem";
import type { Connection, Deployment, Signer } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { Vault } from "../../src/qualifier/registry/vault.js";
import { AuditKeyring, migrateAudit, type AuditSchema } from "../../src/qualifier/registry/audit-log.js";
import { parseSdnXml } from "../../src/qualifier/screening/ofac.js";
import { walletProofTypedData } from "../../src/qualifier/wallet-proof.js";
import { migrateQualifier, type QualifierSchema } from "../../src/qualifier/service/schema.js";
import { QualifierService } from "../../src/qualifier/service/service.js";
import { createQualifierApp } from "../../src/qualifier/service/app.js";
import { serveApi } from "../../src/api/server.js";
import { freshDatabaseUrl } from "./engines.js";
import type { Logger } from "../../src/logging/logger.js";

/**
 * A qualifier service for `qualifier` (an admitted qualifier address), on a SQLite file (or a fresh database on
 * `databaseUrl`'s PostgreSQL server), screening against the
 * test OFAC publication, served over HTTP on a free port. Returns a JSON caller and API keys for each role.
 */
export async function startQualifierService(
  connection: Connection,
  deployment: Deployment,
  qualifier: Address,
  options: {
    databaseUrl?: string /** false: start without a loaded publication */;
    publication?: false;
    log?: (line: string) => void /** where the HTTP layer logs (default: stdout) */;
    httpLogger?: Logger;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "qualifier-"));
  const database = openDatabase<QualifierSchema>(options.databaseUrl ? await freshDatabaseUrl(options.databaseUrl) : join(dir, "qualifier.sqlite"));
  await migrateQualifier(database.db);
  await migrateAudit(database.db as unknown as Kysely<AuditSchema>);
  const proofContext = { chainId: connection.chain.id, registry: deployment.registries.credentials, qualifier };
  const vaultConfig = { keys: { k1: Vault.generateKey() } as Record<string, string>, current: "k1", indexKey: Vault.generateKey() };
  const auditKeyring = new AuditKeyring({ keys: { a1: AuditKeyring.generateKey() }, current: "a1" });
  const service = new QualifierService({
    db: database.db,
    vault: new Vault(vaultConfig),
    auditKeyring,
    connection,
    deployment,
    issuer: connection.signer(qualifier),
    proofContext,
    policy: { blockedCountries: ["US"], credentialDays: 365, disclosureApprovals: 2, nameThreshold: 0.9, maxListDrop: 0.05 },
    logger: { info: (m: string) => options.log?.(m), warn: (m: string) => options.log?.(m), error: (_o: object, m: string) => options.log?.(m) },
  });
  await service.start();
  if (options.publication !== false) {
    // The service screens against the test publication of 2026-11-01, loaded as an admin would.
    const setup = await service.createApiKey("admin", "setup");
    const principal = (await service.authenticate(setup.key))!;
    await service.loadList(principal, parseSdnXml(readFileSync(join(import.meta.dirname, "..", "fixtures", "ofac", "sdn-2026-11-01.xml"), "utf8")));
  }
  const keys = {
    applicant: (await service.createApiKey("applicant", "onboarding")).key,
    reviewer1: (await service.createApiKey("reviewer", "Maria")).key,
    reviewer2: (await service.createApiKey("reviewer", "Jonas")).key,
    regulator: (await service.createApiKey("regulator", "Swiss regulator")).key,
  };
  const server = await serveApi(createQualifierApp(service, { requestsPerMinute: 1000, logger: options.httpLogger }), "127.0.0.1", 0);
  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  let nonce = 1;
  /** A wallet's signed proof of control for an application under `lei`. */
  const signedWallet = async (w: Signer, lei: string, withNonce?: bigint, expiresAt?: bigint) => {
    const proof = {
      wallet: w.account.address,
      application: lei,
      nonce: withNonce ?? BigInt(nonce++),
      expiresAt: expiresAt ?? BigInt(Math.floor(Date.now() / 1000) + 600),
    };
    const signature = await w.signTypedData(walletProofTypedData(proofContext, proof));
    return { address: w.account.address, nonce: proof.nonce.toString(), expiresAt: Number(proof.expiresAt), signature };
  };
  return {
    service,
    database,
    dir,
    keys,
    call,
    signedWallet,
    proofContext,
    vaultConfig,
    auditKeyring,
    url: server.url,
    close: async () => {
      await server.close();
      await service.close();
      await database.close();
    },
  };
}
