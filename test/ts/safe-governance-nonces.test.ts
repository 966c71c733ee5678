import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Address } from "viem";
import {
  appointGuardianCall,
  connectRpc,
  contractRegistration,
  contractRegistryAbi,
  governViaTimelock,
  roleHash,
  safeAbi,
  type Connection,
  type Deployment,
} from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

describe("one Safe for governance and for a role: governance and Safe proposals take their nonces from one count", () => {
  let s: SandboxProcess;
  let connection: Connection;
  let deployment: Deployment;
  let owners: Address[];

  before(async () => {
    s = await startSandbox({ prefix: "qualified-shared-nonces-" });
    connection = await connectRpc(s.rpc);
    deployment = readDeployment(s.deploymentFile);
    owners = s.sandbox.accounts.governanceOwners as Address[];
    // The governance Safe also holds a role it uses directly: guardian.
    const [g1, g2] = owners.map((o) => connection.signer(o));
    await governViaTimelock(connection, {
      deployment,
      calls: [appointGuardianCall({ deployment, account: deployment.governance.safe })],
      signers: [g1, g2],
      label: "the governance Safe as guardian",
    });
  });
  after(() => s?.stop());

  const ok = (...args: string[]) => {
    const r = s.run(args);
    assert.equal(r.status, 0, `${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const json = (...args: string[]) => JSON.parse(ok(...args, "--json"));
  const refused = (args: string[], sentence: RegExp) => {
    const r = s.run(args);
    assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
    assert.match(lines[0], sentence);
  };
  const safeNonce = () => connection.publicClient.readContract({ address: deployment.governance.safe, abi: safeAbi, functionName: "nonce" });
  const passDelay = async () => {
    await connection.publicClient.request({ method: "evm_increaseTime" as never, params: [deployment.governance.delay + 1] as never });
    await connection.publicClient.request({ method: "evm_mine" as never, params: [] as never });
  };
  const isGuardian = (a: Address) =>
    connection.publicClient.readContract({
      address: deployment.registries.contracts,
      abi: contractRegistryAbi,
      functionName: "hasRole",
      args: [roleHash("GUARDIAN_ROLE"), a],
    });
  const blocked = async (target: Address) => (await contractRegistration(connection, { deployment, target })).status === "blocked";
  const fresh = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;

  it("a governance proposal, then a Safe proposal: consecutive nonces, each executes in its turn", async () => {
    const n = await safeNonce();
    const g = json("governance", "propose", "grant-guardian", fresh(0xa1), "--from", owners[0]);
    assert.equal(g.nonce, n.toString(), "the governance proposal schedules at the Safe's nonce");
    const target = fresh(0xdead01);
    const p = json("guardian", "block", target, "--reason", "phishing drainer", "--via-safe", deployment.governance.safe, "--from", owners[0]);
    assert.equal(p.nonce, (n + 2n).toString(), "after the governance proposal's schedule and execute steps");

    ok("governance", "approve", String(g.id), "--from", owners[1]);
    ok("safe", "approve", String(p.id), "--from", owners[1]);
    refused(["safe", "execute", String(p.id)], new RegExp(`is signed for nonce ${n + 2n}; governance proposal ${g.id} holds it: execute that first`));
    ok("governance", "execute", String(g.id));
    refused(["safe", "execute", String(p.id)], new RegExp(`is signed for nonce ${n + 2n}; governance proposal ${g.id} holds it: execute that first`));
    await passDelay();
    ok("governance", "execute", String(g.id));
    assert.equal(await isGuardian(fresh(0xa1)), true);
    ok("safe", "execute", String(p.id));
    assert.equal(await blocked(target), true);
    assert.equal(await safeNonce(), n + 3n);
  });

  it("a Safe proposal, then a governance proposal: the governance steps come after it", async () => {
    const n = await safeNonce();
    const target = fresh(0xdead02);
    const p = json("guardian", "block", target, "--reason", "drainer", "--via-safe", deployment.governance.safe, "--from", owners[1]);
    assert.equal(p.nonce, n.toString());
    const g = json("governance", "propose", "grant-guardian", fresh(0xa2), "--from", owners[1]);
    assert.equal(g.nonce, (n + 1n).toString(), "the schedule step comes after the Safe proposal");

    ok("governance", "approve", String(g.id), "--from", owners[2]);
    refused(["governance", "execute", String(g.id)], new RegExp(`is signed for nonce ${n + 1n}; Safe proposal ${p.id} holds it: execute that first`));
    ok("safe", "approve", String(p.id), "--from", owners[2]);
    ok("safe", "execute", String(p.id));
    assert.equal(await blocked(target), true);
    ok("governance", "execute", String(g.id));
    await passDelay();
    ok("governance", "execute", String(g.id));
    assert.equal(await isGuardian(fresh(0xa2)), true);
    assert.match(ok("governance", "pending"), /no pending governance proposals/);
    assert.match(ok("safe", "pending"), /no pending Safe proposals/);
  });

  it("proposals from the two commands, interleaved, queue one after another", async () => {
    const n = await safeNonce();
    const p = json("guardian", "block", fresh(0xdead03), "--reason", "drainer", "--via-safe", deployment.governance.safe, "--from", owners[0]);
    assert.equal(p.nonce, n.toString());
    const g = json("governance", "propose", "grant-guardian", fresh(0xa3), "--from", owners[0]);
    assert.equal(g.nonce, (n + 1n).toString());
    // Both stay open: the next Safe proposal comes after the governance proposal's two steps.
    const q = json("guardian", "block", fresh(0xdead04), "--reason", "drainer", "--via-safe", deployment.governance.safe, "--from", owners[0]);
    assert.equal(q.nonce, (n + 3n).toString());
  });

  it("a governance proposal and a Safe proposal made at the same moment get different nonces", async () => {
    const started = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args, "--rpc", s.rpc, "--deployment", s.deploymentFile, "--json"], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      });
    const [g, p] = await Promise.all([
      started(["governance", "propose", "grant-guardian", fresh(0xa4), "--from", owners[2]]),
      started(["guardian", "block", fresh(0xdead05), "--reason", "drainer", "--via-safe", deployment.governance.safe, "--from", owners[2]]),
    ]);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(p.code, 0, p.stderr);
    const governanceNonces = [BigInt(JSON.parse(g.stdout).nonce)];
    governanceNonces.push(governanceNonces[0] + 1n);
    const safeNonceOfProposal = BigInt(JSON.parse(p.stdout).nonce);
    assert.ok(!governanceNonces.includes(safeNonceOfProposal), `the Safe proposal took nonce ${safeNonceOfProposal}, held by the governance proposal`);
  });
});
