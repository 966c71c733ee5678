import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { encodeAbiParameters, getAddress, pad, type Hex } from "viem";
import { twoChains, MAX_STALENESS, L2_CHAIN_ID, L2_EID } from "../support/two-chains.js";
import { Code, CLASS_PROFESSIONAL } from "../support/fixture.js";

const words = (kind: number, seq: bigint, sentAt: bigint, key: bigint, value: bigint): Hex =>
  encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }],
    [BigInt(kind), seq, sentAt, key, value],
  );

describe("credential mirroring across two chains", async () => {
  const chains = await twoChains();
  const { home, l2, l2Public, l2Wallets } = chains;
  const { alice, bob, carol, qualifierA, governance, sanctions, guardian, outsider, issuer } = home.actors;
  const A = alice.account.address;
  const B = bob.account.address;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  beforeEach(async () => {
    await x.restore();
  });

  /** Alice holds 500 bond units on the L2 (the issuer mints them there; bridging has its own tests). */
  const fundAliceOnL2 = async () => {
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
  };
  const l2Transfer = (to: `0x${string}`, amount: bigint) => x.l2Token.write.transfer([to, amount], { account: alice.account });
  const refusedWith = async (call: Promise<unknown>, code: number, from: Hex, to: Hex, amount: bigint) =>
    l2.viem.assertions.revertWithCustomErrorWithArgs(call as Promise<Hex>, x.l2Token, "TransferRestricted", [code, from, to, amount]);

  it("runs two chains with their own chain ids and LayerZero endpoint ids", async () => {
    assert.equal(await home.publicClient.getChainId(), 31337);
    assert.equal(await l2Public.getChainId(), L2_CHAIN_ID);
    assert.equal(await x.mirror.read.messenger().then(async (m) => (await l2.viem.getContractAt("LayerZeroMessenger", m)).read.peerEid()), 30101);
  });

  it("mirrors credentials: the L2 token, deployed unchanged over the mirror, moves between Alice and Bob and refuses Carol", async () => {
    await fundAliceOnL2();
    await l2Transfer(B, 100n);
    assert.equal(await x.l2Token.read.balanceOf([B]), 100n);
    // Nothing about Carol has reached the L2: the mirror cannot tell her flags, so it refuses her as stale.
    await refusedWith(l2Transfer(carol.account.address, 1n), Code.RECIPIENT_MIRROR_STALE, A, carol.account.address, 1n);
    // Once home vouched for her, the L2 gives home's answer: she holds no credential.
    await x.sync(carol.account.address);
    await x.toL2.relay();
    await refusedWith(l2Transfer(carol.account.address, 1n), Code.RECIPIENT_NOT_QUALIFIED, A, carol.account.address, 1n);
    // The mirrored word equals the home word, expiries capped at sentAt + maxStaleness.
    const homeWord = await x.sender.read.walletWord([A]);
    assert.notEqual(await x.mirror.read.wordOf([A]), 0n);
    assert.equal((await x.mirror.read.wordOf([A])) & 0xffffffn, homeWord & 0xffffffn); // qualifier and class
  });

  it("a credential revoked on home stops transfers on the L2 after one relay", async () => {
    await fundAliceOnL2();
    const id = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    await x.credentials.write.revoke([id, "investor no longer professional"], { account: qualifierA.account });
    // Not relayed yet: the L2 still trusts its (bounded) copy.
    await l2Transfer(B, 1n);
    await x.sync(A);
    const relayed = await x.toL2.relay();
    assert.equal(relayed.length, 1);
    assert.equal(relayed[0].state, "delivered");
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_NOT_QUALIFIED, A, B, 1n);
  });

  it("a keeper pushes every home change to the L2 as soon as it appears (one round, one relay)", async () => {
    await fundAliceOnL2();
    const { connectProvider } = await import("../../src/sdk/clients.js");
    const { MirrorKeeper } = await import("../../src/crosschain/mirror-keeper.js");
    const homeConnection = await connectProvider(home.connection.provider as never);
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
    });
    const id = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    await x.credentials.write.revoke([id, "no longer professional"], { account: qualifierA.account });
    await x.credentials.write.setSanctioned([[carol.account.address], true, "OFAC SDN"], { account: sanctions.account });
    await x.credentials.write.suspendQualifier([2, "audit"], { account: governance.account });
    const round = await keeper.poll();
    assert.deepEqual(new Set(round.wallets), new Set([getAddress(A), getAddress(carol.account.address)]));
    assert.deepEqual(round.qualifiers, [2]);
    await x.toL2.relay();
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_NOT_QUALIFIED, A, B, 1n);
    assert.equal(await x.mirror.read.isSanctioned([carol.account.address]), true);
    assert.equal(await x.mirror.read.qualifierSuspended([2]), true);
    assert.deepEqual((await keeper.poll()).transactions, []); // nothing new
  });

  it("with the relayer stopped, the L2 refuses once maxStaleness has passed since the last update", async () => {
    await fundAliceOnL2();
    // Bob is vouched for after Alice, so Alice lapses first; her bound is read from the mirror (sentAt is the
    // home clock's), so the checks do not depend on how far the two chains' clocks drifted while the suite ran.
    await x.sync(B);
    await x.toL2.relay();
    const until = Number(await x.mirror.read.validUntilOf([A]));
    await l2.networkHelpers.time.increaseTo(until - 60);
    await l2Transfer(B, 1n); // still within the bound
    await l2.networkHelpers.time.increaseTo(until);
    // Lapsed by the staleness cap, not by its own expiry: the code says to sync, not to renew.
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_MIRROR_STALE, A, B, 1n);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([A]), Code.RECIPIENT_MIRROR_STALE);
    assert.equal(
      await x.l2Token.read.messageForTransferRestriction([Code.SENDER_MIRROR_STALE]),
      "The sender's mirrored credential is stale: sync it from the home chain.",
    );
    assert.equal(
      await x.l2Token.read.messageForTransferRestriction([Code.RECIPIENT_MIRROR_STALE]),
      "The recipient's mirrored credential is stale: sync it from the home chain.",
    );
    // A fresh sync (the home credential is still live) restores it.
    await home.networkHelpers.time.increase(Number(MAX_STALENESS));
    await x.sync(A);
    await x.sync(B);
    await x.toL2.relay();
    await l2Transfer(B, 1n);
  });

  it("never extends a credential past its own expiry", async () => {
    await fundAliceOnL2();
    const id = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    const now = BigInt((await home.publicClient.getBlock()).timestamp);
    await x.credentials.write.renew([id, Number(now + 3600n)], { account: qualifierA.account });
    await x.sync(A);
    await x.toL2.relay();
    await l2.networkHelpers.time.increase(3700);
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_CREDENTIAL_EXPIRED, A, B, 1n);
    // Past the staleness cap the L2 no longer knows what home holds (a renewal may be on its way): stale.
    await l2.networkHelpers.time.increase(Number(MAX_STALENESS));
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_MIRROR_STALE, A, B, 1n);
    // A fresh sync brings home's answer back: still expired there, so expired here, never extended.
    await home.networkHelpers.time.increase(Number(MAX_STALENESS) + 3700);
    await x.sync(A);
    await x.sync(B);
    await x.toL2.relay();
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_CREDENTIAL_EXPIRED, A, B, 1n);
  });

  it("a suspension travels as one message and stops every credential of the qualifier; reinstatement revives them", async () => {
    await fundAliceOnL2();
    await x.credentials.write.suspendQualifier([1, "audit"], { account: governance.account });
    await x.syncQualifier(1);
    await x.toL2.relay();
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_QUALIFIER_SUSPENDED, A, B, 1n);
    // A wallet synced while its qualifier is suspended carries no entry of it, so it cannot revive it.
    await x.sync(A);
    await x.toL2.relay();
    assert.equal(await x.mirror.read.wordOf([A]), 0n);
    await x.credentials.write.reinstateQualifier([1], { account: governance.account });
    await x.syncQualifier(1);
    await x.sync(A);
    await x.toL2.relay();
    await l2Transfer(B, 1n);
  });

  it("sanctions flags and guardians' blocks reach the L2 and refuse at once, whatever the wallet holds", async () => {
    await fundAliceOnL2();
    await x.credentials.write.setSanctioned([[B], true, "OFAC SDN"], { account: sanctions.account });
    await x.sync(B);
    await x.toL2.relay();
    assert.equal(await x.mirror.read.isSanctioned([B]), true);
    await refusedWith(l2Transfer(B, 1n), Code.RECIPIENT_SANCTIONED, A, B, 1n);

    await x.contracts.write.blockContract([A, "compromised key"], { account: guardian.account });
    await x.sync(A);
    await x.toL2.relay();
    assert.equal(await x.mirror.read.isBlocked([A]), true);
    await refusedWith(l2Transfer(carol.account.address, 1n), Code.SENDER_CONTRACT_BLOCKED, A, carol.account.address, 1n);
  });

  it("drops an older update that arrives after a newer one (LayerZero delivery is unordered)", async () => {
    await fundAliceOnL2();
    await x.sync(A); // an update with the live credential
    const id = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    await x.credentials.write.revoke([id, "x"], { account: qualifierA.account });
    await x.sync(A); // the revocation
    const [older, newer] = (await x.toL2.pending()).map((p) => p.packet);
    await x.toL2.verify(older);
    const first = await x.toL2.deliver(newer);
    assert.equal(first.state, "delivered");
    const second = await x.toL2.deliver(older);
    assert.equal(second.state, "delivered");
    await refusedWith(l2Transfer(B, 1n), Code.SENDER_NOT_QUALIFIED, A, B, 1n);
    const ignored = await x.mirror.getEvents.StaleUpdateIgnored();
    assert.equal(ignored.length, 1);
  });

  it("only the home sender, through the peer messenger, writes the mirror", async () => {
    // Directly: refused.
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.mirror.write.receiveMessage([words(1, 99n, 1n, BigInt(carol.account.address), 1n << 40n)], { account: outsider.account }),
      x.mirror,
      "NotMessenger",
      [outsider.account.address],
    );
    const l2Messenger = await l2.viem.getContractAt("LayerZeroMessenger", x.mirroring.messengers.remote);
    await l2.viem.assertions.revertWithCustomError(
      l2Messenger.write.lzReceive([{ srcEid: 30101, sender: pad(x.mirroring.messengers.home), nonce: 1n }, pad("0x01"), "0x", outsider.account.address, "0x"], {
        account: outsider.account,
      }),
      l2Messenger,
      "OnlyEndpoint",
    );
    // An outsider's own OApp on home, pointed at the mirror's messenger: the packet is never accepted on the L2.
    const rogue = await home.viem.deployContract("LayerZeroMessenger", [x.homeLz.endpoint, outsider.account.address, L2_EID, 300_000n]);
    await rogue.write.setPeer([L2_EID, pad(x.mirroring.messengers.remote)], { account: outsider.account });
    await rogue.write.bind([outsider.account.address], { account: outsider.account });
    const forged = words(1, 1n << 60n, BigInt((await home.publicClient.getBlock()).timestamp), BigInt(carol.account.address), (1n << 40n) | 0x0101n);
    await rogue.write.send([forged, outsider.account.address], { account: outsider.account, value: x.fee });
    const [result] = await x.toL2.relay();
    assert.notEqual(result.state, "delivered");
    assert.equal(await x.mirror.read.wordOf([carol.account.address]), 0n);
    assert.equal(await x.mirror.read.walletSeq([carol.account.address]), 0n);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([carol.account.address]), Code.RECIPIENT_MIRROR_STALE);
    // And the sender sends only what home holds: anyone may call it, for any wallet.
    await x.sender.write.sync([carol.account.address], { account: outsider.account, value: x.fee });
    await x.toL2.relay();
    assert.equal(await x.mirror.read.wordOf([carol.account.address]), 0n);
  });

  it("fails closed on malformed messages", async () => {
    // A mirror whose messenger is a test account, to feed it raw payloads.
    const feeder = l2Wallets[15];
    const bare = await l2.viem.deployContract("CredentialMirror", [feeder.account.address, 3600]);
    const as = { account: feeder.account };
    const now = BigInt((await l2Public.getBlock()).timestamp);
    for (const payload of [
      "0x" as Hex,
      words(1, 1n, now, BigInt(A), 1n).slice(0, -2) as Hex, // one byte short
      `${words(1, 1n, now, BigInt(A), 1n)}00` as Hex, // one byte long
      words(4, 1n, now, BigInt(A), 1n), // unknown kind
      words(0, 1n, now, BigInt(A), 1n), // unknown kind
      words(3, 1n, now, 0n, 1n), // a code hash of zero
      words(3, 1n, now, 1n, 2n), // vetting neither 0 nor 1
      words(3, 1n, 1n << 40n, 1n, 1n), // time out of range
      words(1, 1n, now, 1n << 160n, 1n), // not an address
      words(2, 1n, now, 1n << 16n, 1n), // not a qualifier id
      words(2, 1n, now, 1n, 2n), // standing neither 0 nor 1
      words(1, 1n << 64n, now, BigInt(A), 1n), // sequence out of range
    ]) {
      await l2.viem.assertions.revertWithCustomError(bare.write.receiveMessage([payload], as), bare, "MalformedMessage");
    }
    // A sentAt in the future never extends validity beyond arrival + maxStaleness.
    const entry = 1n | (BigInt(CLASS_PROFESSIONAL) << 16n) | ((now + 10n * 3600n) << 24n);
    await bare.write.receiveMessage([words(1, 1n, now + 5n * 3600n, BigInt(A), entry)], as);
    const expiry = ((await bare.read.wordOf([A])) >> 24n) & 0xffffffffn;
    assert.ok(expiry <= now + 3600n + 5n, `expiry ${expiry} capped near arrival + maxStaleness`);
  });
});
