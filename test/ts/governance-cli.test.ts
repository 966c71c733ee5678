import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectRpc, contractRegistryAbi, credentialRegistryAbi, roleHash, runSafeTransaction, safeAbi, timelockControllerAbi } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { operationId } from "../../src/cli/governance/round.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

describe("qualified governance: changes through the governance Safe and its timelock", () => {
  let s: SandboxProcess;
  let proposalsFile: string;
  before(async () => {
    s = await startSandbox({ prefix: "qualified-governance-" });
    proposalsFile = join(s.dir, "local.governance.json");
  });
  after(() => s.stop());

  const gov = (...args: string[]) => s.run(["governance", ...args]);
  const ok = (r: ReturnType<typeof gov>) => {
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  /** A refusal: exit 1 and one line on stderr, no stack trace. */
  const refused = (r: ReturnType<typeof gov>, sentence: RegExp) => {
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, sentence);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  const chain = async () => {
    const connection = await connectRpc(s.rpc);
    const deployment = readDeployment(s.deploymentFile);
    return {
      connection,
      deployment,
      safeNonce: () => connection.publicClient.readContract({ address: deployment.governance.safe, abi: safeAbi, functionName: "nonce" }),
      credentials: <T>(functionName: string, args: unknown[]) =>
        connection.publicClient.readContract({
          address: deployment.registries.credentials,
          abi: credentialRegistryAbi,
          functionName,
          args,
        } as never) as Promise<T>,
      timelockAt: (operation: `0x${string}`) =>
        connection.publicClient.readContract({
          address: deployment.governance.timelock,
          abi: timelockControllerAbi,
          functionName: "getTimestamp",
          args: [operation],
        }),
      passTime: async (seconds: number) => {
        await connection.publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
        await connection.publicClient.request({ method: "evm_mine" as never, params: [] as never });
      },
    };
  };
  const fresh = (n: number) => `0x${String(n).padStart(40, "0")}`;

  it("lists every action under propose, with help", () => {
    const help = spawnSync(process.execPath, [BIN, "governance", "propose", "--help"], { encoding: "utf8" }).stdout;
    for (const action of [
      "admit-qualifier",
      "suspend-qualifier",
      "reinstate-qualifier",
      "set-qualifier-classes",
      "seat-regulator",
      "remove-regulator",
      "grant-guardian",
      "revoke-guardian",
      "grant-sanctions-operator",
      "revoke-sanctions-operator",
      "set-challenge-window",
      "vet-code",
      "unvet-code",
    ]) {
      assert.match(help, new RegExp(`\\b${action}\\b`));
    }
    assert.match(spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout, /governance/);
  });

  it("admits a qualifier: owner 1 proposes, owner 2 approves, execute schedules, time passes, execute admits", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2] = accounts.governanceOwners;
    const c = await chain();
    const newcomer = fresh(0xa11ce);

    const proposed = JSON.parse(
      ok(gov("propose", "admit-qualifier", newcomer, "--name", "Second KYB", "--classes", "professional investor,2", "--from", owner1, "--json")),
    );
    assert.equal(proposed.id, 1);
    assert.equal(proposed.state, "collecting signatures");
    assert.deepEqual(proposed.signedBy, [owner1]);
    assert.equal(proposed.threshold, 2);
    assert.equal(proposed.calls[0].function, "admitQualifier");
    assert.equal(proposed.calls[0].target, "credential registry");
    assert.equal(proposed.calls[0].args[0].toLowerCase(), newcomer.toLowerCase());
    assert.deepEqual(proposed.calls[0].args.slice(1), ["Second KYB", "6"], "name and class mask (classes 1 and 2)");
    // Stored next to the deployment, validated on read, and holding no secret: only public signatures.
    const stored = JSON.parse(readFileSync(proposalsFile, "utf8"));
    assert.equal(stored.proposals.length, 1);
    assert.doesNotMatch(JSON.stringify(stored), /privateKey|mnemonic/i);

    refused(gov("execute", "1"), /proposal 1 has 1 of the 2 signatures it needs: another owner runs `qualified governance approve 1`/);

    const approved = JSON.parse(ok(gov("approve", "1", "--from", owner2, "--json")));
    assert.equal(approved.state, "ready to schedule");
    assert.deepEqual(new Set(approved.signedBy), new Set([owner1, owner2]));

    const scheduled = JSON.parse(ok(gov("execute", "1", "--json")));
    assert.equal(scheduled.step, "schedule");
    assert.equal(scheduled.status.state, "waiting for the delay");
    const at = await c.timelockAt(proposed.operation);
    assert.ok(at > 1n, "the timelock holds the operation");
    assert.equal(new Date(scheduled.status.executableAt).getTime(), Number(at) * 1000);
    assert.equal(Number(await c.credentials<number>("qualifierIdOf", [newcomer])), 0, "not admitted before the delay");
    refused(gov("execute", "1"), /proposal 1 is scheduled; the timelock lets it execute from \d{4}-\d\d-\d\dT/);

    await c.passTime(c.deployment.governance.delay + 1);
    const executed = JSON.parse(ok(gov("execute", "1", "--json")));
    assert.equal(executed.step, "execute");
    assert.equal(executed.status.state, "executed");
    assert.equal(await c.timelockAt(proposed.operation), 1n);
    const id = Number(await c.credentials<number>("qualifierIdOf", [newcomer]));
    assert.ok(id > 1);
    assert.equal(await c.credentials<boolean>("isQualifierActive", [id]), true);
    refused(gov("execute", "1"), /proposal 1 is already executed/);
  });

  it("pending lists each open proposal with its signatures and when it can execute, as text and JSON", async () => {
    const { accounts } = s.sandbox;
    const [owner1, , owner3] = accounts.governanceOwners;
    assert.match(ok(gov("pending")), /no pending governance proposals/);
    const proposed = JSON.parse(ok(gov("propose", "set-challenge-window", "7200", "--from", owner3, "--json")));
    const text = ok(gov("pending"));
    assert.match(text, new RegExp(`#${proposed.id}  collecting signatures  set the challenge window to 7200 s`));
    assert.match(text, new RegExp(`1 of 2 signatures \\(schedule step, Safe nonce \\d+\\): ${owner3}`));
    // Owners review the calls decoded from what they sign, not only the proposer's summary.
    assert.match(text, /call {3}contract registry 0x[0-9a-fA-F]{40} setChallengeWindow\(7200\)/);
    ok(gov("approve", String(proposed.id), "--from", owner1));
    ok(gov("execute", String(proposed.id)));
    const json = JSON.parse(ok(gov("pending", "--json")));
    assert.equal(json.safe, readDeployment(s.deploymentFile).governance.safe);
    assert.deepEqual(
      json.proposals.map((p: { id: number }) => p.id),
      [proposed.id],
      "the executed proposal 1 is not listed",
    );
    const [p] = json.proposals;
    assert.equal(p.state, "waiting for the delay");
    assert.equal(p.next, "execute");
    assert.deepEqual(new Set(p.signedBy), new Set([owner1, owner3]));
    assert.match(p.executableAt, /^\d{4}-\d\d-\d\dT/);
    assert.match(ok(gov("pending")), /executable from \d{4}-/);
    const all = JSON.parse(ok(gov("pending", "--all", "--json")));
    assert.deepEqual(
      all.proposals.map((x: { state: string }) => x.state),
      ["executed", "waiting for the delay"],
    );

    const c = await chain();
    await c.passTime(c.deployment.governance.delay + 1);
    ok(gov("execute", String(proposed.id)));
    const window = await c.connection.publicClient.readContract({
      address: c.deployment.registries.contracts,
      abi: contractRegistryAbi,
      functionName: "challengeWindow",
    });
    assert.equal(Number(window), 7200);
  });

  it("refuses a key that is not a Safe owner, with a sentence, and stores nothing", async () => {
    const { accounts } = s.sandbox;
    const before = readFileSync(proposalsFile, "utf8");
    const outsider = accounts.holders[0];
    refused(
      gov("propose", "grant-guardian", outsider, "--from", outsider),
      new RegExp(`${outsider} is not an owner of the governance Safe 0x[0-9a-fA-F]{40}: only its owners propose and approve`),
    );
    // The default signer (the node's first account, the deployer) is no owner either.
    refused(gov("propose", "grant-guardian", outsider), /is not an owner of the governance Safe/);
    assert.equal(readFileSync(proposalsFile, "utf8"), before);

    const [owner1] = accounts.governanceOwners;
    const p = JSON.parse(ok(gov("propose", "grant-guardian", outsider, "--from", owner1, "--json")));
    refused(gov("approve", String(p.id), "--from", accounts.guardian), /is not an owner of the governance Safe/);
    const stored = JSON.parse(readFileSync(proposalsFile, "utf8"));
    assert.deepEqual(Object.keys(stored.proposals.at(-1).schedule.signatures), [owner1]);
  });

  it("a dry run prints the call, the route and the signers, and signs, sends and stores nothing", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2] = accounts.governanceOwners;
    const c = await chain();
    const before = readFileSync(proposalsFile, "utf8");
    const nonce = await c.safeNonce();

    const plan = JSON.parse(ok(gov("propose", "suspend-qualifier", "1", "--reason", "licence withdrawn", "--from", owner1, "--dry-run", "--json")));
    assert.equal(plan.dryRun, true);
    assert.deepEqual(plan.calls, [
      { target: "credential registry", to: c.deployment.registries.credentials, function: "suspendQualifier", args: [1, "licence withdrawn"] },
    ]);
    assert.deepEqual(plan.through, {
      safe: c.deployment.governance.safe,
      threshold: 2,
      timelock: c.deployment.governance.timelock,
      delay: c.deployment.governance.delay,
    });
    assert.equal(plan.signer, owner1);
    const text = ok(gov("propose", "suspend-qualifier", "1", "--reason", "licence withdrawn", "--from", owner1, "--dry-run"));
    assert.match(text, /would propose: suspend qualifier 1: licence withdrawn/);
    assert.match(text, /suspendQualifier\(1, "licence withdrawn"\)/);
    assert.equal(readFileSync(proposalsFile, "utf8"), before, "a dry run stores no proposal");

    // A proposal with its signatures: the dry run of execute sends nothing.
    const open = JSON.parse(readFileSync(proposalsFile, "utf8")).proposals.at(-1);
    ok(gov("approve", String(open.id), "--from", owner2));
    const exec = JSON.parse(ok(gov("execute", String(open.id), "--dry-run", "--json")));
    assert.equal(exec.step, "schedule");
    assert.equal(exec.timelock.function, "scheduleBatch");
    assert.equal(exec.calls[0].function, "grantRole");
    assert.equal(exec.calls[0].args[0], "GUARDIAN_ROLE");
    assert.equal(await c.safeNonce(), nonce, "nothing was sent");
    assert.equal(await c.timelockAt(open.operation), 0n, "nothing was scheduled");
    assert.equal(await c.credentials<boolean>("isQualifierActive", [1]), true);
  });

  it("a proposal whose Safe nonce another transaction used is refused, and owners' fresh approvals sign it at the next nonce", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2, owner3] = accounts.governanceOwners;
    const c = await chain();
    // Settle what earlier tests left open, so this proposal holds the Safe's next nonce.
    writeFileSync(proposalsFile, JSON.stringify({ ...JSON.parse(readFileSync(proposalsFile, "utf8")), proposals: [] }));
    const p = JSON.parse(ok(gov("propose", "grant-sanctions-operator", fresh(0x5a), "--from", owner1, "--json")));
    assert.equal(BigInt(p.nonce), await c.safeNonce());
    ok(gov("approve", String(p.id), "--from", owner2));
    // The owners use that nonce for something else, straight through the Safe.
    await runSafeTransaction(c.connection, {
      safe: c.deployment.governance.safe,
      to: fresh(0xbeef) as `0x${string}`,
      data: "0x",
      signers: [owner2, owner3].map((o) => c.connection.signer(o as `0x${string}`)),
    });
    refused(
      gov("execute", String(p.id)),
      new RegExp(
        `proposal ${p.id} was signed for Safe nonce ${p.nonce}, already used by another transaction: owners sign it again with \`qualified governance approve ${p.id}\``,
      ),
    );
    const again = JSON.parse(ok(gov("approve", String(p.id), "--from", owner3, "--json")));
    assert.equal(BigInt(again.nonce), await c.safeNonce());
    assert.deepEqual(again.signedBy, [owner3], "the signatures for the used nonce no longer count");
    ok(gov("approve", String(p.id), "--from", owner1));
    assert.equal(JSON.parse(ok(gov("execute", String(p.id), "--json"))).status.state, "waiting for the delay");
    await c.passTime(c.deployment.governance.delay + 1);
    ok(gov("execute", String(p.id)));
    const role = roleHash("SANCTIONS_ROLE");
    assert.equal(await c.credentials<boolean>("hasRole", [role, fresh(0x5a)]), true);
  });

  it("a change that would fail is refused when proposed, and at execution with the contract's reason, not the Safe's code", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2] = accounts.governanceOwners;
    const c = await chain();
    writeFileSync(proposalsFile, JSON.stringify({ ...JSON.parse(readFileSync(proposalsFile, "utf8")), proposals: [] }));
    // Qualifier 1 is active: reinstating it is a mistake.
    refused(
      gov("propose", "reinstate-qualifier", "1", "--from", owner1),
      /the change would fail on the chain as it is now: qualifier 1 is already active \(not suspended\)/,
    );
    assert.deepEqual(JSON.parse(readFileSync(proposalsFile, "utf8")).proposals, []);
    // Proposed anyway (it may depend on an earlier change), it is stopped before anything is sent.
    const p = JSON.parse(ok(gov("propose", "reinstate-qualifier", "1", "--skip-check", "--from", owner1, "--json")));
    ok(gov("approve", String(p.id), "--from", owner2));
    ok(gov("execute", String(p.id)));
    await c.passTime(c.deployment.governance.delay + 1);
    const nonce = await c.safeNonce();
    refused(gov("execute", String(p.id)), new RegExp(`proposal ${p.id} would fail at its execute step: qualifier 1 is already active`));
    assert.equal(await c.safeNonce(), nonce, "nothing was sent");
    writeFileSync(proposalsFile, JSON.stringify({ ...JSON.parse(readFileSync(proposalsFile, "utf8")), proposals: [] }));
  });

  it("two owners approving at the same moment both keep their signatures", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2, owner3] = accounts.governanceOwners;
    const p = JSON.parse(ok(gov("propose", "grant-guardian", fresh(0x9a), "--from", owner1, "--json")));
    const approve = (owner: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [BIN, "governance", "approve", String(p.id), "--from", owner, "--rpc", s.rpc, "--deployment", s.deploymentFile], {
          stdio: "ignore",
        });
        child.on("exit", resolve);
      });
    assert.deepEqual(await Promise.all([approve(owner2), approve(owner3)]), [0, 0]);
    const stored = JSON.parse(readFileSync(proposalsFile, "utf8")).proposals.find((x: { id: number }) => x.id === p.id);
    assert.deepEqual(new Set(Object.keys(stored.schedule.signatures)), new Set([owner1, owner2, owner3]));
  });

  it("refuses a hand-edited proposal, proposals out of the Safe's order, and malformed input, each with a sentence", async () => {
    const { accounts } = s.sandbox;
    const [owner1, owner2] = accounts.governanceOwners;
    const first = JSON.parse(ok(gov("propose", "revoke-guardian", accounts.guardian, "--from", owner1, "--json")));
    const second = JSON.parse(ok(gov("propose", "set-qualifier-classes", "1", "--classes", "entity", "--from", owner1, "--json")));
    ok(gov("approve", String(second.id), "--from", owner2));
    // `first` holds the Safe's next nonce.
    refused(
      gov("execute", String(second.id)),
      /the governance Safe is at nonce \d+ and proposal \d+ is signed for nonce \d+; proposal \d+ holds it: execute that first/,
    );

    // Someone swaps the call for one that makes an outsider a guardian: approving it is refused.
    const file = JSON.parse(readFileSync(proposalsFile, "utf8"));
    const target = file.proposals.find((p: { id: number }) => p.id === first.id);
    const role = roleHash("GUARDIAN_ROLE").slice(2);
    target.calls[0].data = target.calls[0].data.replace(role, "0".repeat(64));
    writeFileSync(proposalsFile, JSON.stringify(file));
    refused(gov("approve", String(first.id), "--from", owner2), /proposal \d+ has been altered: its calls no longer match its operation id/);
    // Edited consistently (the operation id recomputed), a call to anything but the registries is still refused.
    target.calls[0].to = accounts.holders[0];
    target.operation = operationId(target.calls, target.salt);
    writeFileSync(proposalsFile, JSON.stringify(file));
    refused(
      gov("approve", String(first.id), "--from", owner2),
      new RegExp(`proposal ${first.id} calls ${accounts.holders[0]}, which is not one of this deployment's registries; it is refused`),
    );
    refused(gov("execute", String(first.id)), /not one of this deployment's registries/);
    writeFileSync(proposalsFile, "{ not json");
    refused(gov("pending"), /local\.governance\.json is not JSON/);
    writeFileSync(proposalsFile, JSON.stringify({ ...file, proposals: [{ ...file.proposals[0], salt: "0x12" }] }));
    refused(gov("pending"), /is not a Qualified governance proposals file: proposals\.0\.salt: not a 32-byte hash/);

    refused(
      gov("propose", "admit-qualifier", fresh(7), "--name", "X", "--classes", "retail", "--from", owner1),
      /class "retail" is not defined \(defined: 1 professional investor, 2 entity\)/,
    );
    refused(
      gov("propose", "seat-regulator", fresh(8), "--jurisdiction", "Switzerland", "--name", "R", "--from", owner1),
      /jurisdiction "Switzerland" is not a two-letter ISO 3166 code/,
    );
    refused(gov("propose", "admit-qualifier", "0x123", "--name", "X", "--classes", "1", "--from", owner1), /account "0x123" is not an address/);
    refused(gov("propose", "suspend-qualifier", "1", "--reason", "x".repeat(5_000), "--from", owner1), /the reason is longer than 200 characters/);
    refused(gov("approve", "99", "--from", owner1), /not a Qualified governance proposals file|no proposal 99/);
    assert.ok(existsSync(proposalsFile));
  });

  it("--from names an account the node must hold unlocked: one line saying so, before anything is checked or signed", () => {
    const stranger = "0x00000000000000000000000000000000000000Aa";
    const sentence = /the node does not hold 0x0{38}[aA]{2} unlocked: sign with --private-key instead/;
    writeFileSync(proposalsFile, JSON.stringify({ ...JSON.parse(readFileSync(proposalsFile, "utf8")), proposals: [] }));
    refused(gov("propose", "grant-guardian", stranger, "--from", stranger), sentence);
    refused(gov("approve", "1", "--from", stranger), sentence);
    refused(gov("execute", "1", "--from", stranger), sentence);
  });
});
