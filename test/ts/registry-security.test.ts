import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { Vault } from "../../src/qualifier/registry/vault.js";
import { createHash, createHmac } from "node:crypto";
import { AuditKeyring, appendAudit, migrateAudit, verifyAuditLog, type AuditSchema } from "../../src/qualifier/registry/audit-log.js";
import { openDatabase } from "../../src/storage/database.js";
import { ENGINES, freshDatabaseUrl } from "../support/engines.js";

const k1 = Vault.generateKey();
const k2 = Vault.generateKey();
const indexKey = Vault.generateKey();

describe("Vault: personal data encrypted at rest", () => {
  const vault = new Vault({ keys: { "2026-01": k1 }, current: "2026-01", indexKey });

  it("seals with authenticated encryption bound to the record and field", () => {
    const sealed = vault.seal("Jérôme Castellano Müller", "applicant:42:ownerName");
    assert.doesNotMatch(sealed, /Castellano|J.r.me/, "no plain text");
    assert.equal(vault.open(sealed, "applicant:42:ownerName"), "Jérôme Castellano Müller");
    assert.notEqual(vault.seal("same", "c"), vault.seal("same", "c"), "a fresh IV each time");
    assert.throws(() => vault.open(sealed, "applicant:43:ownerName"), /moved from another record/);
    const [p, id, iv, body, tag] = sealed.split(".");
    const flipped = Buffer.from(body, "base64");
    flipped[0] ^= 1;
    assert.throws(() => vault.open([p, id, iv, flipped.toString("base64"), tag].join("."), "applicant:42:ownerName"), /does not authenticate/);
  });

  it("rotates keys: old values still open, reseal moves them to the current key", () => {
    const old = vault.seal("LEI HWUPKR0MPOU8FGXBT394", "applicant:7:lei");
    const rotated = new Vault({ keys: { "2026-01": k1, "2026-11": k2 }, current: "2026-11", indexKey });
    assert.equal(rotated.open(old, "applicant:7:lei"), "LEI HWUPKR0MPOU8FGXBT394");
    const moved = rotated.reseal(old, "applicant:7:lei");
    assert.equal(rotated.keyOf(moved), "2026-11");
    assert.equal(rotated.reseal(moved, "applicant:7:lei"), moved);
    const retired = new Vault({ keys: { "2026-11": k2 }, current: "2026-11", indexKey });
    assert.equal(retired.open(moved, "applicant:7:lei"), "LEI HWUPKR0MPOU8FGXBT394");
    assert.throws(() => retired.open(old, "applicant:7:lei"), /key "2026-01", which is not configured/);
  });

  it("indexes blindly: equal names find each other, the index reveals nothing and depends on the key", () => {
    const a = vault.blindIndex("name", "Jérôme  Castellano");
    assert.equal(a, vault.blindIndex("name", "jerome castellano"));
    assert.notEqual(a, vault.blindIndex("lei", "jerome castellano"));
    assert.match(a, /^[0-9a-f]{64}$/);
    const other = new Vault({ keys: { x: k1 }, current: "x", indexKey: Vault.generateKey() });
    assert.notEqual(a, other.blindIndex("name", "Jérôme Castellano"));
  });

  it("refuses a bad configuration with a sentence", () => {
    assert.throws(() => new Vault({ keys: { a: "c2hvcnQ=" }, current: "a", indexKey }), /must be 32 bytes/);
    assert.throws(() => new Vault({ keys: { a: k1 }, current: "b", indexKey }), /current key "b" is not among the keys/);
  });
});

