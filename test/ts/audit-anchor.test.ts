import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { sql } from "kysely";
import { getAddress, type Address, type EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { AuditKeyring, appendAudit, migrateAudit, verifyAuditLog, type AuditSchema } from "../../src/qualifier/registry/audit-log.js";
import { anchorAuditHead, readAuditAnchor } from "../../src/qualifier/registry/audit-anchor.js";

describe("Audit head anchored on chain", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const [qualifier, stranger] = (await connection.publicClient.request({ method: "eth_accounts" } as never)) as Address[];
  const database = openDatabase<AuditSchema>(":memory:");
  after(() => database.close());
  await migrateAudit(database.db);
  const keyring = new AuditKeyring({ keys: { a1: AuditKeyring.generateKey() }, current: "a1" });
  for (let i = 0; i < 5; i++)
    await appendAudit(database.db, keyring, { actor: "reviewer:x", action: "application.viewed", subject: `application:${i}`, reason: "review" });

  it("anchors the head, and the anchor catches entries cut off the end of a keyed chain", async () => {
    const head = await verifyAuditLog(database.db, keyring);
    assert.ok(head.ok);
    const tx = await anchorAuditHead(connection, connection.signer(qualifier), { seq: head.entries, hash: head.head });
    const anchor = await readAuditAnchor(connection, tx);
    assert.deepEqual([anchor.seq, anchor.hash, anchor.by], [5, head.head, getAddress(qualifier)]);
    assert.equal((await verifyAuditLog(database.db, keyring, anchor)).ok, true);

    await sql`delete from audit_log where seq >= 4`.execute(database.db);
    assert.equal((await verifyAuditLog(database.db, keyring)).ok, true, "a keyed chain alone cannot see its tail cut off");
    const verdict = await verifyAuditLog(database.db, keyring, anchor);
    assert.deepEqual(verdict.ok ? null : verdict.brokenAt, 5);
  });

  it("refuses what is not an anchor", async () => {
    const plain = await connection.signer(stranger).sendTransaction({ to: qualifier, value: 1n });
    await connection.publicClient.waitForTransactionReceipt({ hash: plain });
    await assert.rejects(readAuditAnchor(connection, plain), /is not an audit anchor/);
    await assert.rejects(readAuditAnchor(connection, `0x${"11".repeat(32)}`), /is not on this chain/);
    await assert.rejects(readAuditAnchor(connection, "0x1234"), /is not a transaction hash/);
  });
});
