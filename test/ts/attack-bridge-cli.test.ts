import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { keccak256, parseUnits, toHex, type Address } from "viem";
import { connectRpc, securityTokenAbi, securityTokenBytecode, unlockedAccounts, type Connection } from "../../src/sdk/index.js";
import { runL2Demo } from "../../src/demo/l2-story.js";
import { writeCrossChainDeployment, type CrossChainDeployment } from "../../src/crosschain/deployment-file.js";
import { waitForSuccess } from "../../src/sdk/transactions.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Attacks on `qualified bridge` through its deployment file: each test states what should hold. */
describe("attacking qualified bridge through its deployment file", async () => {
  const servers: { close: () => Promise<void> }[] = [];
  let deployment: CrossChainDeployment;
  let home: Connection;
  let alice: Address;
  let issuer: Address;
  const dir = mkdtempSync(join(tmpdir(), "qualified-bridge-attack-"));

  before(async () => {
    const urls: string[] = [];
    for (const chainId of [31337, 31340]) {
      const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
      const { address, port } = await server.listen();
      servers.push(server);
      urls.push(`http://${address}:${port}`);
    }
    home = await connectRpc(urls[0]);
    const l2 = await connectRpc(urls[1]);
    const a = await unlockedAccounts(home);
    [alice, issuer] = [a[14], a[4]];
    const cast = { governance: a[0], issuer, qualifier: a[8], relayer: a[12], alice, bob: a[15], carol: a[16] };
    const result = await runL2Demo(home, l2, cast, { log: () => {} });
    deployment = { home: { ...result.deployment.home, rpc: urls[0] }, l2: { ...result.deployment.l2, rpc: urls[1] } };
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it("refuses a deployment file whose token is not the token its bridge burns, instead of burning another amount of another token", async () => {
    // A second bond of the same issuer on home, with 6 decimals, under the same verifier: a file that
    // names it next to the first bond's bridge (two deployments merged by hand, a copy-paste) passes
    // every check the CLI makes today.
    const verifier = await home.publicClient.readContract({ address: deployment.home.token, abi: securityTokenAbi, functionName: "verifier" });
    const hash = await home.signer(issuer).deployContract({
      abi: securityTokenAbi,
      bytecode: securityTokenBytecode,
      args: [
        "Helvetia Note 2029",
        "HN29",
        6,
        issuer,
        verifier,
        { classification: "note", jurisdiction: "CH", documentUri: "ipfs://note", documentHash: keccak256(toHex("note")) },
      ],
    });
    const other = (await waitForSuccess(home, { hash, what: "deploy a second token" })).contractAddress!;
    await waitForSuccess(home, {
      hash: await home.signer(issuer).writeContract({ address: other, abi: securityTokenAbi, functionName: "mint", args: [alice, parseUnits("5", 6)] }),
      what: "mint",
    });
    const file = join(dir, "mixed.json");
    writeCrossChainDeployment(file, { ...deployment, home: { ...deployment.home, token: other } });
    const bondBefore = await home.publicClient.readContract({
      address: deployment.home.token,
      abi: securityTokenAbi,
      functionName: "balanceOf",
      args: [alice],
    });

    const r = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", alice, "--amount", "5");
    const bondAfter = await home.publicClient.readContract({ address: deployment.home.token, abi: securityTokenAbi, functionName: "balanceOf", args: [alice] });
    assert.equal(
      bondAfter,
      bondBefore,
      `the CLI said "${r.stdout.trim()}" and burnt ${bondBefore - bondAfter} base units of another token (the bridge's), checked against the file's token`,
    );
    assert.notEqual(r.status, 0);
  });

  it("refuses a zero or an enormous amount with a sentence, before any transaction", async () => {
    const file = join(dir, "good.json");
    writeCrossChainDeployment(file, deployment);
    const unclear: string[] = [];
    for (const amount of ["0", "0.0", `1${"0".repeat(80)}`]) {
      const r = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", alice, "--amount", amount);
      assert.notEqual(r.status, 0);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
      if (!/amount/i.test(r.stderr)) unclear.push(`--amount ${amount.slice(0, 12)}: ${r.stderr.trim().slice(0, 200)}`);
    }
    assert.deepEqual(unclear, [], "each refusal names the amount and what to fix");
  });
});

describe("attacking the mirror's timeliness from the operator's side", () => {
  it("gives the operator a command that keeps the mirror in step (the keeper), so a sanctions flag does not wait for maxStaleness", async () => {
    // The design relies on a keeper pushing each home change at once (README, docs/contracts.md); the
    // keeper is a library class only: no command, service or monitor runs it, and no command calls `sync`.
    const help = await run("bridge", "--help");
    assert.match(help.stdout, /\b(keep|keeper|sync|mirror)\b/, `qualified bridge offers no way to run the keeper:\n${help.stdout}`);
  });
});
