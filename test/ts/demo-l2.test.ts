import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { parseUnits } from "viem";
import { connectProvider, unlockedAccounts } from "../../src/sdk/index.js";
import { runL2Demo } from "../../src/demo/l2-story.js";

/** Runs the cross-chain demo story and checks its outcomes on both chains, not in the story's words. */
describe("The cross-chain demo story (qualified demo --l2)", async () => {
  it("mirrors a credential, bridges the bond, and a revocation reaches the L2", async () => {
    const homeNet = await network.create();
    const l2Net = await network.create({ override: { chainId: 31338 } });
    const home = await connectProvider(homeNet.provider as never);
    const l2 = await connectProvider(l2Net.provider as never);
    const a = await unlockedAccounts(home);
    const lines: string[] = [];
    const cast = { governance: a[0], issuer: a[4], qualifier: a[8], relayer: a[12], alice: a[14], bob: a[15], carol: a[16] };
    const r = await runL2Demo(home, l2, cast, { log: (line) => lines.push(line) });

    const homeToken = await homeNet.viem.getContractAt("SecurityToken", r.homeToken);
    const l2Token = await l2Net.viem.getContractAt("SecurityToken", r.l2Token);
    const mirror = await l2Net.viem.getContractAt("CredentialMirror", r.mirror);
    const bond = (n: string) => parseUnits(n, 18);
    assert.equal(await l2Token.read.balanceOf([cast.bob]), r.bridged - bond("25")); // 25 of them deposited in the vault
    assert.equal((await homeToken.read.totalSupply()) + (await l2Token.read.totalSupply()), bond("1000"));
    assert.equal(await homeToken.read.balanceOf([cast.carol]), 0n);
    // Bob's revocation reached the L2; Alice's credential lapsed there when messages stopped.
    assert.equal((await mirror.read.wordOf([cast.bob])) & ((1n << 224n) - 1n), 0n, "Bob's mirrored word holds no credential");
    // Once the bound passed with no message, neither is vouched for any more.
    assert.equal(await mirror.read.credentialStatus([cast.bob, 2n]), 38);
    assert.equal(await mirror.read.credentialStatus([cast.alice, 2n]), 38); // stale, not expired: a sync revives it
    assert.ok(lines.some((l) => l.includes("refused at the source (BridgeRefused)")));
    // A vault registered on the L2 by Alice holds the bond there, answerable by her.
    const l2Contracts = await l2Net.viem.getContractAt("MirroredContractRegistry", r.l2Contracts);
    assert.equal(await l2Token.read.balanceOf([r.vault]), bond("25"));
    assert.equal((await l2Contracts.read.registration([r.vault])).registrant, cast.alice);
    assert.ok(
      lines.some((l) => l.includes("refused (code 31)")),
      "the vault waits out its window first",
    );
  });
});
