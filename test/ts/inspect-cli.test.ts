import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { keccak256, toHex, type Address } from "viem";
import { connectRpc, roleHash, securityTokenAbi } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

interface Holder {
  address: Address;
  kind: string;
  owners?: Address[];
  threshold?: number;
  delaySeconds?: string;
  label?: string;
}
interface Map {
  contracts: Array<{ name: string; address: Address; roles: Array<{ role: string; holders: Holder[] }> }>;
  token?: {
    address: Address;
    issuer: Holder;
    verifier: { kind: string; reads: Record<string, Address>; immutable: Record<string, string> };
    immutable: Record<string, string>;
  };
}

describe("qualified inspect: who can do what, read from a sandbox chain", () => {
  let s: SandboxProcess;
  before(async () => (s = await startSandbox({ prefix: "qualified-inspect-" })));
  after(() => s.stop());
  const run = (...args: string[]) => s.run(args);
  const inspect = (...args: string[]): Map => {
    const r = run("inspect", ...args, "--json");
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const holdersOf = (map: Map, contract: string, role: string) => {
    const c = map.contracts.find((x) => x.name === contract);
    assert.ok(c, `no ${contract} in the map`);
    return c.roles.find((r) => r.role === role)?.holders ?? [];
  };

  it("matches the sandbox's parts: governance behind a timelock and a Safe, guardian, sanctions operator, qualifier, regulator, issuer", async () => {
    const sandbox = s.sandbox;
    const deployment = readDeployment(s.deploymentFile);
    const a = sandbox.accounts;
    const map = inspect();
    for (const registry of ["credential registry", "contract registry", "issuer registry"]) {
      const [admin, ...more] = holdersOf(map, registry, "DEFAULT_ADMIN_ROLE");
      assert.equal(more.length, 0, `${registry}: the timelock alone administers it`);
      assert.equal(admin.address, deployment.governance.timelock);
      assert.equal(admin.kind, "timelock");
      assert.equal(admin.delaySeconds, String(deployment.governance.delay));
    }
    const [proposer] = holdersOf(map, "governance timelock", "PROPOSER_ROLE");
    assert.equal(proposer.kind, "safe");
    assert.equal(proposer.address, deployment.governance.safe);
    assert.deepEqual(proposer.owners, a.governanceOwners);
    assert.equal(proposer.threshold, deployment.governance.threshold);
    assert.deepEqual(
      holdersOf(map, "contract registry", "GUARDIAN_ROLE").map((h) => h.address),
      [a.guardian],
    );
    assert.deepEqual(
      holdersOf(map, "credential registry", "SANCTIONS_ROLE").map((h) => h.address),
      [a.sanctionsOperator],
    );
    assert.deepEqual(
      holdersOf(map, "credential registry", `qualifier ${a.qualifierId} (active)`).map((h) => h.address),
      [a.qualifier],
    );
    assert.deepEqual(
      holdersOf(map, "issuer registry", "regulator (CH)").map((h) => h.address),
      [a.regulator],
    );
    for (const role of ["DEFAULT_ADMIN_ROLE", "MINTER_ROLE", "FREEZER_ROLE", "ENFORCER_ROLE", "PAUSER_ROLE"]) {
      assert.deepEqual(
        holdersOf(map, "token SB30", role).map((h) => `${h.address} ${h.kind}`),
        [`${a.issuer} key`],
        role,
      );
    }
    assert.ok(map.token);
    assert.equal(map.token.issuer.address, a.issuer);
    assert.equal(map.token.verifier.kind, "credential");
    assert.equal(map.token.verifier.reads.credentialRegistry, deployment.registries.credentials);
    assert.equal(map.token.verifier.reads.contractRegistry, deployment.registries.contracts);
    assert.equal(map.token.verifier.immutable.acceptedClasses, "1,2");
    assert.equal(map.token.immutable.symbol, "SB30");

    const text = run("inspect");
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`GUARDIAN_ROLE\\s+${a.guardian} \\(key\\)`));
    assert.match(text.stdout, /PROPOSER_ROLE\s+0x[0-9a-fA-F]{40} \(Safe, 2 of 3: /);
    assert.match(text.stdout, /credential verifier 0x[0-9a-fA-F]{40}/);
  });

  it("follows grants and revocations on chain, and shows a Safe issuer with its owners", async () => {
    const sandbox = s.sandbox;
    const deployment = readDeployment(s.deploymentFile);
    const connection = await connectRpc(s.rpc);
    const issuer = connection.signer(sandbox.accounts.issuer);
    const token = sandbox.token.address;
    const pauser = roleHash("PAUSER_ROLE");
    const guardian = sandbox.accounts.guardian;
    const write = async (functionName: "grantRole" | "revokeRole") => {
      const hash = await issuer.writeContract({ address: token, abi: securityTokenAbi, functionName, args: [pauser, guardian] });
      await connection.publicClient.waitForTransactionReceipt({ hash });
    };
    await write("grantRole");
    assert.deepEqual(
      holdersOf(inspect(token), "token SB30", "PAUSER_ROLE")
        .map((h) => h.address)
        .sort(),
      [sandbox.accounts.issuer, guardian].sort(),
    );
    await write("revokeRole");
    assert.deepEqual(
      holdersOf(inspect(token), "token SB30", "PAUSER_ROLE").map((h) => h.address),
      [sandbox.accounts.issuer],
    );

    const hash = keccak256(toHex("doc"));
    const made = run(
      "issuer",
      "deploy-token",
      "--name",
      "Safe Bond",
      "--symbol",
      "SAFE1",
      "--classes",
      "1",
      "--contract-policy",
      "none",
      "--issuer",
      deployment.governance.safe,
      "--classification",
      "debt",
      "--jurisdiction",
      "CH",
      "--document-uri",
      "https://example.org/d",
      "--document-hash",
      hash,
      "--from",
      sandbox.accounts.issuer,
      "--json",
    );
    assert.equal(made.status, 0, made.stderr);
    const entry = JSON.parse(made.stdout);
    const map = inspect(entry.address);
    assert.ok(map.token);
    assert.equal(map.token.issuer.kind, "safe");
    assert.equal(map.token.issuer.label, "governance Safe");
    assert.deepEqual(map.token.issuer.owners, sandbox.accounts.governanceOwners);
    assert.equal(map.token.verifier.immutable.contracts, "none may hold the token");
    assert.equal(map.token.verifier.reads.contractRegistry, undefined);
  });

  it("shows a composed verifier chain: credential, blocklist (with its keeper), allowlist, no-transfer under an all-of", async () => {
    const sandbox = s.sandbox;
    const a = sandbox.accounts;
    const made = run(
      "issuer",
      "deploy-token",
      "--name",
      "Composed",
      "--symbol",
      "CMP",
      "--classes",
      "2",
      "--blocklist",
      "--allowlist",
      "--redeem-only",
      a.holders[0],
      "--classification",
      "fund",
      "--jurisdiction",
      "CH",
      "--document-uri",
      "https://example.org/c",
      "--document-hash",
      keccak256(toHex("c")),
      "--from",
      a.issuer,
      "--json",
    );
    assert.equal(made.status, 0, made.stderr);
    const entry = JSON.parse(made.stdout);
    assert.deepEqual(
      entry.rules.map((r: { kind: string }) => r.kind),
      ["credential", "blocklist", "allowlist", "no-transfer"],
    );
    const map = inspect(entry.address) as Map & {
      token: { verifier: { kind: string; address: Address; children?: Array<{ kind: string; address: Address; immutable: Record<string, string> }> } };
    };
    assert.equal(map.token.verifier.kind, "all-of");
    assert.equal(map.token.verifier.address, entry.verifier);
    assert.deepEqual(
      map.token.verifier.children?.map((c) => c.kind),
      ["credential", "blocklist", "allowlist", "no-transfer"],
    );
    assert.equal(map.token.verifier.children?.[3].immutable.redemptionAddress, a.holders[0]);
    // The lists' keepers are roles too: the issuer holds LISTER_ROLE of each.
    assert.deepEqual(
      holdersOf(map, "blocklist verifier", "LISTER_ROLE").map((h) => h.address),
      [a.issuer],
    );
    assert.deepEqual(
      holdersOf(map, "allowlist verifier", "LISTER_ROLE").map((h) => h.address),
      [a.issuer],
    );
  });

  it("refuses what is not a token with one line", async () => {
    const r = run("inspect", readDeployment(s.deploymentFile).registries.issuers);
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /is not a Qualified security token/);
    const bad = run("inspect", "0x12");
    assert.match(bad.stderr, /token "0x12" is not an address/);
  });
});
