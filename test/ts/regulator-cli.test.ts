import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Address } from "viem";
import { connectRpc, issuerRegistryAbi, jurisdictionCode, unlockedAccounts } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { sandboxRoles } from "../../src/sandbox/file.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

describe("qualified regulator qualify|disqualify", () => {
  let s: SandboxProcess;
  let newcomer: Address;
  before(async () => {
    s = await startSandbox();
    const taken = new Set(sandboxRoles(s.sandbox).map((r) => r.address));
    newcomer = (await unlockedAccounts(await connectRpc(s.rpc))).find((a) => !taken.has(a))!;
  });
  after(() => s?.stop());
  const qualified = async (issuer: Address) => {
    const connection = await connectRpc(s.rpc);
    return connection.publicClient.readContract({
      address: readDeployment(s.deploymentFile).registries.issuers,
      abi: issuerRegistryAbi,
      functionName: "isQualifiedIssuer",
      args: [issuer, jurisdictionCode("CH")],
    });
  };
  const regulatorKey = () => s.keyOf(s.sandbox.accounts.regulator);

  it("--help lists both actions; disqualify requires a reason", () => {
    const help = s.run(["regulator", "--help"], false);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /qualify \[options\] <issuer>/);
    assert.match(help.stdout, /disqualify \[options\] <issuer>/);
    const disqualifyHelp = s.run(["regulator", "disqualify", "--help"], false).stdout;
    for (const option of ["--reason <text>", "--dry-run", "--json", "--private-key"]) assert.ok(disqualifyHelp.includes(option), option);
    const noReason = s.run(["regulator", "disqualify", newcomer, "--private-key", regulatorKey()]);
    assert.notEqual(noReason.status, 0);
    assert.match(noReason.stderr, /required option '--reason <text>'/);
  });

  it("a dry run shows the call, its signer and that it would succeed, and sends nothing", async () => {
    const r = s.run(["regulator", "qualify", newcomer, "--dry-run", "--json", "--private-key", regulatorKey()]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.dryRun, true);
    assert.deepEqual(
      {
        function: out.calls[0].function,
        args: out.calls[0].args,
        signer: out.calls[0].signer,
        target: out.calls[0].target,
        wouldSucceed: out.calls[0].wouldSucceed,
      },
      {
        function: "qualifyIssuer",
        args: { issuer: newcomer },
        signer: s.sandbox.accounts.regulator,
        target: readDeployment(s.deploymentFile).registries.issuers,
        wouldSucceed: true,
      },
    );
    assert.equal(await qualified(newcomer), false);
    // An outsider's dry run says it would be refused, and why (exit code 2).
    const outsider = s.run(["regulator", "qualify", newcomer, "--dry-run", "--private-key", s.keyOf(s.sandbox.accounts.holders[0])]);
    assert.equal(outsider.status, 2, outsider.stderr);
    assert.match(outsider.stdout, /would be refused: 0x[0-9a-fA-F]{40} is not a sitting regulator/);
  });

  it("an outsider's key is refused with a sentence", async () => {
    const r = s.run(["regulator", "qualify", newcomer, "--private-key", s.keyOf(s.sandbox.accounts.holders[0])]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `qualified: ${s.sandbox.accounts.holders[0]} is not a sitting regulator\n`);
    assert.equal(await qualified(newcomer), false);
  });

  it("qualifies the issuer on chain (JSON), refuses to do it twice, then disqualifies it with a reason", async () => {
    const r = s.run(["regulator", "qualify", newcomer, "--json", "--private-key", regulatorKey()]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      { issuer: out.issuer, status: out.status, regulator: out.regulator },
      { issuer: newcomer, status: "qualified", regulator: s.sandbox.accounts.regulator },
    );
    assert.match(out.transaction, /^0x[0-9a-f]{64}$/);
    assert.equal(await qualified(newcomer), true);

    const twice = s.run(["regulator", "qualify", newcomer, "--private-key", regulatorKey()]);
    assert.equal(twice.status, 1);
    assert.equal(twice.stderr, `qualified: ${newcomer} is already qualified in CH\n`);

    const off = s.run(["regulator", "disqualify", newcomer, "--reason", "licence withdrawn", "--private-key", regulatorKey()]);
    assert.equal(off.status, 0, off.stderr);
    assert.match(off.stdout, new RegExp(`^disqualified ${newcomer} \\(signed by ${s.sandbox.accounts.regulator}, transaction 0x[0-9a-f]{64}\\)`));
    assert.equal(await qualified(newcomer), false);
    const connection = await connectRpc(s.rpc);
    const [event] = await connection.publicClient.getContractEvents({
      address: readDeployment(s.deploymentFile).registries.issuers,
      abi: issuerRegistryAbi,
      eventName: "IssuerDisqualified",
      args: { issuer: newcomer },
      fromBlock: 0n,
    });
    assert.equal(event.args.reason, "licence withdrawn");

    const again = s.run(["regulator", "disqualify", newcomer, "--reason", "again", "--private-key", regulatorKey()]);
    assert.equal(again.status, 1);
    assert.equal(again.stderr, `qualified: ${newcomer} is not qualified in CH\n`);
  });

  it("a blank reason and a malformed address are refused before anything is sent", () => {
    const blank = s.run(["regulator", "disqualify", s.sandbox.accounts.issuer, "--reason", "  ", "--private-key", regulatorKey()]);
    assert.equal(blank.status, 1);
    assert.match(blank.stderr, /--reason must say why/);
    const bad = s.run(["regulator", "qualify", "0x1234", "--private-key", regulatorKey()]);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'qualified: issuer "0x1234" is not an address (0x followed by 40 hex digits)\n');
  });
});
