import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { network } from "hardhat";
import { sql, type Kysely } from "kysely";
import type { Address, EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { verifyAuditLog, type AuditSchema } from "../../src/qualifier/registry/audit-log.js";
import { createLogger } from "../../src/logging/logger.js";
import { setupMarket } from "../support/scenario.js";
import { startQualifierService } from "../support/qualifier.js";

const LEGAL_NAME = "Helvetia Pension Fund Foundation";
const LEI = "529900T8BM49AURSDO55";
const OWNER = "Anneliese Würgler-Zbinden";
const DOB = "1971-05-02";
// Free text as people write it: names and dates of birth in reasons.
const APPROVAL = "KYB complete; UBO Annelise Wuergler born 02.05.1971 checked in person";
const REVOCATION = "Offboarded after call with Annelise Wuergler about her move";
const DISCLOSURE_GROUNDS = "Mistaken transfer; the sender says Annelise Wuergler controls the wallet";

describe("Qualifier service: disclosure, sealed free text, API keys, request ids", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const qualifier = ((await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[])[5];
  const [wallet] = market.wallets;
  const logLines: string[] = [];
  const httpLogger = createLogger({
    name: "qualifier",
    destination: new Writable({
      write: (chunk, _e, done) => {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const q = await startQualifierService(connection, market.deployment, qualifier, { httpLogger });
  const { keys, call, database, dir } = q;
  after(() => q.close());
  const admin = (await q.service.createApiKey("admin", "Ada Compliance")).key;
  const adminSecondKey = (await q.service.createApiKey("admin", "Ada Compliance")).key;
  const otherAdmin = (await q.service.createApiKey("admin", "Olaf Operations")).key;
  let applicationId = "";

  const disclose = async (requester: string, approvers: string[]) => {
    const ask = await call("POST", "/disclosures", requester, { wallet: wallet.account.address, caseRef: "CASE-2026-0117", reason: DISCLOSURE_GROUNDS });
    assert.equal(ask.status, 201, JSON.stringify(ask.body));
    for (const a of approvers) assert.equal((await call("POST", `/disclosures/${ask.body.id}/approve`, a)).status, 200);
    return ask.body.id as string;
  };

  it("approves an applicant, with a reason that names people", async () => {
    const r = await call("POST", "/applications", keys.applicant, {
      legalName: LEGAL_NAME,
      lei: LEI,
      country: "CH",
      classId: 1,
      owners: [{ name: OWNER, dateOfBirth: DOB, nationality: "CH" }],
      wallets: [await q.signedWallet(wallet, LEI)],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    applicationId = r.body.id;
    const approved = await call("POST", `/applications/${applicationId}/approve`, keys.reviewer1, { reason: APPROVAL });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
  });

  it("never lets the party that asked approve its own request, not even with another of its keys", async () => {
    const ask = await call("POST", "/disclosures", admin, { wallet: wallet.account.address, caseRef: "CASE-2026-0118", reason: DISCLOSURE_GROUNDS });
    const id = ask.body.id;
    const own = await call("POST", `/disclosures/${id}/approve`, admin);
    assert.equal(own.status, 403, JSON.stringify(own.body));
    assert.match(own.body.error, /cannot approve it/);
    assert.equal((await call("POST", `/disclosures/${id}/approve`, adminSecondKey)).status, 403, "same holder, another key");
    assert.equal((await call("POST", `/disclosures/${id}/approve`, keys.reviewer1)).body.status, "pending");
    assert.equal((await call("POST", `/disclosures/${id}/approve`, keys.reviewer1)).status, 409);
    assert.equal((await call("POST", `/disclosures/${id}/approve`, otherAdmin)).body.status, "approved", "two approvers other than the requester");
    assert.equal((await call("GET", `/disclosures/${id}`, admin)).status, 200, "the requester reads it");
  });

  it("does not count approvers whose keys the requester issued itself", async () => {
    const puppets = [];
    for (const label of ["Zed Puppet", "Yan Puppet"]) {
      const made = await call("POST", "/keys", admin, { role: "reviewer", label });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      puppets.push(made.body.key as string);
    }
    // One step removed: an admin key the requester made, which makes a reviewer key in turn.
    const proxy = await call("POST", "/keys", admin, { role: "admin", label: "Xavier Proxy" });
    const grandchild = await call("POST", "/keys", proxy.body.key, { role: "reviewer", label: "Wim Grandchild" });
    assert.equal(grandchild.status, 201);
    puppets.push(grandchild.body.key as string);
    const ask = await call("POST", "/disclosures", adminSecondKey, { wallet: wallet.account.address, caseRef: "CASE-2026-0119", reason: DISCLOSURE_GROUNDS });
    for (const puppet of puppets) {
      const r = await call("POST", `/disclosures/${ask.body.id}/approve`, puppet);
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.match(r.body.error, /issued by the party that asked/);
    }
    assert.equal((await call("GET", `/disclosures/${ask.body.id}`, adminSecondKey)).status, 409, "still unanswered");
  });

  it("lets only the requester read the answer: not another admin, not a reviewer", async () => {
    const id = await disclose(keys.regulator, [keys.reviewer1, keys.reviewer2]);
    for (const other of [otherAdmin, admin, keys.reviewer1]) assert.equal((await call("GET", `/disclosures/${id}`, other)).status, 403);
    const answer = await call("GET", `/disclosures/${id}`, keys.regulator);
    assert.equal(answer.status, 200);
    assert.deepEqual(
      [answer.body.legalName, answer.body.owners[0].name, answer.body.status, answer.body.caseRef],
      [LEGAL_NAME, OWNER, "approved", "CASE-2026-0117"],
    );
  });

  it("still answers for a revoked applicant, which is when a regulator needs it most", async () => {
    assert.equal((await call("POST", `/applications/${applicationId}/revoke`, keys.reviewer1, { reason: REVOCATION })).status, 200);
    const id = await disclose(keys.regulator, [keys.reviewer1, keys.reviewer2]);
    const answer = await call("GET", `/disclosures/${id}`, keys.regulator);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual([answer.body.status, answer.body.legalName, answer.body.lei], ["revoked", LEGAL_NAME, LEI]);
  });

  it("seals every free-text reason and wipes them on erasure, decision_reason included", async () => {
    const row = await database.db.selectFrom("applications").selectAll().where("id", "=", applicationId).executeTakeFirstOrThrow();
    assert.match(row.decision_reason ?? "", /^text:[0-9a-f-]{36}$/);
    assert.equal(await q.service.ctx.openText(row.decision_reason), REVOCATION);
    for (const r of await database.db.selectFrom("disclosure_requests").select("reason").execute()) assert.match(r.reason, /^text:/);
    const audit = database.db as unknown as Kysely<AuditSchema>;
    for (const e of await audit.selectFrom("audit_log").select("reason").execute())
      assert.match(e.reason, /^text:[0-9a-f-]{36}$/, "the audit log keeps only a sealed reference");

    assert.equal((await call("DELETE", `/applications/${applicationId}`, admin, { legalBasis: "GDPR art. 17 request" })).status, 200);
    const erased = await database.db.selectFrom("applications").selectAll().where("id", "=", applicationId).executeTakeFirstOrThrow();
    assert.equal(erased.decision_reason, null);
    assert.equal(await q.service.ctx.openText(row.decision_reason), null, "the sealed text itself is wiped");
    const left = await database.db
      .selectFrom("free_texts")
      .select("sealed")
      .where("subject", "=", `application:${applicationId}`)
      .where("sealed", "!=", "")
      .execute();
    assert.equal(left.length, 1, "only the erasure's own legal basis, written after the wipe");
    assert.equal((await verifyAuditLog(audit, q.auditKeyring)).ok, true, "the audit chain stays whole");
  });

  it("answers a disclosure about an erased applicant with the tombstone", async () => {
    const id = await disclose(keys.regulator, [keys.reviewer1, keys.reviewer2]);
    const answer = await call("GET", `/disclosures/${id}`, keys.regulator);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      [answer.body.application, answer.body.status, answer.body.erased, answer.body.legalName, answer.body.owners],
      [applicationId, "deleted", true, null, null],
    );
  });

  it("API keys expire, can be listed and revoked by an admin, and a refused key hears why", async () => {
    const created = await call("POST", "/keys", admin, { role: "reviewer", label: "Temporary auditor", days: 7 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);
    assert.equal((await call("GET", `/applications/${applicationId}`, created.body.key)).status, 200);
    assert.equal((await call("POST", "/keys", keys.reviewer1, { role: "admin", label: "me" })).status, 403);
    assert.equal((await call("POST", "/keys", admin, { role: "reviewer", label: "forever", days: 100_000 })).status, 400);
    const listed = await call("GET", "/keys", admin);
    const entry = listed.body.find((k: { id: string }) => k.id === created.body.id);
    assert.deepEqual([entry.role, entry.label, entry.revokedAt], ["reviewer", "Temporary auditor", null]);
    assert.equal(JSON.stringify(listed.body).includes(created.body.key), false, "never the key itself");
    const defaults = await call("POST", "/keys", admin, { role: "applicant", label: "Intake desk" });
    assert.ok(Math.abs((Date.parse(defaults.body.expiresAt) - Date.now()) / 86_400_000 - 90) < 0.01, "90 days by default");

    assert.equal((await call("POST", `/keys/${created.body.id}/revoke`, admin, { reason: "engagement over" })).status, 200);
    const revoked = await call("GET", `/applications/${applicationId}`, created.body.key);
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.error, /revoked/);
    const me = (await call("GET", "/keys", admin)).body.find((k: { label: string }) => k.label === "Ada Compliance");
    assert.ok(me);

    // A day passes beyond a key's expiry (the clock is the database's record of it).
    await database.db
      .updateTable("api_keys")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", defaults.body.id)
      .execute();
    const expired = await call("POST", "/applications", defaults.body.key, {});
    assert.equal(expired.status, 401);
    assert.match(expired.body.error, /expired on \d{4}-\d{2}-\d{2}/);
    const stored = await database.db.selectFrom("api_keys").select("key_hash").execute();
    assert.equal(
      stored.some((k) => k.key_hash === defaults.body.key),
      false,
      "stored hashed",
    );
  });

  it("logs a server error with the request id, without personal data or keys, and returns the id", async () => {
    await sql`alter table application_wallets rename to application_wallets_away`.execute(database.db);
    const r = await fetch(`${q.url}/applications/${applicationId}`, { headers: { authorization: `Bearer ${keys.reviewer1}` } });
    await sql`alter table application_wallets_away rename to application_wallets`.execute(database.db);
    assert.equal(r.status, 500);
    const body = (await r.json()) as { error: string; requestId: string };
    assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.get("x-request-id"), body.requestId);
    const lines = logLines.filter((l) => l.includes(body.requestId)).map((l) => JSON.parse(l));
    const error = lines.find((l) => l.msg === "internal error");
    assert.ok(error, logLines.join(""));
    assert.equal(error.level, 50);
    assert.match(error.err.message, /application_wallets/);
    const all = logLines.join("");
    for (const secret of [LEGAL_NAME, LEI, "Würgler", "Wuergler", DOB, keys.reviewer1, admin, "Bearer"])
      assert.equal(all.includes(secret), false, `"${secret}" in the log`);
    const bad = await call("POST", "/disclosures", keys.regulator, { wallet: "nope" });
    assert.equal(bad.status, 400);
    assert.match(bad.body.requestId, /^[0-9a-f-]{36}$/, "every error body carries the request id");
  });

  it("keeps no free text or personal field in plain text in the database file", async () => {
    // An applicant on hold: its screening hits link an owner to a listed name, so they are sealed too.
    const held = await call("POST", "/applications", keys.applicant, {
      legalName: "Osterbrook Holding AG",
      lei: LEI,
      country: "CH",
      classId: 1,
      owners: [{ name: "Jerome Castellano Muller", dateOfBirth: "1983-03-15", nationality: "CH" }],
      wallets: [await q.signedWallet(market.wallets[1], LEI)],
    });
    assert.equal(held.body.status, "on_hold", JSON.stringify(held.body));
    await q.close();
    const bytes = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString("latin1"))
      .join("");
    for (const secret of [
      LEGAL_NAME,
      LEI,
      "Würgler",
      "Wurgler",
      "Wuergler",
      "Anneliese",
      "Annelise",
      DOB,
      "02.05.1971",
      "Offboarded",
      "KYB complete",
      "Mistaken transfer",
      "GDPR art. 17",
      "CASE-2026-011",
    ]) {
      assert.equal(bytes.includes(secret), false, `"${secret}" appears in plain text`);
    }
    for (const hit of ['"name match"', '"matchedName"', '"listUid"', "Osterbrook", "Jerome Castellano"])
      assert.equal(bytes.includes(hit), false, `screening hit ${hit} appears in plain text`);
    assert.ok(bytes.includes("disclosure.revealed"), "the file was read (the audit actions are there)");
  });
});
