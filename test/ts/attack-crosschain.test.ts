import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { concat, encodeAbiParameters, getAddress, keccak256, pad, toHex, zeroAddress, type Address, type Hex } from "viem";
import { twoChains, HOME_EID, L2_EID, MAX_STALENESS } from "../support/two-chains.js";
import { Code } from "../support/fixture.js";
import { decodePacket } from "../../src/crosschain/packet.js";
import { endpointV2Abi } from "../../src/sdk/abi/contracts.js";
import { connectProvider } from "../../src/sdk/clients.js";
import { MirrorKeeper } from "../../src/crosschain/mirror-keeper.js";
import { RECEIVE_GAS } from "../../src/crosschain/deploy.js";

/**
 * Attacks on the cross-chain system, each written as the property the system should hold. A test that
 * fails here is a finding (see the report); a test that passes is an attack that held.
 */
describe("attacking the cross-chain system", async () => {
  const chains = await twoChains();
  const { home, l2 } = chains;
  const { alice, bob, issuer, outsider, sanctions, qualifierA, governance } = home.actors;
  const A = alice.account.address;
  const B = bob.account.address;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  beforeEach(async () => {
    await x.restore();
  });

  /**
   * A packet the home endpoint never emitted, verified on the L2 by the party the message library trusts
   * (the DVN) and executed: what a hostile or compromised DVN can do.
   */
  const forgeBridgeReceipt = async (transferId: Hex, from: Address, to: Address, amount: bigint) => {
    const receiver = x.bridges.messengers.remote;
    const senderWord = pad(x.bridges.messengers.home);
    const delivered = await chains.l2Public.readContract({
      address: x.l2Lz.endpoint,
      abi: endpointV2Abi,
      functionName: "inboundNonce",
      args: [receiver, HOME_EID, senderWord],
    });
    const message = encodeAbiParameters([{ type: "bytes32" }, { type: "address" }, { type: "address" }, { type: "uint256" }], [transferId, from, to, amount]);
    const encoded = concat([
      toHex(1, { size: 1 }),
      toHex(delivered + 1n, { size: 8 }),
      toHex(HOME_EID, { size: 4 }),
      senderWord,
      toHex(L2_EID, { size: 4 }),
      pad(receiver),
      keccak256(toHex(`forged ${transferId}`)),
      message,
    ]);
    const result = await x.toL2.deliver(decodePacket(encoded));
    assert.equal(result.state, "delivered", result.error);
  };

  const l2Supply = async () => (await x.l2Token.read.totalSupply()) + (await x.l2Bridge.read.totalEscrowed());

  it("a forged receipt parked in escrow by the inbound limit can be voided by the issuer: resuming the bridge never mints it", async () => {
    // The inbound bucket (capacity 10,000) is what a compromised DVN can mint at once; beyond it, arrivals
    // wait in escrow, which is meant to give the issuer time to react.
    const forged = keccak256(toHex("never burnt on home"));
    await x.l2Bridge.write.setInboundRateLimit([1_000n, 1n], { account: issuer.account });
    await forgeBridgeReceipt(keccak256(toHex("drains the bucket")), A, B, 1_000n);
    await forgeBridgeReceipt(forged, A, B, 900n);
    assert.equal((await x.l2Bridge.read.escrowOf([forged])).amount, 900n, "the second forgery waits in escrow");
    const l2SupplyBeforeReaction = await x.l2Token.read.totalSupply();

    // The issuer notices (the home bridge never sent `forged`): it stops the inbound bucket, voids the forged
    // escrow, and lifts the stop to serve genuine holders again.
    assert.equal(await x.homeBridge.read.sentHere([forged, A, B, 900n]), false, "home never sent it");
    await x.l2Bridge.write.setInboundRateLimit([0n, 0n], { account: issuer.account });
    await x.l2Bridge.write.voidEscrow([forged], { account: issuer.account });
    assert.equal(await x.l2Bridge.read.totalVoided(), 900n, "the voided receipt is recorded, not forgotten");
    await x.l2Bridge.write.setInboundRateLimit([1_000n, 1n], { account: issuer.account });
    await l2.networkHelpers.time.increase(1_000);
    await x.l2Bridge.write.retry([forged], { account: outsider.account }).catch(() => undefined);
    assert.equal(
      await x.l2Token.read.totalSupply(),
      l2SupplyBeforeReaction,
      "an outsider minted a receipt the issuer knew was forged, once the bucket refilled",
    );
  });

  it("returning a forged escrow home does not mint on the home chain tokens that were never burnt", async () => {
    const forged = keccak256(toHex("never burnt on home (return)"));
    await x.l2Bridge.write.setInboundRateLimit([0n, 0n], { account: issuer.account });
    const homeSupply = await x.token.read.totalSupply();
    await forgeBridgeReceipt(forged, B, B, 500n);
    assert.equal(await l2Supply(), 500n);
    await x.l2Bridge.write.returnToSender([forged], { account: issuer.account, value: x.bridgeFee });
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    assert.equal(await x.token.read.totalSupply(), homeSupply, "the home chain minted the forged amount to the forged sender");
  });

  it("a keeper round that hits one bad wallet still carries every other change to the L2", async () => {
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
    const homeConnection = await connectProvider(home.connection.provider as never);
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
    });
    // A sanctions update that lists the zero address next to a real one (a list with an empty row): the
    // registry accepts it, the sender refuses `sync(0)`.
    await x.credentials.write.setSanctioned([[zeroAddress, A], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    await keeper.poll().catch(() => undefined);
    await keeper.poll().catch(() => undefined); // the keeper runs again, as a service would
    await x.toL2.relay();
    assert.equal(await x.mirror.read.isSanctioned([A]), true, "Alice's sanctions flag never left home: the keeper skipped past it");
    // Sanctioned at home, Alice is refused on the L2 after one relay, not only once her last word goes stale.
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Token.write.transfer([B, 1n], { account: alice.account }), x.l2Token, "TransferRestricted", [
      Code.SENDER_SANCTIONED,
      A,
      B,
      1n,
    ]);
  });

  it("a keeper round interrupted by one failed transaction is redone, not skipped", async () => {
    const homeConnection = await connectProvider(home.connection.provider as never);
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
    });
    const id = await x.credentials.read.credentialId([A, 1, 1]);
    await x.credentials.write.revoke([id, "no longer professional"], { account: qualifierA.account });
    // One transient failure: the home node refuses the keeper's transaction (here: the keeper's account runs dry).
    const keeperAccount = x.relayerAccount.account.address;
    const balance = await home.publicClient.getBalance({ address: keeperAccount });
    await home.networkHelpers.setBalance(keeperAccount, 0n);
    const failed = await keeper.poll();
    assert.deepEqual(failed.wallets, []);
    assert.equal(failed.failed.length, 1, "the failure is reported, with its target");
    const revokedAt = (await x.credentials.getEvents.CredentialRevoked({}, { fromBlock: 0n })).at(-1)!.blockNumber;
    assert.ok(failed.cursor <= revokedAt, "a saved cursor never covers a change that was not carried");
    await home.networkHelpers.setBalance(keeperAccount, balance);
    const retried = await keeper.poll();
    assert.deepEqual(retried.wallets, [getAddress(A)], "the revocation was read once, failed to send, and is never sent again");
  });

  it("a griefer's sync during a short suspension does not lock the qualifier's holders out of the L2 after reinstatement", async () => {
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
    const homeConnection = await connectProvider(home.connection.provider as never);
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
    });
    await x.credentials.write.suspendQualifier([1, "audit"], { account: governance.account });
    await keeper.poll();
    // Anyone may sync any wallet: while qualifier 1 is suspended, its holders' words lose its entries.
    await x.sender.write.sync([A], { account: outsider.account, value: x.fee });
    await x.toL2.relay();
    await x.credentials.write.reinstateQualifier([1], { account: governance.account });
    const round = await keeper.poll(); // the keeper carries the reinstatement, as designed
    assert.deepEqual(round.qualifiers, [1]);
    await x.toL2.relay();
    // Alice's home credential is live and its qualifier active again: the L2 should let her trade.
    await x.l2Token.write.transfer([B, 1n], { account: alice.account });
  });

  it("a new home sender (a redeployment, a messenger migration) still reaches wallets the old one synced", async () => {
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
    // Governance moves mirroring to a new home sender with its own messenger; the L2 mirror and its
    // messenger stay, the L2 messenger's peer is pointed at the new home messenger.
    const newMessenger = await home.viem.deployContract("LayerZeroMessenger", [x.homeLz.endpoint, governance.account.address, L2_EID, RECEIVE_GAS], {
      client: { wallet: governance },
    });
    const newSender = await home.viem.deployContract(
      "CredentialMirrorSender",
      [x.credentials.address, x.contracts.address, newMessenger.address, await x.sender.read.nextSeq()],
      {
        client: { wallet: governance },
      },
    );
    await newMessenger.write.bind([newSender.address], { account: governance.account });
    await newMessenger.write.setPeer([L2_EID, pad(x.mirroring.messengers.remote)], { account: governance.account });
    const l2Messenger = await l2.viem.getContractAt("LayerZeroMessenger", x.mirroring.messengers.remote);
    await l2Messenger.write.setPeer([HOME_EID, pad(newMessenger.address)], { account: governance.account });

    await x.credentials.write.setSanctioned([[A], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    await newSender.write.sync([A], { account: outsider.account, value: await newSender.read.quoteSync() });
    const [delivered] = await x.toL2.relay();
    assert.equal(delivered.state, "delivered");
    assert.equal(await x.mirror.read.isSanctioned([A]), true, "the new sender's seq 1 is below Alice's last seq: the sanction was dropped as stale");
  });

  it("a spender sanctioned or blocked at home stops moving holders' tokens on the L2 within maxStaleness, relayed or not", async () => {
    // A spender (a router, an operator) needs no credential: the L2 refuses it only on a mirrored sanctions
    // flag or block. Mallory holds Alice's allowance on the L2; home flags her; no message about her is sent.
    const mallory = outsider;
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
    await x.l2Token.write.approve([mallory.account.address, 500n], { account: alice.account });
    // Never vouched for by home: refused until synced.
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.l2Token.write.transferFrom([A, B, 1n], { account: mallory.account }),
      x.l2Token,
      "TransferRestricted",
      [Code.SPENDER_MIRROR_STALE, A, B, 1n],
    );
    await x.sync(mallory.account.address);
    await x.toL2.relay();
    await x.l2Token.write.transferFrom([A, B, 1n], { account: mallory.account }); // allowed while clean and fresh
    await x.credentials.write.setSanctioned([[mallory.account.address], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    // Twice the staleness bound later, Alice and Bob are still live (they were synced again meanwhile).
    await home.networkHelpers.time.increase(Number(MAX_STALENESS) * 2);
    await l2.networkHelpers.time.increase(Number(MAX_STALENESS) * 2);
    await x.sync(A);
    await x.sync(B);
    await x.toL2.relay();
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.l2Token.write.transferFrom([A, B, 1n], { account: mallory.account }),
      x.l2Token,
      "TransferRestricted",
      [Code.SPENDER_MIRROR_STALE, A, B, 1n],
    );
    // Once the flag is carried, the L2 says why.
    await x.sync(mallory.account.address);
    await x.toL2.relay();
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.l2Token.write.transferFrom([A, B, 1n], { account: mallory.account }),
      x.l2Token,
      "TransferRestricted",
      [Code.SPENDER_SANCTIONED, A, B, 1n],
    );
  });

  it("the home chain does not mint to a clean accomplice what a wallet it knows is sanctioned sends from the L2", async () => {
    // Alice holds the bond on the L2. Home flags her; the flag has not reached the L2 yet (within the bound,
    // the L2 still accepts her). She bridges everything home to Bob, who is clean.
    await x.l2Token.write.mint([A, 500n], { account: issuer.account });
    await x.credentials.write.setSanctioned([[A], true, "OFAC SDN 2026-11-22"], { account: sanctions.account });
    await x.l2Bridge.write.send([B, 500n], { account: alice.account, value: x.bridgeFee });
    const bobBefore = await x.token.read.balanceOf([B]);
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    // Home, where the sanctions list is authoritative, reads the sender of every receipt: it should keep
    // this one in escrow for the issuer, not mint it to Bob.
    assert.equal(await x.token.read.balanceOf([B]), bobBefore, "home minted a sanctioned sender's tokens to a clean recipient");
  });

  it("(held) an executor choosing the gas of a bridge receipt can make it fail, never force a receivable transfer into escrow", async () => {
    await x.homeBridge.write.send([B, 10n], { account: alice.account, value: x.bridgeFee });
    const [item] = await x.toL2.pending();
    await x.toL2.verify(item.packet);
    const executor = chains.l2Wallets[9]; // anyone may execute a verified packet, with the gas it likes
    const args = [
      { srcEid: item.packet.srcEid, sender: pad(item.packet.sender), nonce: item.packet.nonce },
      item.packet.receiver,
      item.packet.guid,
      item.packet.message,
      "0x",
    ] as const;
    let deliveredWith = 0n;
    for (let gas = 60_000n; gas <= 400_000n && deliveredWith === 0n; gas += 2_000n) {
      try {
        const hash = await executor.writeContract({ address: x.l2Lz.endpoint, abi: endpointV2Abi, functionName: "lzReceive", args, gas });
        const receipt = await chains.l2Public.waitForTransactionReceipt({ hash });
        if (receipt.status === "success") deliveredWith = gas;
      } catch {
        // out of gas: the packet stays verified, to be executed again
      }
    }
    assert.ok(deliveredWith > 60_000n, `delivered at ${deliveredWith} gas, after failing at every lower limit tried`);
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 0n, "no gas limit turned a receivable transfer into an escrow");
    assert.equal(await x.l2Token.read.balanceOf([B]), 10n);
  });

  it("(held) a revoked wallet cannot outlive the staleness bound by replaying or reordering its own older syncs", async () => {
    // Alice syncs many times while live; the messages are held back; she is revoked; her revocation is
    // delivered first, then the held ones: none of them brings her back.
    for (let i = 0; i < 3; i++) await x.sync(A);
    const id = await x.credentials.read.credentialId([A, 1, 1]);
    await x.credentials.write.revoke([id, "no longer professional"], { account: qualifierA.account });
    await x.sync(A);
    const pending = await x.toL2.pending();
    assert.equal(pending.length, 4);
    // LayerZero executes a packet once every earlier one is verified: a hostile executor picks the order.
    for (const p of pending) await x.toL2.verify(p.packet);
    const newest = pending.at(-1)!;
    assert.equal((await x.toL2.deliver(newest.packet, "verified")).state, "delivered");
    for (const p of pending.slice(0, -1)) assert.equal((await x.toL2.deliver(p.packet, "verified")).state, "delivered");
    assert.equal(await x.mirror.read.walletSeq([A]), (await x.sender.read.nextSeq()) - 1n);
    await x.l2Token.write.mint([B, 10n], { account: issuer.account });
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Token.write.transfer([A, 1n], { account: bob.account }), x.l2Token, "TransferRestricted", [
      Code.RECIPIENT_NOT_QUALIFIED,
      B,
      A,
      1n,
    ]);
  });
});
