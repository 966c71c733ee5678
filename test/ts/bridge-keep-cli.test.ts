import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { Address } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { connectRpc, credentialMirrorAbi, credentialRegistryAbi, unlockedAccounts, type Connection } from "../../src/sdk/index.js";
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

describe("qualified bridge keep", async () => {
  const servers: { close: () => Promise<void> }[] = [];
  let deployment: CrossChainDeployment;
  let home: Connection;
  let l2: Connection;
  let cast: Record<"governance" | "issuer" | "qualifier" | "relayer" | "alice" | "bob" | "carol", Address>;
  const dir = mkdtempSync(join(tmpdir(), "qualified-keep-"));
  const file = join(dir, "crosschain.json");
  const state = join(dir, "keeper.json");

  before(async () => {
    const urls: string[] = [];
    for (const chainId of [31337, 31341]) {
      const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
      const { address, port } = await server.listen();
      servers.push(server);
      urls.push(`http://${address}:${port}`);
    }
    home = await connectRpc(urls[0]);
    l2 = await connectRpc(urls[1]);
    const a = await unlockedAccounts(home);
    cast = { governance: a[0], issuer: a[4], qualifier: a[8], relayer: a[12], alice: a[14], bob: a[15], carol: a[16] };
    const result = await runL2Demo(home, l2, cast, { log: () => {} });
    deployment = { home: { ...result.deployment.home, rpc: urls[0] }, l2: { ...result.deployment.l2, rpc: urls[1] } };
    writeCrossChainDeployment(file, deployment);
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  const seqOnL2 = (wallet: Address) =>
    l2.publicClient.readContract({ address: deployment.l2.mirror, abi: credentialMirrorAbi, functionName: "walletSeq", args: [wallet] });
  const revoke = async (holder: Address) => {
    const [id] = await home.publicClient.readContract({
      address: deployment.home.credentials,
      abi: credentialRegistryAbi,
      functionName: "credentialsOf",
      args: [holder],
    });
    const hash = await home
      .signer(cast.qualifier)
      .writeContract({ address: deployment.home.credentials, abi: credentialRegistryAbi, functionName: "revoke", args: [id, "no longer eligible"] });
    return (await waitForSuccess(home, { hash, what: "revoke" })).blockNumber;
  };

  it("carries a change a failed round could not send after a restart, runs until SIGINT, and saves its cursor", async () => {
    const start = await home.publicClient.getBlockNumber();
    const revokedAt = await revoke(cast.alice);
    const aliceSeq = await seqOnL2(cast.alice);

    // A keeper whose account holds no ETH: the round fails, and the saved cursor does not pass the change.
    const poor = await run(
      "bridge",
      "keep",
      "--crosschain",
      file,
      "--private-key",
      generatePrivateKey(),
      "--state",
      state,
      "--from-block",
      `${start}`,
      "--once",
    );
    assert.equal(poor.status, 0, poor.stderr);
    assert.match(poor.stdout, new RegExp(`FAILED sync ${cast.alice}`));
    const saved = JSON.parse(readFileSync(state, "utf8")) as { nextBlock: string };
    assert.ok(BigInt(saved.nextBlock) <= revokedAt, `cursor ${saved.nextBlock} passed the revocation at block ${revokedAt}`);

    // A funded keeper resumes from the cursor (its --from-block is ignored), carries the change, and keeps running.
    const child = spawn(process.execPath, [BIN, "bridge", "keep", "--crosschain", file, "--from", cast.relayer, "--state", state, "--interval", "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const waitFor = async (pattern: RegExp, what: string) => {
      for (let i = 0; i < 300 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, pattern, `${what}; stdout:\n${out}\nstderr:\n${err}`);
    };
    try {
      await waitFor(new RegExp(`resuming at home block ${saved.nextBlock}`), "resumes at the saved cursor");
      await waitFor(new RegExp(`wallets ${cast.alice}`), "carries the change the failed round left");
      // A change made while it runs is carried within a round or two.
      const hash = await home.signer(cast.governance).writeContract({
        address: deployment.home.credentials,
        abi: credentialRegistryAbi,
        functionName: "suspendQualifier",
        args: [1, "audit"],
      });
      await waitForSuccess(home, { hash, what: "suspend" });
      await waitFor(/synced 1 qualifier\(s\)/, "carries a suspension while running");
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0, `a clean stop on SIGINT; stderr: ${err}`);
    assert.match(out, /keeper stopped: cursor \d+ saved/);
    const after = JSON.parse(readFileSync(state, "utf8")) as { nextBlock: string };
    assert.ok(BigInt(after.nextBlock) > revokedAt);

    // What it sent reaches the L2 once relayed.
    const relayed = await run("bridge", "relay", "--crosschain", file, "--from", cast.relayer);
    assert.equal(relayed.status, 0, relayed.stderr);
    assert.ok((await seqOnL2(cast.alice)) > aliceSeq, "Alice's revocation reached the L2 mirror");
  });

  it("refuses a cursor file of another deployment, with a sentence", async () => {
    const other = join(dir, "other.json");
    writeCrossChainDeployment(other, deployment);
    const foreign = join(dir, "foreign-keeper.json");
    const { writeKeeperCursor } = await import("../../src/crosschain/keeper-cursor.js");
    writeKeeperCursor(foreign, { chainId: 1, credentials: deployment.home.credentials, sender: deployment.home.mirrorSender, nextBlock: "5" });
    const r = await run("bridge", "keep", "--crosschain", other, "--from", cast.relayer, "--state", foreign, "--once");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /cursor of another deployment/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
