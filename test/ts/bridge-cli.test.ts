import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { connectRpc, credentialMirrorSenderAbi, unlockedAccounts } from "../../src/sdk/index.js";
import { runL2Demo } from "../../src/demo/l2-story.js";
import { writeCrossChainDeployment } from "../../src/crosschain/deployment-file.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

/** Runs the CLI without blocking this process (which serves both chains). */
function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("qualified bridge: send, pending, relay, retry over two RPC nodes", async () => {
  const servers: { close: () => Promise<void> }[] = [];
  let file = "";
  let alice: `0x${string}`;
  let bob: `0x${string}`;
  let carol: `0x${string}`;
  let relayer: `0x${string}`;
  let homeRpc = "";
  let senderAddress: `0x${string}`;

  before(async () => {
    const urls: string[] = [];
    for (const chainId of [31337, 31339]) {
      const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
      const { address, port } = await server.listen();
      servers.push(server);
      urls.push(`http://${address}:${port}`);
    }
    [homeRpc] = urls;
    const home = await connectRpc(urls[0]);
    const l2 = await connectRpc(urls[1]);
    const a = await unlockedAccounts(home);
    [alice, bob, carol, relayer] = [a[14], a[15], a[16], a[12]];
    const cast = { governance: a[0], issuer: a[4], qualifier: a[8], relayer, alice, bob, carol };
    const { deployment } = await runL2Demo(home, l2, cast, { log: () => {} });
    senderAddress = deployment.home.mirrorSender;
    file = join(mkdtempSync(join(tmpdir(), "qualified-bridge-")), "crosschain.json");
    writeCrossChainDeployment(file, { home: { ...deployment.home, rpc: urls[0] }, l2: { ...deployment.l2, rpc: urls[1] } });
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it("refuses with a sentence, before any transaction, a transfer the token would refuse", async () => {
    const r = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", carol, "--amount", "5");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /the bridge would refuse this transfer \(code 23\): The recipient holds no credential/);
    const missing = await run("bridge", "pending", "--crosschain", join(tmpdir(), "no-such-file.json"));
    assert.match(missing.stderr, /no cross-chain deployment file at/);
  });

  it("refuses a messaging fee above --max-fee, and a malformed one, before any transaction", async () => {
    const r = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", alice, "--amount", "5", "--max-fee", "0.000000000000000001");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /the messaging fee is [\d.]+ ETH, above --max-fee 0\.000000000000000001: raise --max-fee or wait/);
    const bad = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", alice, "--amount", "5", "--max-fee", "lots");
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--max-fee "lots" is not an amount of ETH such as 0\.01/);
    const pending = JSON.parse((await run("bridge", "pending", "--crosschain", file, "--json")).stdout) as { messages: unknown[] };
    assert.deepEqual(pending.messages, [], "nothing was sent");
  });

  it("sends, shows the message in flight, relays it into an escrow, and retries it once the recipient is synced", async () => {
    // At the end of the demo Alice's mirrored credential on the L2 has lapsed (no message for a day), while
    // at home it is live: the source lets the transfer go, the L2 refuses the receipt into escrow.
    const sent = await run("bridge", "send", "--crosschain", file, "--from", alice, "--to", alice, "--amount", "5", "--json");
    assert.equal(sent.status, 0, sent.stderr);
    const { transferId } = JSON.parse(sent.stdout) as { transferId: string };

    const pending = await run("bridge", "pending", "--crosschain", file, "--json");
    const inFlight = JSON.parse(pending.stdout) as { messages: { kind: string; direction: string }[]; escrows: unknown[] };
    assert.deepEqual(
      inFlight.messages.map((m) => [m.direction, m.kind]),
      [["to L2", "bridge transfer"]],
    );

    const relayed = await run("bridge", "relay", "--crosschain", file, "--from", relayer);
    assert.equal(relayed.status, 0, relayed.stderr + relayed.stdout);
    const after = JSON.parse((await run("bridge", "pending", "--crosschain", file, "--json")).stdout) as {
      messages: unknown[];
      escrows: { transferId: string; to: string; amount: string; chain: string }[];
    };
    assert.equal(after.messages.length, 0);
    assert.deepEqual(
      after.escrows.map((e) => [e.chain, e.transferId, e.to, e.amount]),
      [["L2", transferId, alice, "5000000000000000000"]],
    );

    const early = await run("bridge", "retry", transferId, "--crosschain", file, "--from", bob);
    assert.notEqual(early.status, 0);
    assert.match(early.stderr, /still cannot receive on chain 31339/);

    // Anyone pushes Alice's home state; once relayed, anyone may retry. (The demo moved the L2's clock a day
    // ahead; the home clock catches up first, as real chains' clocks agree.)
    const home = await connectRpc(homeRpc);
    await home.publicClient.request({ method: "evm_increaseTime", params: [86_401] } as never);
    await home.publicClient.request({ method: "evm_mine", params: [] } as never);
    const signer = home.signer(bob);
    const fee = await home.publicClient.readContract({ address: senderAddress, abi: credentialMirrorSenderAbi, functionName: "quoteSync" });
    await home.publicClient.waitForTransactionReceipt({
      hash: await signer.writeContract({ address: senderAddress, abi: credentialMirrorSenderAbi, functionName: "sync", args: [alice], value: fee }),
    });
    assert.equal((await run("bridge", "relay", "--crosschain", file, "--from", relayer)).status, 0);
    const retried = await run("bridge", "retry", transferId, "--crosschain", file, "--from", bob);
    assert.equal(retried.status, 0, retried.stderr);
    assert.match(retried.stdout, /released 5000000000000000000 base units to/);
    assert.match((await run("bridge", "pending", "--crosschain", file)).stdout, /no message in flight\nno open escrow/);

    // The transfer followed across the bridge, and the supply across both chains.
    const trace = JSON.parse((await run("bridge", "trace", transferId, "--crosschain", file, "--json")).stdout) as { chain: string; step: string }[];
    assert.deepEqual(
      trace.map((t) => [t.chain, t.step]),
      [
        ["home", "sent"],
        ["L2", "escrowed"],
        ["L2", "released"],
      ],
    );
    const supply = JSON.parse((await run("bridge", "supply", "--crosschain", file, "--json")).stdout) as Record<string, string>;
    assert.equal(supply.total, "1000000000000000000000");
    assert.equal(supply.l2, "255000000000000000000"); // 250 bridged in the demo, 5 here
    assert.equal(supply.inFlightToL2, "0");
  });
});
