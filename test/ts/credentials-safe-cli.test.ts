import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import {
  admitQualifierCall,
  connectRpc,
  createSafe,
  credentialIdParts,
  credentialRegistryAbi,
  governViaTimelock,
  unlockedAccounts,
  type Connection,
} from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

describe("qualified credentials --via-safe: a qualifier whose issuing account is a Safe issues, renews and revokes through proposals", () => {
  let s: SandboxProcess;
  let connection: Connection;
  let safe: Address;
  let owners: Address[];
  let holder: Address;
  let file: string;
  let registry: Address;

  before(async () => {
    s = await startSandbox({ prefix: "qualified-credentials-safe-" });
    file = join(s.dir, "local.safe.json");
    connection = await connectRpc(s.rpc);
    const deployment = readDeployment(s.deploymentFile);
    registry = deployment.registries.credentials;
    // Three accounts the sandbox gives no part own the qualifier's Safe; two of them must sign.
    owners = (await unlockedAccounts(connection)).slice(12, 15);
    holder = (await unlockedAccounts(connection))[16];
    safe = await createSafe(connection, { deployer: connection.signer(s.sandbox.accounts.deployer), infrastructure: deployment.safe, owners, threshold: 2 });
    const [g1, g2] = s.sandbox.accounts.governanceOwners.map((o) => connection.signer(o as Address));
    await governViaTimelock(connection, {
      deployment,
      calls: [admitQualifierCall({ deployment, account: safe, name: "Safe KYB", classes: [1] })],
      signers: [g1, g2],
      label: "a Safe as qualifier",
    });
  });
  after(() => s?.stop());

  const ok = (...args: string[]) => {
    const r = s.run(args);
    assert.equal(r.status, 0, `${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const refused = (args: string[], sentence: RegExp) => {
    const r = s.run(args);
    assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
    assert.match(lines[0], sentence);
  };
  const stored = () => (existsSync(file) ? readFileSync(file, "utf8") : "");
  const idsOf = (a: Address) =>
    connection.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "credentialsOf", args: [a] });
  const credential = (id: bigint) =>
    connection.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "credential", args: [id] });
  const seconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
  const approveAndExecute = (id: number) => {
    ok("safe", "approve", String(id), "--from", owners[1]);
    return JSON.parse(ok("safe", "execute", String(id), "--json"));
  };

  it("--help of issue, renew and revoke offers --via-safe and --from", () => {
    for (const c of ["issue", "renew", "revoke"]) {
      const help = s.run(["credentials", c, "--help"], false).stdout;
      assert.match(help, /--via-safe <safe>/, c);
      assert.match(help, /--from <owner>/, c);
    }
  });

  it("issues through the Safe: proposed by one owner with nothing sent, approved by another, then executed by the Safe", async () => {
    const proposed = JSON.parse(
      ok("credentials", "issue", holder, "--class", "1", "--jurisdiction", "CH", "--expires", "2031-01-01", "--via-safe", safe, "--from", owners[0], "--json"),
    );
    assert.equal(proposed.state, "collecting signatures");
    assert.equal(proposed.safe, safe);
    assert.equal(proposed.threshold, 2);
    assert.deepEqual(proposed.signedBy, [owners[0]]);
    assert.equal(proposed.call.function, "issueBatch");
    assert.equal(proposed.call.to, registry);
    assert.equal(proposed.summary, `issue a class 1 credential to ${holder} (CH, until 2031-01-01T00:00:00.000Z)`);
    assert.doesNotMatch(stored(), /privateKey|mnemonic/i, "only public signatures are stored");
    assert.deepEqual(await idsOf(holder), [], "nothing is issued at propose");

    const executed = approveAndExecute(proposed.id);
    assert.equal(executed.state, "executed");
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: executed.transaction });
    assert.equal(receipt.to?.toLowerCase(), safe.toLowerCase(), "the Safe sent it");
    const [id] = await idsOf(holder);
    assert.ok(id, "the holder has the credential");
    const parts = credentialIdParts(id);
    assert.equal(parts.holder, holder);
    assert.equal(parts.classId, 1);
    const c = await credential(id);
    assert.equal(c.valid, true);
    assert.equal(Number(c.expiresAt), seconds("2031-01-01"));
  });

  it("renews and revokes through the Safe", async () => {
    const [id] = await idsOf(holder);
    const renew = JSON.parse(ok("credentials", "renew", id.toString(), "--expires", "2032-06-30", "--via-safe", safe, "--from", owners[2], "--json"));
    assert.equal(renew.call.function, "renew");
    assert.equal(Number((await credential(id)).expiresAt), seconds("2031-01-01"), "nothing is renewed at propose");
    approveAndExecute(renew.id);
    assert.equal(Number((await credential(id)).expiresAt), seconds("2032-06-30"));

    const revoke = JSON.parse(ok("credentials", "revoke", `0x${id.toString(16)}`, "--reason", "KYB lapsed", "--via-safe", safe, "--from", owners[0], "--json"));
    assert.equal(revoke.call.function, "revoke");
    assert.match(revoke.summary, /KYB lapsed/);
    approveAndExecute(revoke.id);
    assert.deepEqual(await idsOf(holder), [], "the credential is burned");
  });

  it("refuses an outsider, a key-held account, a call the Safe could not make and --from without --via-safe, storing nothing; a dry run stores nothing", async () => {
    const before = stored();
    const issue = ["credentials", "issue", holder, "--class", "1", "--jurisdiction", "CH", "--expires", "2031-01-01"];
    refused(
      [...issue, "--via-safe", safe, "--from", s.sandbox.accounts.holders[0]],
      new RegExp(`is not an owner of the Safe ${safe}: only its owners propose and approve`),
    );
    refused([...issue, "--via-safe", s.sandbox.accounts.qualifier, "--from", owners[0]], /is not a Safe: sign with its key/);
    // Class 2 is not among the classes the Safe is admitted for: the registry's refusal, before anything is signed.
    refused(
      ["credentials", "issue", holder, "--class", "2", "--jurisdiction", "CH", "--expires", "2031-01-01", "--via-safe", safe, "--from", owners[0]],
      new RegExp(`the Safe ${safe} could not issue a class 2 credential to ${holder} \\(CH, .+\\) now: qualifier \\d+ may not issue class 2; nothing proposed`),
    );
    // The revoked credential no longer exists.
    refused(
      ["credentials", "renew", "12345", "--expires", "2032-01-01", "--via-safe", safe, "--from", owners[0]],
      /could not renew credential 12345 until 2032-01-01T00:00:00.000Z now: no credential 12345 exists: .+; nothing proposed/,
    );
    // A reason longer than a stored proposal keeps would leave a file no command could read: refused before signing.
    refused(
      ["credentials", "revoke", "12345", "--reason", "x".repeat(3_000), "--via-safe", safe, "--from", owners[0]],
      /a Safe proposal keeps at most 2000: shorten the reason/,
    );
    refused([...issue, "--from", owners[0]], /--from names the proposing owner with --via-safe/);
    refused([...issue, "--via-safe", "0x1234", "--from", owners[0]], /--via-safe/);
    const plan = JSON.parse(ok(...issue, "--via-safe", safe, "--from", owners[0], "--dry-run", "--json"));
    assert.equal(plan.dryRun, true);
    assert.equal(plan.wouldSucceed, true);
    assert.equal(plan.call.function, "issueBatch");
    assert.equal(stored(), before, "nothing was stored");
    assert.deepEqual(await idsOf(holder), []);
  });
});
