import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import { sql, type Kysely } from "kysely";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider, credentialRegistryAbi, securityTokenAbi } from "../../src/sdk/index.js";
import { resealAll } from "../../src/qualifier/service/service.js";
import { openDatabase } from "../../src/storage/database.js";
import { Vault } from "../../src/qualifier/registry/vault.js";
import { AuditKeyring, migrateAudit, verifyAuditLog, type AuditSchema } from "../../src/qualifier/registry/audit-log.js";
import { migrateQualifier, type QualifierSchema } from "../../src/qualifier/service/schema.js";
import { QualifierService } from "../../src/qualifier/service/service.js";
import { createQualifierApp } from "../../src/qualifier/service/app.js";
import { serveApi } from "../../src/api/server.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";

const LEGAL_NAME = "Helvetia Pension Fund Foundation";
const LEI = "529900T8BM49AURSDO55";
const OWNER = "Anneliese Würgler-Zbinden";

describe("Qualifier service over HTTP, against a local chain", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
  const [wallet, wallet2, stranger] = market.wallets;
  const q = await startQualifierService(connection, market.deployment, qualifier);
  const { keys, call, database, dir } = q;
  after(() => q.close());
  const signedWallet = (w: typeof wallet, lei = LEI) => q.signedWallet(w, lei);
  const application = async (overrides: Record<string, unknown> = {}) => ({
    legalName: LEGAL_NAME,
    lei: LEI,
    country: "CH",
    classId: 1,
    owners: [{ name: OWNER, dateOfBirth: "1971-05-02", nationality: "CH" }],
    wallets: [await signedWallet(wallet)],
    ...overrides,
  });
  let applicationId = "";

  it("takes an application whose wallets prove control, and keeps it pending for review", async () => {
    const r = await call("POST", "/applications", keys.applicant, await application());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, "pending");
    assert.deepEqual(r.body.hits, []);
    applicationId = r.body.id;
  });

  it("holds a name match for review; refuses a blocked country, a bad LEI and a replayed proof", async () => {
    const hit = await call(
      "POST",
      "/applications",
      keys.applicant,
      await application({ legalName: "Northwind Digital Assets", wallets: [await signedWallet(wallet2)] }),
    );
    assert.equal(hit.status, 201);
    assert.equal(hit.body.status, "on_hold");
    assert.equal(hit.body.hits[0].kind, "name match");
    assert.equal(hit.body.hits[0].listUid, "90001");
    const us = await call("POST", "/applications", keys.applicant, await application({ country: "US", wallets: [await signedWallet(stranger)] }));
    assert.deepEqual([us.status, us.body.error], [422, "applicants registered in US are not accepted under this qualifier's policy"]);
    const lei = await call("POST", "/applications", keys.applicant, await application({ lei: "529900T8BM49AURSDO56" }));
    assert.equal(lei.status, 400);
    assert.match(lei.body.error, /^lei: the check digits do not match/);
    const proof = await signedWallet(stranger);
    assert.equal((await call("POST", "/applications", keys.applicant, await application({ wallets: [proof] }))).status, 201);
    const replay = await call("POST", "/applications", keys.applicant, await application({ wallets: [proof] }));
    assert.equal(replay.status, 400);
    assert.match(replay.body.error, /replayed proof is refused/);
  });

  it("puts a credential on chain on approval, which the token's verifier accepts", async () => {
    const token = market.token;
    const before = await connection.publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "canReceive",
      args: [wallet.account.address],
    });
    assert.equal(before, false);
    assert.equal((await call("POST", `/applications/${applicationId}/approve`, keys.applicant, { reason: "looks fine" })).status, 403);
    const r = await call("POST", `/applications/${applicationId}/approve`, keys.reviewer1, { reason: "KYB complete, no hits" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const after = await connection.publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "canReceive",
      args: [wallet.account.address],
    });
    assert.equal(after, true);
    const read = await call("GET", `/applications/${applicationId}`, keys.reviewer2);
    assert.equal(read.body.profile.legalName, LEGAL_NAME);
    assert.match(read.body.wallets[0].credentialId, /^\d+$/);
    assert.equal((await call("POST", `/applications/${applicationId}/approve`, keys.reviewer1, { reason: "again" })).status, 409);
  });

  it("renews credentials on chain and finds applications through the blind indexes", async () => {
    const read = await call("GET", `/applications/${applicationId}`, keys.reviewer1);
    const credentialId = BigInt(read.body.wallets[0].credentialId);
    const registry = market.deployment.registries.credentials;
    const before = (
      await connection.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "credential", args: [credentialId] })
    ).expiresAt;
    await provider.request({ method: "evm_increaseTime", params: [86_400] });
    assert.equal((await call("POST", `/applications/${applicationId}/renew`, keys.reviewer2, { reason: "annual review" })).status, 200);
    const after = (
      await connection.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "credential", args: [credentialId] })
    ).expiresAt;
    assert.ok(after > before, `expiry moved from ${before} to ${after}`);

    const byLei = await call("GET", `/applications?lei=${LEI}`, keys.reviewer1);
    assert.ok(byLei.body.some((a: { id: string }) => a.id === applicationId));
    const byName = await call("GET", `/applications?name=${encodeURIComponent("helvetia pension fund foundation")}`, keys.reviewer1);
    assert.ok(
      byName.body.some((a: { id: string }) => a.id === applicationId),
      "names match whatever their case",
    );
    assert.deepEqual((await call("GET", "/applications?name=Nobody", keys.reviewer1)).body, []);
    assert.equal((await call("GET", "/applications", keys.reviewer1)).status, 400);
    assert.equal((await call("GET", `/applications?lei=${LEI}`, keys.applicant)).status, 403);
  });

  it("discloses who is behind a wallet only after two distinct approvals, logging every step", async () => {
    const ask = await call("POST", "/disclosures", keys.regulator, {
      wallet: wallet.account.address,
      caseRef: "CASE-2026-0117",
      reason: "mistaken transfer under investigation",
    });
    assert.equal(ask.status, 201);
    const id = ask.body.id;
    assert.equal((await call("GET", `/disclosures/${id}`, keys.regulator)).status, 409);
    assert.equal((await call("POST", `/disclosures/${id}/approve`, keys.reviewer1)).body.status, "pending");
    assert.equal((await call("POST", `/disclosures/${id}/approve`, keys.reviewer1)).status, 409, "the same approver twice");
    assert.equal((await call("POST", `/disclosures/${id}/approve`, keys.reviewer2)).body.status, "approved");
    assert.equal((await call("GET", `/disclosures/${id}`, keys.reviewer1)).status, 403, "only the requester reads the answer");
    const answer = await call("GET", `/disclosures/${id}`, keys.regulator);
    assert.equal(answer.status, 200);
    assert.deepEqual([answer.body.legalName, answer.body.lei, answer.body.owners[0].name], [LEGAL_NAME, LEI, OWNER]);

    const audit = database.db as unknown as Kysely<AuditSchema>;
    const actions = (await audit.selectFrom("audit_log").select(["action", "subject"]).orderBy("seq").execute())
      .filter((a) => a.subject === `disclosure:${id}`)
      .map((a) => a.action);
    assert.deepEqual(actions, ["disclosure.requested", "disclosure.approved", "disclosure.approved", "disclosure.revealed"]);
    assert.equal((await verifyAuditLog(audit, q.auditKeyring)).ok, true);
    await sql`update audit_log set reason = ${"nothing to see"} where action = ${"disclosure.revealed"}`.execute(audit);
    const verdict = await verifyAuditLog(audit, q.auditKeyring);
    assert.equal(verdict.ok, false, "a rewritten entry is detected");
  });

  it("re-screens everyone on a new list publication: a new hit revokes the credential on chain, with an alert", async () => {
    const admin = (await q.service.createApiKey("admin", "compliance officer")).key;
    const osprey = await call(
      "POST",
      "/applications",
      keys.applicant,
      await application({
        legalName: "Osprey Liquidity Partners",
        lei: "5493001KJTIIGC8Y1R12",
        wallets: [await signedWallet(wallet2, "5493001KJTIIGC8Y1R12")],
      }),
    );
    assert.equal(osprey.body.status, "pending", "not listed yet");
    await call("POST", `/applications/${osprey.body.id}/approve`, keys.reviewer1, { reason: "clean" });
    assert.equal(
      await connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "canReceive", args: [wallet2.account.address] }),
      true,
    );

    const content = readFileSync(join(import.meta.dirname, "..", "fixtures", "ofac", "sdn-2026-11-15.xml"), "utf8");
    assert.equal((await call("POST", "/lists", keys.reviewer1, { format: "SDN.XML", content })).status, 403);
    // It drops one of the three parties of 2026-11-01: more than the policy's 5%, so a second admin confirms it.
    const held = await call("POST", "/lists", admin, { format: "SDN.XML", content });
    assert.equal(held.status, 202, JSON.stringify(held.body));
    const admin2 = (await q.service.createApiKey("admin", "second officer")).key;
    const loaded = await call("POST", `/lists/pending/${held.body.pending}/confirm`, admin2);
    assert.equal(loaded.status, 201, JSON.stringify(loaded.body));
    assert.deepEqual(loaded.body.diff, { added: 1, removed: 1, addressesAdded: 1, addressesRemoved: 1 });
    assert.deepEqual(loaded.body.revoked, [osprey.body.id]);
    assert.equal(
      await connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "canReceive", args: [wallet2.account.address] }),
      false,
    );
    const alerts = await database.db.selectFrom("screening_alerts").selectAll().execute();
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].reason, /^text:[0-9a-f-]{36}$/, "the alert's reason is sealed like any free text");
    assert.match((await q.service.ctx.openText(alerts[0].reason)) ?? "", /SDN.XML of 2026-11-15: a name matches list entry 90004/);
    assert.equal((await call("GET", `/applications/${applicationId}`, keys.reviewer1)).body.status, "approved", "the clean applicant keeps its credential");
    assert.equal(
      (
        await call("POST", "/lists", admin, {
          format: "SDN.XML",
          content: readFileSync(join(import.meta.dirname, "..", "fixtures", "ofac", "sdn-2026-11-01.xml"), "utf8"),
        })
      ).status,
      409,
      "an older publication is refused",
    );
    assert.equal((await call("POST", "/lists", admin, { format: "SDN.CSV", content: "garbage" })).status, 400);
  });

  it("revokes on request, then erases the applicant's personal data while the audit trail stays whole", async () => {
    const admin = (await q.service.createApiKey("admin", "dpo")).key;
    assert.equal((await call("DELETE", `/applications/${applicationId}`, admin, { legalBasis: "GDPR art. 17 request" })).status, 409, "revoke first");
    assert.equal((await call("POST", `/applications/${applicationId}/revoke`, keys.reviewer1, { reason: "client offboarded" })).status, 200);
    assert.equal(
      await connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "canReceive", args: [wallet.account.address] }),
      false,
    );
    assert.equal((await call("DELETE", `/applications/${applicationId}`, keys.reviewer1, { legalBasis: "GDPR art. 17 request" })).status, 403);
    const erased = await call("DELETE", `/applications/${applicationId}`, admin, { legalBasis: "GDPR art. 17 request" });
    assert.equal(erased.status, 200);
    const read = await call("GET", `/applications/${applicationId}`, keys.reviewer1);
    assert.deepEqual([read.body.status, read.body.profile], ["deleted", null]);
    const audit = database.db as unknown as Kysely<AuditSchema>;
    const verdict = await verifyAuditLog(audit, q.auditKeyring);
    assert.equal(verdict.ok, false, "the entry rewritten in the previous test is still detected");
    const actions = (await audit.selectFrom("audit_log").select(["action"]).where("subject", "=", `application:${applicationId}`).orderBy("seq").execute()).map(
      (a) => a.action,
    );
    assert.deepEqual(actions.slice(0, 2), ["application.received", "application.approved"]);
    assert.deepEqual(actions.slice(-2), ["application.erased", "application.viewed"], "even reading the tombstone is logged");
  });

  // Last of the HTTP flow: after it the running service no longer holds the key the records are sealed with.
  it("rotates the vault key: every record moves to the new key and opens without the old one", async () => {
    const newKey = Vault.generateKey();
    const rows = await database.db.selectFrom("applications").select(["id", "sealed"]).where("sealed", "!=", "").execute();
    const oldKeyId = rows[0].sealed.split(".")[1];
    // The operator adds the new key, makes it current, and runs the rotation.
    const both = new Vault({ keys: { [oldKeyId]: q.vaultConfig.keys[oldKeyId], k2: newKey }, current: "k2", indexKey: q.vaultConfig.indexKey });
    const { moved, texts } = await resealAll({ db: database.db, vault: both, auditKeyring: q.auditKeyring });
    assert.ok(texts > 0, "the sealed reasons move too");
    assert.equal(moved, rows.length);
    const onlyNew = new Vault({ keys: { k2: newKey }, current: "k2", indexKey: q.vaultConfig.indexKey });
    for (const r of await database.db.selectFrom("applications").select(["id", "sealed"]).where("sealed", "!=", "").execute()) {
      assert.equal(onlyNew.keyOf(r.sealed), "k2");
      assert.ok(JSON.parse(onlyNew.open(r.sealed, `application:${r.id}`)).lei);
    }
    assert.deepEqual(await resealAll({ db: database.db, vault: both, auditKeyring: q.auditKeyring }), { moved: 0, texts: 0 }, "running it again moves nothing");
  });

  it("keeps no personal field in plain text in the database file", async () => {
    await q.close();
    const bytes = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString("latin1"))
      .join("");
    for (const secret of [LEGAL_NAME, LEI, "Würgler", "Wurgler", "Anneliese", "1971-05-02"]) {
      assert.equal(bytes.includes(secret), false, `"${secret}" appears in plain text`);
    }
    assert.ok(bytes.includes("disclosure.revealed"), "the file was read (the audit actions are there)");
  });
});

