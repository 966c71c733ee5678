import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "viem";
import { checkTransfer, connectRpc, credentialRegistryAbi, unlockedAccounts } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { sandboxRoles } from "../../src/sandbox/file.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

describe("qualified credentials issue|renew|revoke", () => {
  let s: SandboxProcess;
  let wallet: Address;
  let id: string;
  before(async () => {
    s = await startSandbox();
    const taken = new Set(sandboxRoles(s.sandbox).map((r) => r.address));
    wallet = (await unlockedAccounts(await connectRpc(s.rpc))).find((a) => !taken.has(a))!;
  });
  after(() => s?.stop());
  const qualifierKey = () => s.keyOf(s.sandbox.accounts.qualifier);
  const read = async <T>(functionName: string, args: unknown[]) => {
    const connection = await connectRpc(s.rpc);
    return connection.publicClient.readContract({
      address: readDeployment(s.deploymentFile).registries.credentials,
      abi: credentialRegistryAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  };
  const transferTo = async (to: Address) =>
    (await checkTransfer(await connectRpc(s.rpc), { token: s.sandbox.token.address, from: s.sandbox.accounts.holders[0], to, amount: 1n })).allowed;

  it("--help lists issue, renew and revoke with their options", () => {
    const help = s.run(["credentials", "--help"], false);
    assert.equal(help.status, 0);
    for (const c of ["issue [options] <wallet>", "renew [options] <id>", "revoke [options] <id>"]) assert.ok(help.stdout.includes(c), c);
    const issueHelp = s.run(["credentials", "issue", "--help"], false).stdout;
    for (const o of ["--class <n>", "--jurisdiction <cc>", "--expires <when>", "--dry-run", "--json"]) assert.ok(issueHelp.includes(o), o);
  });

  it("a dry run sends nothing; an outsider's key is refused with a sentence", async () => {
    const dry = s.run([
      "credentials",
      "issue",
      wallet,
      "--class",
      "1",
      "--jurisdiction",
      "CH",
      "--expires",
      "2030-01-01",
      "--dry-run",
      "--json",
      "--private-key",
      qualifierKey(),
    ]);
    assert.equal(dry.status, 0, dry.stderr);
    const call = JSON.parse(dry.stdout).calls[0];
    assert.equal(call.function, "issueBatch");
    assert.equal(call.signer, s.sandbox.accounts.qualifier);
    assert.deepEqual(call.args.reqs, [{ holder: wallet, classId: 1, jurisdiction: 0x4348, expiresAt: Date.parse("2030-01-01T00:00:00Z") / 1000 }]);
    assert.equal(call.wouldSucceed, true);
    assert.equal(await read<bigint>("balanceOf", [wallet]), 0n);

    const outsider = s.run([
      "credentials",
      "issue",
      wallet,
      "--class",
      "1",
      "--jurisdiction",
      "CH",
      "--expires",
      "2030-01-01",
      "--private-key",
      s.keyOf(s.sandbox.accounts.holders[0]),
    ]);
    assert.equal(outsider.status, 1);
    assert.equal(outsider.stderr, `qualified: ${s.sandbox.accounts.holders[0]} is not an admitted, unsuspended qualifier\n`);
    assert.equal(await read<bigint>("balanceOf", [wallet]), 0n);
    assert.equal(await transferTo(wallet), false);
  });

  it("issues a credential (JSON): the wallet can receive the token; a second issue is refused", async () => {
    const r = s.run([
      "credentials",
      "issue",
      wallet,
      "--class",
      "1",
      "--jurisdiction",
      "CH",
      "--expires",
      "2030-01-01",
      "--json",
      "--private-key",
      qualifierKey(),
    ]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const expected = await read<bigint>("credentialId", [wallet, s.sandbox.accounts.qualifierId, 1]);
    assert.equal(out.id, expected.toString());
    assert.deepEqual(
      {
        holder: out.holder,
        qualifierId: out.qualifierId,
        classId: out.classId,
        jurisdiction: out.jurisdiction,
        expiresAt: out.expiresAt,
        valid: out.valid,
        status: out.status,
      },
      {
        holder: wallet,
        qualifierId: s.sandbox.accounts.qualifierId,
        classId: 1,
        jurisdiction: "CH",
        expiresAt: "2030-01-01T00:00:00.000Z",
        valid: true,
        status: "issued",
      },
    );
    id = out.id;
    const onChain = await read<{ holder: Address; expiresAt: number; valid: boolean }>("credential", [BigInt(id)]);
    assert.deepEqual(
      { holder: onChain.holder, expiresAt: Number(onChain.expiresAt), valid: onChain.valid },
      { holder: wallet, expiresAt: Date.parse("2030-01-01T00:00:00Z") / 1000, valid: true },
    );
    assert.equal(await transferTo(wallet), true, "the token accepts class 1 (mask 6: classes 1 and 2)");
    const again = s.run(["credentials", "issue", wallet, "--class", "1", "--jurisdiction", "CH", "--expires", "2030-01-01", "--private-key", qualifierKey()]);
    assert.equal(again.status, 1);
    assert.equal(again.stderr, `qualified: credential ${id} already exists: renew it instead\n`);
  });

  it("renews it with a new expiry (by its id, decimal or hex); another qualifier's key is refused", async () => {
    const hex = `0x${BigInt(id).toString(16)}`;
    const r = s.run(["credentials", "renew", hex, "--expires", "2031-06-30T12:00:00Z", "--private-key", qualifierKey()]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^renewed credential ${id}\\n[\\s\\S]*expires\\s+2031-06-30T12:00:00.000Z`));
    assert.equal(Number((await read<{ expiresAt: number }>("credential", [BigInt(id)])).expiresAt), Date.parse("2031-06-30T12:00:00Z") / 1000);
    const past = s.run(["credentials", "renew", id, "--expires", "2001-01-01", "--private-key", qualifierKey()]);
    assert.equal(past.status, 1);
    assert.match(past.stderr, /must be in the future/);
    const outsider = s.run(["credentials", "renew", id, "--expires", "2032-01-01", "--private-key", s.keyOf(s.sandbox.accounts.regulator)]);
    assert.equal(outsider.status, 1);
    assert.equal(outsider.stderr.split("\n").length, 2, outsider.stderr);
  });

  it("revokes it with a reason: the credential is gone, and revoking twice says so", async () => {
    const dry = s.run(["credentials", "revoke", id, "--reason", "wallet compromised", "--dry-run", "--private-key", qualifierKey()]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /revoke\(tokenId=\d+, reason=wallet compromised\) signed by .*: would succeed/);
    assert.equal(await read<bigint>("balanceOf", [wallet]), 1n);
    const r = s.run(["credentials", "revoke", id, "--reason", "wallet compromised", "--json", "--private-key", qualifierKey()]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual({ ...JSON.parse(r.stdout), transaction: undefined }, { id, holder: wallet, status: "revoked", transaction: undefined });
    assert.equal(await read<bigint>("balanceOf", [wallet]), 0n);
    assert.equal(await transferTo(wallet), false, "without its credential the wallet cannot receive the token");
    const connection = await connectRpc(s.rpc);
    const [event] = await connection.publicClient.getContractEvents({
      address: readDeployment(s.deploymentFile).registries.credentials,
      abi: credentialRegistryAbi,
      eventName: "CredentialRevoked",
      args: { tokenId: BigInt(id) },
      fromBlock: 0n,
    });
    assert.equal(event.args.reason, "wallet compromised");
    const twice = s.run(["credentials", "revoke", id, "--reason", "again", "--private-key", qualifierKey()]);
    assert.equal(twice.status, 1);
    assert.equal(twice.stderr, `qualified: no credential ${id} exists: it was never issued, or it was revoked\n`);
  });

  it("malformed input is refused with a sentence before anything is sent", () => {
    const key = qualifierKey();
    const cases: Array<[string[], RegExp]> = [
      [["credentials", "issue", wallet, "--class", "0", "--jurisdiction", "CH", "--expires", "2030-01-01"], /--class "0" must be a whole number from 1 to 255/],
      [["credentials", "issue", wallet, "--class", "1", "--jurisdiction", "Switzerland", "--expires", "2030-01-01"], /"Switzerland" is not an ISO 3166 code/],
      [["credentials", "issue", wallet, "--class", "1", "--jurisdiction", "CH", "--expires", "next year"], /--expires "next year" is not a date/],
      [["credentials", "issue", wallet, "--class", "1", "--jurisdiction", "CH", "--expires", "2200-01-01"], /too far ahead/],
      [["credentials", "issue", "0xabc", "--class", "1", "--jurisdiction", "CH", "--expires", "2030-01-01"], /wallet "0xabc" is not an address/],
      [["credentials", "renew", "12abc", "--expires", "2030-01-01"], /credential id "12abc" is not a number/],
      [["credentials", "revoke", "1".repeat(200), "--reason", "x"], /is not a number/],
      [["credentials", "revoke", "1", "--reason", "  "], /--reason must say why/],
    ];
    for (const [args, message] of cases) {
      const r = s.run([...args, "--private-key", key]);
      assert.equal(r.status, 1, args.join(" "));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split("\n").length, 2, r.stderr);
    }
  });
});
