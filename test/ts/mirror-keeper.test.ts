import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { getAddress } from "viem";
import { twoChains } from "../support/two-chains.js";
import { connectProvider } from "../../src/sdk/clients.js";
import { MirrorKeeper } from "../../src/crosschain/mirror-keeper.js";

describe("the mirror keeper's retries", async () => {
  const chains = await twoChains();
  const { home } = chains;
  const { alice, bob, sanctions } = home.actors;
  const A = getAddress(alice.account.address);
  const B = getAddress(bob.account.address);
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  beforeEach(async () => {
    await x.restore();
  });

  it("a keeper restarted from a saved cursor keeps the wallets earlier rounds named vouched for, once it read the history", async () => {
    const homeConnection = await connectProvider(home.connection.provider as never);
    const cursor = (await home.publicClient.getBlockNumber()) + 1n; // Alice's and Bob's credentials were issued before it
    const make = () =>
      new MirrorKeeper({
        home: homeConnection,
        credentials: x.credentials.address,
        sender: x.sender.address,
        signer: homeConnection.signer(x.relayerAccount.account.address),
        fromBlock: cursor,
        resyncWalletsAfter: 43_200,
      });
    const forgetful = make();
    assert.deepEqual((await forgetful.poll()).wallets, [], "without the history, a restarted keeper knows nobody");
    const restarted = make();
    assert.deepEqual(await restarted.seedFromHistory(), { wallets: 2, codes: 0 });
    const round = await restarted.poll();
    assert.deepEqual([...round.wallets].sort(), [A, B].sort());
    await x.toL2.relay();
    assert.equal(await x.mirror.read.isFresh([A]), true);
  });

  it("backs off a sync that keeps failing without holding back the others, and never lets the cursor pass it", async () => {
    const homeConnection = await connectProvider(home.connection.provider as never);
    let clock = 1_000_000;
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
      retryBaseMs: 1_000,
      now: () => clock,
    });
    const keeperAccount = x.relayerAccount.account.address;
    const balance = await home.publicClient.getBalance({ address: keeperAccount });
    await x.credentials.write.setSanctioned([[A], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    const flaggedAt = await home.publicClient.getBlockNumber();
    await home.networkHelpers.setBalance(keeperAccount, 0n);
    assert.equal((await keeper.poll()).failed.length, 1, "first failure");
    const second = await keeper.poll();
    assert.equal(second.failed.length, 1, "retried at once after the first failure, fails again");
    assert.ok(second.cursor <= flaggedAt);

    // The account is funded again and Bob changes; Alice's sync waits for its backoff, Bob's goes at once.
    await home.networkHelpers.setBalance(keeperAccount, balance);
    await x.credentials.write.setSanctioned([[B], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    const third = await keeper.poll();
    assert.deepEqual(third.wallets, [B]);
    assert.equal(third.waiting, 1);
    assert.ok(third.cursor <= flaggedAt, "the cursor still waits for Alice");
    assert.deepEqual(keeper.pending, [{ kind: "wallet", wallet: A }]);

    clock += 1_000;
    const head = await home.publicClient.getBlockNumber();
    const fourth = await keeper.poll();
    assert.deepEqual(fourth.wallets, [A]);
    assert.equal(fourth.cursor, head + 1n, "nothing left: the cursor passes every block read");
    await x.toL2.relay();
    assert.equal(await x.mirror.read.isSanctioned([A]), true);
    assert.equal(await x.mirror.read.isSanctioned([B]), true);
  });
  it("catches up a long range a slice at a time, and says when it reached the head", async () => {
    const homeConnection = await connectProvider(home.connection.provider as never);
    const fromBlock = await home.publicClient.getBlockNumber();
    await x.credentials.write.setSanctioned([[A], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    for (let i = 0; i < 4; i++) await home.networkHelpers.mine();
    const head = await home.publicClient.getBlockNumber();
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock,
      blockRange: 2n,
    });
    const rounds = [];
    for (let i = 0; i < 10; i++) {
      const round = await keeper.poll();
      rounds.push(round);
      if (round.caughtUp) break;
    }
    assert.ok(rounds.length >= 3, `${rounds.length} rounds for ${head - fromBlock + 1n} blocks two at a time`);
    assert.equal(rounds[0].caughtUp, false);
    assert.deepEqual(
      rounds.flatMap((r) => r.wallets),
      [A],
      "the flag is carried once",
    );
  });
});