describe("Qualifier service: malformed requests change nothing", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const database = openDatabase<QualifierSchema>(":memory:");
  await migrateQualifier(database.db);
  await migrateAudit(database.db as unknown as Kysely<AuditSchema>);
  const qualifier = market.wallets[0].account.address;
  const service = new QualifierService({
    db: database.db,
    vault: new Vault({ keys: { k: Vault.generateKey() }, current: "k", indexKey: Vault.generateKey() }),
    auditKeyring: new AuditKeyring({ keys: { a: AuditKeyring.generateKey() }, current: "a" }),
    connection,
    deployment: market.deployment,
    issuer: market.wallets[0],
    proofContext: { chainId: connection.chain.id, registry: market.deployment.registries.credentials, qualifier },
    policy: { blockedCountries: [], credentialDays: 30, disclosureApprovals: 2, nameThreshold: 0.9 },
  });
  const key = (await service.createApiKey("applicant", "t")).key;
  const server = await serveApi(createQualifierApp(service, { requestsPerMinute: 5, maxBodyBytes: 2048 }), "127.0.0.1", 0);
  after(async () => {
    await server.close();
    await service.close();
    await database.close();
  });
  const post = (body: string, auth = `Bearer ${key}`) =>
    fetch(`${server.url}/applications`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body });

  it("answers 4xx with a sentence, stores nothing, serves OpenAPI, limits size and rate", async () => {
    assert.equal((await fetch(`${server.url}/openapi.json`)).status, 200);
    assert.equal((await post("{}", "Bearer nope")).status, 401);
    const cases: [string, number, RegExp][] = [
      ["not json", 400, /must be JSON/],
      [JSON.stringify({ legalName: "x" }), 400, /^lei: /],
      [JSON.stringify({ legalName: "x", lei: "x", country: "ch", classId: 1, owners: [], wallets: [] }), 400, /^country: /],
      ["x".repeat(5000), 413, /too large/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, status, body.slice(0, 40));
      assert.match(((await r.json()) as { error: string }).error, message);
    }
    assert.equal((await database.db.selectFrom("applications").select("id").execute()).length, 0);
    // Counted so far: three authenticated requests (the 401 and the 413 are refused before the rate limit).
    for (let i = 4; i <= 5; i++) assert.equal((await post("{}")).status, 400, `request ${i} is still served`);
    assert.equal((await post("{}")).status, 429, "the sixth request in a minute is refused");
  });
});
