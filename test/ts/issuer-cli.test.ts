import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseUnits, toHex, type Address } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { connectRpc, issuerRegistryAbi, securityTokenAbi } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

describe("qualified issuer: the issuer's token operations against a sandbox node", () => {
  let s: SandboxProcess;
  before(async () => (s = await startSandbox({ prefix: "qualified-issuer-" })));
  after(() => s.stop());

  const run = (...args: string[]) => s.run(["issuer", ...args]);
  const ok = (...args: string[]) => {
    const r = run(...args);
    assert.equal(r.status, 0, `${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const oneLineError = (r: ReturnType<typeof run>, pattern: RegExp) => {
    assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
    assert.match(lines[0], pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  const world = async () => {
    const sandbox = s.sandbox;
    const connection = await connectRpc(s.rpc);
    const read = <T>(functionName: string, args: unknown[] = []) =>
      connection.publicClient.readContract({ address: sandbox.token.address, abi: securityTokenAbi, functionName, args } as never) as Promise<T>;
    return { sandbox, connection, read, issuer: sandbox.accounts.issuer, holders: sandbox.accounts.holders as Address[] };
  };

  it("mints and burns as the issuer, with --json naming the call and its transaction", async () => {
    const { read, issuer, holders } = await world();
    const before = await read<bigint>("balanceOf", [holders[0]]);
    const minted = JSON.parse(ok("mint", holders[0], "12.5", "--from", issuer, "--json"));
    assert.equal(minted.function, "mint");
    assert.equal(minted.args.to, holders[0]);
    assert.equal(minted.args.amount, parseUnits("12.5", 18).toString());
    assert.equal(minted.signer, issuer);
    assert.match(minted.transaction, /^0x[0-9a-f]{64}$/);
    assert.equal(await read<bigint>("balanceOf", [holders[0]]), before + parseUnits("12.5", 18));
    ok("burn", holders[0], "2.5", "--from", issuer);
    assert.equal(await read<bigint>("balanceOf", [holders[0]]), before + parseUnits("10", 18));
  });

  it("a dry run prints the decoded call and sends nothing", async () => {
    const { read, issuer, holders, connection } = await world();
    const supply = await read<bigint>("totalSupply");
    const block = await connection.publicClient.getBlockNumber();
    const plan = JSON.parse(ok("mint", holders[1], "5", "--from", issuer, "--json", "--dry-run"));
    assert.equal(plan.dryRun, true);
    assert.equal(plan.wouldSucceed, true);
    assert.equal(plan.function, "mint");
    assert.equal(plan.args.amount, parseUnits("5", 18).toString());
    const text = ok("pause", "--from", issuer, "--dry-run");
    assert.match(text, /nothing sent/);
    assert.match(text, /function {2}pause/);
    assert.equal(await read<bigint>("totalSupply"), supply);
    assert.equal(await read<boolean>("paused"), false);
    assert.equal(await connection.publicClient.getBlockNumber(), block, "no block was mined");
  });

  it("freezes and unfreezes a wallet, freezes part of a balance, pauses and unpauses", async () => {
    const { read, issuer, holders } = await world();
    ok("freeze", holders[1], "--from", issuer);
    assert.equal(await read<boolean>("isWalletFrozen", [holders[1]]), true);
    ok("unfreeze", holders[1], "--from", issuer);
    assert.equal(await read<boolean>("isWalletFrozen", [holders[1]]), false);
    ok("set-frozen", holders[1], "100", "--from", issuer);
    assert.equal(await read<bigint>("getFrozenTokens", [holders[1]]), parseUnits("100", 18));
    ok("set-frozen", holders[1], "0", "--from", issuer);
    ok("pause", "--from", issuer);
    assert.equal(await read<boolean>("paused"), true);
    ok("unpause", "--from", issuer);
    assert.equal(await read<boolean>("paused"), false);
  });

  it("forces a transfer and recovers a wallet under a case reference, which is required", async () => {
    const { read, issuer, holders, connection, sandbox } = await world();
    const noCase = run("force", holders[0], holders[1], "1", "--from", issuer);
    assert.notEqual(noCase.status, 0);
    assert.match(noCase.stderr.split("\n")[0], /required option '--case <reference>' not specified/);
    const [a, b] = [await read<bigint>("balanceOf", [holders[0]]), await read<bigint>("balanceOf", [holders[1]])];
    const forced = JSON.parse(ok("force", holders[0], holders[1], "3", "--case", "CASE-2026-17", "--from", issuer, "--json"));
    assert.equal(forced.function, "forcedTransferWithCase");
    assert.equal(forced.args.caseRef, keccak256(toHex("CASE-2026-17")));
    assert.equal(await read<bigint>("balanceOf", [holders[0]]), a - parseUnits("3", 18));
    assert.equal(await read<bigint>("balanceOf", [holders[1]]), b + parseUnits("3", 18));
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: forced.transaction });
    assert.ok(
      receipt.logs.some((l) => l.address.toLowerCase() === sandbox.token.address.toLowerCase() && l.topics[1] === keccak256(toHex("CASE-2026-17"))),
      "ForcedTransferCase carries the case reference",
    );

    const lost = await read<bigint>("balanceOf", [holders[2]]);
    const fresh = sandbox.accounts.deployer;
    const recovered = run("recover", holders[2], fresh, "--case", "LOST-KEY-9", "--from", issuer);
    // The new wallet must be able to hold the token: the deployer holds no credential, so the token refuses.
    oneLineError(recovered, /the token refuses to move tokens from 0x[0-9a-fA-F]{40} to 0x[0-9a-fA-F]{40}: .+ \(code \d+\)/);
    assert.equal(await read<bigint>("balanceOf", [holders[2]]), lost);
    const held = await read<bigint>("balanceOf", [holders[1]]);
    ok("recover", holders[2], holders[1], "--case", "LOST-KEY-9", "--from", issuer);
    assert.equal(await read<bigint>("balanceOf", [holders[2]]), 0n);
    assert.equal(await read<bigint>("balanceOf", [holders[1]]), held + lost);
    assert.equal(await read<boolean>("isWalletFrozen", [holders[2]]), true, "the lost wallet is frozen");
  });

  it("publishes a disclosure, delists and lists again", async () => {
    const { read, issuer, connection, sandbox } = await world();
    const deployment = readDeployment(s.deploymentFile);
    const hash = keccak256(toHex("prospectus v2"));
    ok(
      "disclose",
      "--classification",
      "equity security",
      "--jurisdiction",
      "ch",
      "--document-uri",
      "https://example.org/p2.pdf",
      "--document-hash",
      hash,
      "--from",
      issuer,
    );
    const d = await read<{ jurisdiction: string; documentUri: string; documentHash: string }>("disclosure");
    assert.equal(d.documentUri, "https://example.org/p2.pdf");
    assert.equal(d.documentHash, hash);
    const listedIssuer = () =>
      connection.publicClient.readContract({
        address: deployment.registries.issuers,
        abi: issuerRegistryAbi,
        functionName: "issuerOf",
        args: [sandbox.token.address],
      } as never);
    ok("delist", "--from", issuer);
    assert.equal(await listedIssuer(), "0x0000000000000000000000000000000000000000");
    ok("list", "--from", issuer);
    assert.equal(await listedIssuer(), issuer);
  });

  it("refuses an outsider's key with one sentence, and bad input before any call", async () => {
    const { read, holders } = await world();
    const supply = await read<bigint>("totalSupply");
    const outsider = generatePrivateKey();
    oneLineError(run("mint", holders[0], "1", "--private-key", outsider), /lacks the role/);
    const dry = JSON.parse(ok("pause", "--private-key", outsider, "--dry-run", "--json"));
    assert.equal(dry.wouldSucceed, false);
    assert.match(dry.refusal, /lacks the role/);
    assert.equal(await read<bigint>("totalSupply"), supply);
    oneLineError(run("mint", "0xbad", "1", "--private-key", outsider), /holder "0xbad" is not an address/);
    oneLineError(run("mint", holders[0], "-1", "--private-key", outsider), /not a positive decimal number/);
    oneLineError(run("mint", holders[0], "1", "--from", "0x000000000000000000000000000000000000dEaD"), /does not hold .* unlocked/);
  });

  it("refuses an admin's mistakes with a sentence: a verifier that is not one, an amount beyond uint256", async () => {
    const { read, issuer, holders, sandbox } = await world();
    const deployment = readDeployment(s.deploymentFile);
    const verifier = await read<string>("verifier");
    oneLineError(
      run("set-verifier", deployment.registries.issuers, "--from", issuer, "--token", sandbox.token.address),
      /does not answer as a transfer verifier/,
    );
    oneLineError(run("set-verifier", holders[0], "--from", issuer, "--token", sandbox.token.address), /does not answer as a transfer verifier/);
    assert.equal(await read<string>("verifier"), verifier, "the verifier is unchanged");
    const huge = run("mint", holders[0], "9".repeat(5000), "--from", issuer, "--token", sandbox.token.address);
    oneLineError(huge, /amount is too large/);
    assert.ok(huge.stderr.length < 300, "the error does not echo enormous input");
  });

  it("deploys a token with its credential verifier and records it in the deployment file", async () => {
    const { issuer, connection } = await world();
    const hash = keccak256(toHex("offering"));
    const args = [
      "deploy-token",
      "--name",
      "Second Bond",
      "--symbol",
      "SB2",
      "--classes",
      "1,2",
      "--contract-policy",
      "vetted",
      "--classification",
      "debt security",
      "--jurisdiction",
      "CH",
      "--document-uri",
      "https://example.org/sb2.pdf",
      "--document-hash",
      hash,
      "--from",
      issuer,
    ];
    const plan = JSON.parse(ok(...args, "--dry-run", "--json"));
    assert.equal(plan.dryRun, true);
    assert.equal(readDeployment(s.deploymentFile).tokens.length, 1, "a dry run records nothing");
    const entry = JSON.parse(ok(...args, "--json"));
    const deployment = readDeployment(s.deploymentFile);
    assert.equal(deployment.tokens.length, 2);
    assert.equal(deployment.tokens[1].address, entry.address);
    assert.equal(entry.acceptedClasses, ((1n << 1n) | (1n << 2n)).toString());
    const read = (functionName: string) => connection.publicClient.readContract({ address: entry.address, abi: securityTokenAbi, functionName } as never);
    assert.equal(await read("symbol"), "SB2");
    assert.equal(await read("issuer"), issuer);
    assert.equal(await read("verifier"), entry.verifier);
    // With two tokens recorded, commands ask which one.
    oneLineError(run("pause", "--from", issuer), /records 2 tokens: say which with --token/);
    ok("pause", "--from", issuer, "--token", entry.address);
    assert.equal(await read("paused"), true);
    // A real verifier is accepted: the new token now asks the sandbox token's verifier.
    const other = deployment.tokens[0].verifier;
    ok("set-verifier", other, "--from", issuer, "--token", entry.address);
    assert.equal(await read("verifier"), other);
    oneLineError(run("deploy-token", ...args.slice(1).map((x) => (x === "vetted" ? "some" : x))), /--contract-policy "some" must be/);
  });

  it("acts through the token's issuer Safe: the named owners sign, the Safe sends; too few or foreign owners are refused", async () => {
    const { sandbox, connection } = await world();
    const deployment = readDeployment(s.deploymentFile);
    const [g1, g2] = sandbox.accounts.governanceOwners;
    const hash = keccak256(toHex("safe offering"));
    const entry = JSON.parse(
      ok(
        "deploy-token",
        "--name",
        "Safe Bond",
        "--symbol",
        "SAFE1",
        "--classes",
        "1",
        "--issuer",
        deployment.governance.safe,
        "--classification",
        "debt",
        "--jurisdiction",
        "CH",
        "--document-uri",
        "https://example.org/s",
        "--document-hash",
        hash,
        "--from",
        sandbox.accounts.issuer,
        "--json",
      ),
    );
    const paused = () => connection.publicClient.readContract({ address: entry.address, abi: securityTokenAbi, functionName: "paused" });
    // An owner's own key holds no role: the Safe does.
    oneLineError(
      run("pause", "--token", entry.address, "--from", g1),
      /lacks the role .*; the token's issuer is the Safe 0x[0-9a-fA-F]{40} \(2 of 3\): have its owners sign with --safe-owners/,
    );
    oneLineError(run("pause", "--token", entry.address, "--safe-owners", g1), /needs 2 owners' signatures and --safe-owners names 1/);
    oneLineError(run("pause", "--token", entry.address, "--safe-owners", `${g1},${sandbox.accounts.issuer}`), /is not an owner of the Safe/);
    const plan = JSON.parse(ok("pause", "--token", entry.address, "--safe-owners", `${g1},${g2}`, "--dry-run", "--json"));
    assert.equal(plan.signer, deployment.governance.safe);
    assert.deepEqual(plan.safeOwners, [g1, g2]);
    assert.equal(plan.wouldSucceed, true);
    assert.equal(await paused(), false);
    const done = JSON.parse(ok("pause", "--token", entry.address, "--safe-owners", `${g1},${g2}`, "--json"));
    assert.equal(done.signer, deployment.governance.safe);
    assert.equal(await paused(), true);
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: done.transaction });
    assert.equal(receipt.to?.toLowerCase(), deployment.governance.safe.toLowerCase(), "the Safe executed the call");
    // The sandbox token's issuer is a key: --safe-owners is refused with a sentence.
    oneLineError(run("pause", "--token", sandbox.token.address, "--safe-owners", `${g1},${g2}`), /is not a Safe/);
  });
});
