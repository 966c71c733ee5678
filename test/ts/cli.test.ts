import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { appointGuardianCall, blockContract, connectRpc, governViaTimelock, unlockedAccounts, vetCodeCall } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const A = "0x70997970C51812dc3A010C7d01b50e0D17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const DEAD_RPC = "http://127.0.0.1:9"; // nothing listens on the discard port

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A refusal is one line on stderr, a non-zero exit, and no stack trace. */
function assertOneLineError(r: ReturnType<typeof run>, pattern: RegExp) {
  assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
}

describe("qualified CLI: bad input", () => {
  it("refuses a malformed address", () => {
    assertOneLineError(run("check", "0x123", A, B, "1", "--rpc", DEAD_RPC), /token "0x123" is not an address/);
    assertOneLineError(run("status", "not-an-address"), /token "not-an-address" is not an address/);
    assertOneLineError(run("deploy", "--owners", `${A},0xbad`, "--rpc", DEAD_RPC), /owner 2 "0xbad" is not an address/);
  });

  it("refuses a malformed amount before touching the network", () => {
    assertOneLineError(run("check", A, A, B, "12,5", "--rpc", DEAD_RPC), /amount "12,5" is not a positive decimal number/);
    assertOneLineError(run("check", A, A, B, "-3", "--rpc", DEAD_RPC), /amount "-3"/);
  });

  it("says so when the RPC endpoint does not answer, or is not a URL", () => {
    assertOneLineError(run("check", A, A, B, "1", "--rpc", DEAD_RPC), /does not answer: is the node running\?/);
    assertOneLineError(run("demo", "--rpc", "not a url"), /is not a URL/);
    assertOneLineError(run("deploy", "--owners", A, "--rpc", "ftp://127.0.0.1"), /is not an http\(s\) RPC endpoint/);
  });

  it("refuses bad numbers and keys", () => {
    assertOneLineError(run("node", "--port", "99999"), /port "99999" must be a whole number from 1 to 65535/);
    assertOneLineError(run("deploy", "--owners", A, "--threshold", "3", "--rpc", DEAD_RPC), /threshold "3" must be a whole number from 1 to 1/);
    assertOneLineError(run("deploy", "--owners", A, "--private-key", "0x1234", "--rpc", DEAD_RPC), /private key must be 32 bytes/);
  });

  it("refuses a missing or malformed deployment file", () => {
    const dir = mkdtempSync(join(tmpdir(), "qualified-cli-"));
    assertOneLineError(run("status", A, "--deployment", join(dir, "none.json")), /no deployment file at .*none\.json/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ chainId: 1 }));
    assertOneLineError(run("status", A, "--deployment", bad), /bad\.json is not a Qualified deployment/);
  });

  it("rejects an unknown command with a usage hint", () => {
    const r = run("launch");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown command 'launch'/);
  });

  it("has --help on every subcommand", () => {
    for (const command of ["demo", "node", "deploy", "status", "check", "register", "monitor", "analytics", "trace", "api"]) {
      const r = run(command, "--help");
      assert.equal(r.status, 0, command);
      assert.match(r.stdout, new RegExp(`Usage: qualified ${command}`));
      assert.match(r.stdout, /--help/);
    }
    assert.match(run("--help").stdout, /demo[\s\S]*node[\s\S]*deploy[\s\S]*status[\s\S]*check[\s\S]*register/);
  });
});

describe("qualified node and operator commands against it", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualified-node-"));
  const deploymentFile = join(dir, "local.json");
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const rpc = `http://127.0.0.1:${port}`;
  const node = spawn(process.execPath, [BIN, "node", "--port", port, "--deployment", deploymentFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    node.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("JSON-RPC on")) resolve();
    });
    node.stderr.on("data", (chunk) => (output += chunk));
    node.on("exit", (code) => reject(new Error(`qualified node exited (${code}):\n${output}`)));
  });
  after(() => {
    node.kill("SIGTERM");
  });

  it("serves a chain with the system deployed and writes the deployment file", async () => {
    await ready;
    const deployment = JSON.parse(readFileSync(deploymentFile, "utf8"));
    assert.equal(deployment.chainId, 31337);
    assert.equal(deployment.governance.threshold, 2);
    assert.match(deployment.registries.credentials, /^0x[0-9a-fA-F]{40}$/);
  });

  it("registers a contract over RPC, and says why when it refuses: not identifiable, already registered, blocked, no code", async () => {
    await ready;
    const deployment = readDeployment(deploymentFile);
    const target = deployment.registries.issuers; // any deployed contract
    // The node's first account holds no credential: unvetted code needs an identifiable registrant.
    assertOneLineError(run("register", target, "--rpc", rpc, "--deployment", deploymentFile), /is not identifiable: .*needs a live credential/);
    // Governance (accounts 1-3, through the timelock) vets the target's code and appoints account 4 as a guardian.
    const connection = await connectRpc(rpc);
    const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
    await governViaTimelock(connection, {
      deployment,
      calls: [
        vetCodeCall({ deployment, exemplar: target, label: "issuer registry" }),
        appointGuardianCall({ deployment, account: signers[4].account.address }),
      ],
      signers: [signers[1], signers[2]],
    });
    const ok = run("register", target, "--rpc", rpc, "--deployment", deploymentFile);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /registered 0x[0-9a-fA-F]{40}: eligible now \(vetted code\)/);
    assertOneLineError(run("register", target, "--rpc", rpc, "--deployment", deploymentFile), /is already registered/);
    const blocked = deployment.registries.credentials;
    await blockContract(connection, { deployment, actor: signers[4], target: blocked, reason: "test" });
    assertOneLineError(run("register", blocked, "--rpc", rpc, "--deployment", deploymentFile), /is blocked by a guardian/);
    assertOneLineError(run("register", A, "--rpc", rpc, "--deployment", deploymentFile), /has no code: only deployed contracts can be registered/);
  });

  it("runs the demo against it over JSON-RPC", async () => {
    await ready;
    const r = spawnSync(process.execPath, [BIN, "demo", "--rpc", rpc], { encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[9\/9\]/);
    assert.match(r.stdout, /Done in/);
  });

  it("says when an address is not a token", async () => {
    await ready;
    assertOneLineError(run("status", B, "--rpc", rpc, "--deployment", deploymentFile), /has no code on chain 31337: not a token/);
    assertOneLineError(run("check", B, A, B, "1", "--rpc", rpc), /is not a token on chain 31337/);
  });
});