for (const [engine, url] of ENGINES) {
  describe(`Audit log on ${engine}: append-only and hash-chained`, async () => {
    const database = openDatabase<AuditSchema>(await freshDatabaseUrl(url()));
    after(() => database.close());
    await migrateAudit(database.db);
    const keyring = new AuditKeyring({ keys: { a1: AuditKeyring.generateKey() }, current: "a1" });
    const entries = [
      { actor: "regulator:FINMA", action: "disclosure.requested", subject: "wallet:0xabc", reason: "case CASE-2026-0117" },
      { actor: "reviewer:alice", action: "disclosure.approved", subject: "request:1", reason: "court order attached" },
      { actor: "reviewer:bob", action: "disclosure.approved", subject: "request:1", reason: "second approval" },
      { actor: "system", action: "disclosure.answered", subject: "request:1", reason: "two approvals", data: { applicant: "sealed:42" } },
    ];
    for (const e of entries) await appendAudit(database.db, keyring, e);

    it("verifies an untouched log", async () => {
      const verdict = await verifyAuditLog(database.db, keyring);
      assert.equal(verdict.ok, true);
      assert.equal(verdict.entries, 4);
    });

    it("detects an entry rewritten in the database", async () => {
      await sql`update audit_log set reason = ${"no reason"} where seq = 2`.execute(database.db);
      const verdict = await verifyAuditLog(database.db, keyring);
      assert.deepEqual(verdict.ok ? null : [verdict.brokenAt, verdict.problem], [2, "its content does not match its hash"]);
      await sql`update audit_log set reason = ${"court order attached"} where seq = 2`.execute(database.db);
      assert.equal((await verifyAuditLog(database.db, keyring)).ok, true);
    });

    it("detects a rewrite whose hashes were recomputed, without any head kept elsewhere", async () => {
      const rows = await database.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
      const forge = async (hashOf: (canonical: string) => string, keyId: string) => {
        let prev = rows[0].prev_hash;
        for (const r of rows) {
          const reason = r.seq === 2 ? "no reason" : r.reason;
          const hash = hashOf(JSON.stringify([prev, Number(r.seq), r.at, r.actor, r.action, r.subject, reason, r.data, keyId]));
          await sql`update audit_log set reason = ${reason}, prev_hash = ${prev}, hash = ${hash}, key_id = ${keyId} where seq = ${r.seq}`.execute(database.db);
          prev = hash;
        }
      };
      const restore = async () => {
        for (const r of rows)
          await sql`update audit_log set reason = ${r.reason}, prev_hash = ${r.prev_hash}, hash = ${r.hash}, key_id = ${r.key_id} where seq = ${r.seq}`.execute(
            database.db,
          );
      };
      // An unkeyed SHA-256 chain recomputed by whoever can write to the database.
      await forge((c) => createHash("sha256").update(c).digest("hex"), "");
      const unkeyed = await verifyAuditLog(database.db, keyring);
      assert.deepEqual(unkeyed.ok ? null : unkeyed.brokenAt, 1);
      // The same under the configured key id, with a key the forger had to guess.
      await forge((c) => createHmac("sha256", AuditKeyring.generateKey()).update(c).digest("hex"), "a1");
      const guessed = await verifyAuditLog(database.db, keyring);
      assert.deepEqual(guessed.ok ? null : [guessed.brokenAt, guessed.problem], [1, "its content does not match its hash"]);
      await restore();
      assert.equal((await verifyAuditLog(database.db, keyring)).ok, true);
      const other = new AuditKeyring({ keys: { a2: AuditKeyring.generateKey() }, current: "a2" });
      const unknown = await verifyAuditLog(database.db, other);
      assert.match(unknown.ok ? "" : unknown.problem, /audit key "a1", which is not configured/);
    });

    it("detects a deleted entry, and a cut-off tail against an anchored head", async () => {
      const head = await verifyAuditLog(database.db, keyring);
      assert.ok(head.ok);
      const anchor = { seq: 4, hash: head.head };
      await sql`delete from audit_log where seq = 4`.execute(database.db);
      assert.equal((await verifyAuditLog(database.db, keyring)).ok, true, "a chain alone cannot see its tail cut off");
      const verdict = await verifyAuditLog(database.db, keyring, anchor);
      assert.deepEqual(verdict.ok ? null : verdict.brokenAt, 4);
      await sql`delete from audit_log where seq = 2`.execute(database.db);
      const gap = await verifyAuditLog(database.db, keyring);
      assert.deepEqual(gap.ok ? null : [gap.brokenAt, gap.problem], [3, "entry 2 is missing"]);
    });
  });
}
