import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeAbiParameters, getAddress, pad, type Address, type Hex } from "viem";
import { endpointV2Abi } from "../../src/sdk/abi/contracts.js";
import { twoChains, MAX_STALENESS } from "../support/two-chains.js";
import { Code, CLASS_PROFESSIONAL, alpha2 } from "../support/fixture.js";

describe("bridging the bond across two chains", async () => {
  const chains = await twoChains();
  const { home, l2 } = chains;
  const { alice, bob, carol, qualifierA, issuer, outsider } = home.actors;
  const A = alice.account.address;
  const B = bob.account.address;
  const C = carol.account.address;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  beforeEach(async () => {
    await x.restore();
  });

  const send = (from: typeof alice, to: Address, amount: bigint) => x.homeBridge.write.send([to, amount], { account: from.account, value: x.bridgeFee });
  const sendBack = (from: typeof alice, to: Address, amount: bigint) => x.l2Bridge.write.send([to, amount], { account: from.account, value: x.bridgeFee });
  const relayBridge = () => x.relayTo(x.toL2, x.bridges.messengers.remote);
  const relayMirror = () => x.relayTo(x.toL2, x.mirroring.messengers.remote);
  const transferIdOf = async (hash: Hex) => {
    const receipt = await home.publicClient.waitForTransactionReceipt({ hash });
    const [event] = await x.homeBridge.getEvents.BridgeSent({}, { blockHash: receipt.blockHash });
    return event.args.transferId!;
  };
  const revokeAndSync = async (holder: Address) => {
    const id = await x.credentials.read.credentialId([holder, 1, CLASS_PROFESSIONAL]);
    await x.credentials.write.revoke([id, "no longer eligible"], { account: qualifierA.account });
    await x.sync(holder);
  };
  const expiry = async () => Number(BigInt((await home.publicClient.getBlock()).timestamp) + 365n * 86400n);

  it("burns on home and mints on the L2 for a qualified recipient, and back", async () => {
    await send(alice, B, 300n);
    assert.equal(await x.token.read.balanceOf([A]), 700n);
    assert.equal(await x.token.read.totalSupply(), 1700n);
    const [delivered] = await relayBridge();
    assert.equal(delivered.state, "delivered");
    assert.equal(await x.l2Token.read.balanceOf([B]), 300n);
    assert.equal(await x.l2Token.read.totalSupply(), 300n);

    await sendBack(bob, A, 100n);
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    assert.equal(await x.token.read.balanceOf([A]), 800n);
    assert.equal(await x.l2Token.read.totalSupply(), 200n);
  });

  it("mints on the L2 what a sender the mirror has no recent word on sent from home: home checked it when it sent", async () => {
    // A day later the L2 no longer vouches for Alice (no message renewed her word); Bob is synced again.
    for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS) + 60);
    await x.sync(B);
    await relayMirror();
    assert.equal(await x.l2Verifier.read.detectSpenderRestriction([A]), Code.SPENDER_MIRROR_STALE);
    await send(alice, B, 10n);
    const [delivered] = await relayBridge();
    assert.equal(delivered.state, "delivered");
    assert.equal(await x.l2Token.read.balanceOf([B]), 10n, "minted, not escrowed");
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 0n);
  });

  it("refuses at the source a transfer to an unqualified recipient, and burns nothing", async () => {
    await home.viem.assertions.revertWithCustomErrorWithArgs(send(alice, C, 10n), x.homeBridge, "BridgeRefused", [Code.RECIPIENT_NOT_QUALIFIED, A, C, 10n]);
    assert.equal(await x.token.read.balanceOf([A]), 1000n);
    assert.equal((await x.toL2.pending()).length, 0);
    // Nor may a sender move frozen tokens or more than it holds.
    await x.token.write.setFrozenTokens([A, 950n], { account: issuer.account });
    await home.viem.assertions.revertWithCustomErrorWithArgs(send(alice, B, 100n), x.homeBridge, "BridgeRefused", [
      Code.INSUFFICIENT_UNFROZEN_BALANCE,
      A,
      B,
      100n,
    ]);
    await x.token.write.setFrozenTokens([A, 0n], { account: issuer.account });
    await revokeAndSync(A);
    await home.viem.assertions.revertWithCustomErrorWithArgs(send(alice, B, 1n), x.homeBridge, "BridgeRefused", [Code.SENDER_NOT_QUALIFIED, A, B, 1n]);
  });

  it("a recipient disqualified in flight finds the tokens in escrow; the issuer recovers them", async () => {
    const transferId = await transferIdOf(await send(alice, B, 200n));
    await revokeAndSync(B);
    await relayMirror(); // the revocation overtakes the bridge packet
    const [arrival] = await relayBridge();
    assert.equal(arrival.state, "delivered"); // delivered, not lost: escrowed
    assert.equal(await x.l2Token.read.balanceOf([B]), 0n);
    assert.deepEqual(await x.l2Bridge.read.escrowOf([transferId]), { from: getAddress(A), to: getAddress(B), amount: 200n });
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 200n);

    // Anyone may retry, but only to the recipient, and only once it can receive.
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.l2Bridge.write.retry([transferId], { account: outsider.account }),
      x.l2Bridge,
      "RecipientStillRefused",
      [transferId, B],
    );
    // Only the issuer releases elsewhere, and only to an address that can receive.
    await l2.viem.assertions.revertWithCustomError(
      x.l2Bridge.write.release([transferId, A], { account: outsider.account }),
      x.l2Bridge,
      "AccessControlUnauthorizedAccount",
    );
    await l2.viem.assertions.revertWithCustomError(x.l2Bridge.write.release([transferId, C], { account: issuer.account }), x.l2Token, "TransferRestricted");
    await x.l2Bridge.write.release([transferId, A], { account: issuer.account });
    assert.equal(await x.l2Token.read.balanceOf([A]), 200n);
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 0n);
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Bridge.write.release([transferId, A], { account: issuer.account }), x.l2Bridge, "NoEscrow", [
      transferId,
    ]);
  });

  it("an escrow goes back home to its sender, or to its recipient once qualified again", async () => {
    const first = await transferIdOf(await send(alice, B, 100n));
    const second = await transferIdOf(await send(alice, B, 50n));
    await revokeAndSync(B);
    await relayMirror();
    await relayBridge();
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 150n);

    await x.l2Bridge.write.returnToSender([first], { account: issuer.account, value: x.bridgeFee });
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    assert.equal(await x.token.read.balanceOf([A]), 950n); // 1,000 - 100 - 50 + the 100 returned

    await x.credentials.write.issue([{ holder: B, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: await expiry() }], {
      account: qualifierA.account,
    });
    await x.sync(B);
    await relayMirror();
    await x.l2Bridge.write.retry([second], { account: outsider.account });
    assert.equal(await x.l2Token.read.balanceOf([B]), 50n);
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 0n);
  });

  it("draws on an issuer-set token bucket", async () => {
    await x.homeBridge.write.setRateLimit([500n, 10n], { account: issuer.account });
    await send(alice, B, 400n);
    // 100 left, refilling at 10 a second (each block here is one second later).
    await home.viem.assertions.revertWithCustomError(send(alice, B, 200n), x.homeBridge, "RateLimited");
    assert.ok((await x.homeBridge.read.availableToSend()) < 200n);
    await home.networkHelpers.time.increase(10);
    await send(alice, B, 200n);
    assert.ok((await x.homeBridge.read.availableToSend()) < 20n);
    await home.viem.assertions.revertWithCustomError(
      x.homeBridge.write.setRateLimit([1n, 1n], { account: outsider.account }),
      x.homeBridge,
      "AccessControlUnauthorizedAccount",
    );
    await x.homeBridge.write.setRateLimit([0n, 0n], { account: issuer.account });
    await home.viem.assertions.revertWithCustomError(send(alice, B, 1n), x.homeBridge, "RateLimited");
  });

  it("escrows an arrival above the inbound limit instead of minting it; a retry later draws on the bucket", async () => {
    await x.l2Bridge.write.setInboundRateLimit([100n, 1n], { account: issuer.account });
    const big = await transferIdOf(await send(alice, B, 300n));
    await send(alice, B, 50n);
    const arrivals = await relayBridge();
    assert.deepEqual(
      arrivals.map((a) => a.state),
      ["delivered", "delivered"],
    ); // neither refused nor lost
    assert.equal(await x.l2Token.read.balanceOf([B]), 50n); // the small one fits and is minted
    assert.deepEqual(await x.l2Bridge.read.escrowOf([big]), { from: getAddress(A), to: getAddress(B), amount: 300n });
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 300n);
    assert.ok((await x.l2Bridge.read.availableToReceive()) < 300n);
    // The recipient can receive, but the bucket cannot take 300 yet.
    await l2.viem.assertions.revertWithCustomError(x.l2Bridge.write.retry([big], { account: outsider.account }), x.l2Bridge, "RateLimited");
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 300n);
    await l2.viem.assertions.revertWithCustomError(
      x.l2Bridge.write.setInboundRateLimit([1n << 100n, 1n << 100n], { account: outsider.account }),
      x.l2Bridge,
      "AccessControlUnauthorizedAccount",
    );
    await x.l2Bridge.write.setInboundRateLimit([1000n, 100n], { account: issuer.account });
    assert.deepEqual(await x.l2Bridge.read.inboundRateLimit(), [1000n, 100n]);
    await l2.networkHelpers.time.increase(10);
    await x.l2Bridge.write.retry([big], { account: outsider.account });
    assert.equal(await x.l2Token.read.balanceOf([B]), 350n);
    assert.equal(await x.l2Bridge.read.totalEscrowed(), 0n);
    assert.ok((await x.l2Bridge.read.availableToReceive()) < 1000n - 250n);
    // Stopped (capacity zero), every arrival waits in escrow.
    await x.l2Bridge.write.setInboundRateLimit([0n, 0n], { account: issuer.account });
    const stopped = await transferIdOf(await send(alice, B, 1n));
    await relayBridge();
    assert.equal((await x.l2Bridge.read.escrowOf([stopped])).amount, 1n);
  });

  it("only the peer bridge, through its messenger, mints", async () => {
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Bridge.write.receiveMessage(["0x"], { account: outsider.account }), x.l2Bridge, "NotMessenger", [
      outsider.account.address,
    ]);
  });

  it("fails closed on malformed receipts and never mints a transfer twice", async () => {
    // A bridge whose messenger is a test account, to feed it raw payloads.
    const feeder = chains.l2Wallets[15];
    const bare = await l2.viem.deployContract("BondBridge", [x.l2Token.address, feeder.account.address, issuer.account.address]);
    await x.l2Token.write.grantRole([await x.l2Token.read.MINTER_ROLE(), bare.address], { account: issuer.account });
    await bare.write.setInboundRateLimit([1000n, 0n], { account: issuer.account });
    const as = { account: feeder.account };
    const id = `0x${"ab".repeat(32)}` as Hex;
    const payload = (to: bigint, amount: bigint, extra = "") =>
      (encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }], [id, BigInt(A), to, amount]) + extra) as Hex;
    for (const bad of [payload(BigInt(B), 1n, "00"), payload(0n, 1n), payload(1n << 160n, 1n), payload(BigInt(B), 0n), "0x" as Hex]) {
      await l2.viem.assertions.revertWithCustomError(bare.write.receiveMessage([bad], as), bare, "MalformedTransfer");
    }
    await bare.write.receiveMessage([payload(BigInt(B), 7n)], as);
    assert.equal(await x.l2Token.read.balanceOf([B]), 7n);
    await l2.viem.assertions.revertWithCustomErrorWithArgs(bare.write.receiveMessage([payload(BigInt(B), 7n)], as), bare, "AlreadyProcessed", [id]);
    assert.equal(await x.l2Token.read.balanceOf([B]), 7n);
    // A return (five words) of a transfer this bridge never sent is recorded as voided, never minted.
    const returnId = `0x${"cd".repeat(32)}` as Hex;
    const neverSent = `0x${"ef".repeat(32)}` as Hex;
    const forgedReturn = encodeAbiParameters(
      [{ type: "bytes32" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "bytes32" }].map((t, i) =>
        i === 3 ? { type: "uint256" } : t,
      ),
      [returnId, A, B, 9n, neverSent],
    );
    await bare.write.receiveMessage([forgedReturn], as);
    assert.equal(await x.l2Token.read.balanceOf([B]), 7n);
    assert.equal(await bare.read.totalVoided(), 9n);
    assert.equal(await bare.read.totalEscrowed(), 0n);
    const [voided] = await bare.getEvents.ReturnVoided({}, { fromBlock: 0n });
    assert.equal(voided.args.originalId, neverSent);
    await l2.viem.assertions.revertWithCustomError(bare.write.receiveMessage([`${forgedReturn}00` as Hex], as), bare, "MalformedTransfer");
  });

  it("escrows on arrival a transfer whose sender the destination knows is sanctioned; nobody retries it until the flag is lifted", async () => {
    await send(alice, B, 100n);
    await relayBridge();
    // Home flags Bob; the flag has not reached the L2, which still lets him send home to Alice.
    await x.credentials.write.setSanctioned([[B], true, "OFAC SDN 2026-11-22"], { account: home.actors.sanctions.account });
    const [sent] = await x.l2Bridge.getEvents.BridgeSent(
      {},
      { blockHash: (await chains.l2Public.waitForTransactionReceipt({ hash: await sendBack(bob, A, 40n) })).blockHash },
    );
    const transferId = sent.args.transferId!;
    const aliceBefore = await x.token.read.balanceOf([A]);
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    assert.equal(await x.token.read.balanceOf([A]), aliceBefore, "not minted to the clean recipient");
    assert.deepEqual(await x.homeBridge.read.escrowOf([transferId]), { from: getAddress(B), to: getAddress(A), amount: 40n });
    await home.viem.assertions.revertWithCustomErrorWithArgs(
      x.homeBridge.write.retry([transferId], { account: outsider.account }),
      x.homeBridge,
      "SenderStillRefused",
      [transferId, getAddress(B)],
    );
    await x.credentials.write.setSanctioned([[B], false, "delisted"], { account: home.actors.sanctions.account });
    await x.homeBridge.write.retry([transferId], { account: outsider.account });
    assert.equal(await x.token.read.balanceOf([A]), aliceBefore + 40n);
  });

  it("a genuine escrow returned to its sender comes back; the source recognises only transfers it sent", async () => {
    const transferId = await transferIdOf(await send(alice, B, 200n));
    assert.equal(await x.homeBridge.read.sentHere([transferId, A, B, 200n]), true);
    assert.equal(await x.homeBridge.read.sentHere([transferId, A, B, 201n]), false, "the id commits to the amount");
    assert.equal(await x.homeBridge.read.sentHere([transferId, A, C, 200n]), false, "and to the recipient");
    await revokeAndSync(B);
    await relayMirror();
    await relayBridge();
    assert.equal((await x.l2Bridge.read.escrowOf([transferId])).amount, 200n);
    await x.l2Bridge.write.returnToSender([transferId], { account: issuer.account, value: await x.l2Bridge.read.quoteReturn() });
    await x.relayTo(x.toHome, x.bridges.messengers.home);
    assert.equal(await x.token.read.balanceOf([A]), 1000n, "Alice has her tokens back");
    assert.equal(await x.homeBridge.read.returned([transferId]), true);
    assert.equal(await x.homeBridge.read.totalVoided(), 0n);
  });

  it("reports a packet the receiver's delegate skipped as skipped, not delivered, and does not relay it", async () => {
    await send(alice, B, 50n);
    const [item] = await x.toL2.pending();
    assert.equal(item.state, "unverified");
    // The L2 bridge messenger's delegate (governance there) skips the packet: the burnt tokens never arrive.
    const governanceOnL2 = chains.l2Wallets[0];
    assert.equal(getAddress(governanceOnL2.account.address), getAddress(home.actors.governance.account.address));
    await chains.l2Public.waitForTransactionReceipt({
      hash: await governanceOnL2.writeContract({
        address: x.l2Lz.endpoint,
        abi: endpointV2Abi,
        functionName: "skip",
        args: [item.packet.receiver, item.packet.srcEid, pad(item.packet.sender), item.packet.nonce],
      }),
    });
    const [after] = await x.toL2.pending();
    assert.equal(after?.state, "skipped", "the skipped packet is still reported, as skipped");
    assert.deepEqual(await x.toL2.relay(), [], "nothing to relay: a skipped packet cannot be delivered");
    assert.equal(await x.l2Token.read.balanceOf([B]), 0n);
  });

  it("conserves total supply across both chains under random sequences", async () => {
    const holders = [alice, bob, carol];
    type Op =
      | { kind: "toL2"; from: number; to: number; amount: bigint }
      | { kind: "toHome"; from: number; to: number; amount: bigint }
      | { kind: "relayL2" }
      | { kind: "relayMirror" }
      | { kind: "relayHome" }
      | { kind: "revoke"; who: number }
      | { kind: "reissue"; who: number }
      | { kind: "recover" }
      | { kind: "void" };
    const who = fc.integer({ min: 0, max: 2 });
    const amount = fc.bigInt({ min: 1n, max: 400n });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("toL2" as const), from: who, to: who, amount }),
      fc.record({ kind: fc.constant("toHome" as const), from: who, to: who, amount }),
      fc.constant({ kind: "relayL2" as const }),
      fc.constant({ kind: "relayMirror" as const }),
      fc.constant({ kind: "relayHome" as const }),
      fc.record({ kind: fc.constant("revoke" as const), who }),
      fc.record({ kind: fc.constant("reissue" as const), who }),
      fc.constant({ kind: "recover" as const }),
      fc.constant({ kind: "void" as const }),
    );
    const escrowIds = async () => {
      const ids = new Map<Hex, boolean>();
      for (const bridge of [x.homeBridge, x.l2Bridge]) {
        for (const e of await bridge.getEvents.Escrowed({}, { fromBlock: 0n })) ids.set(e.args.transferId!, bridge === x.homeBridge);
      }
      return ids;
    };
    /** Home supply + L2 supply + escrowed on both sides + amounts in packets not yet delivered. */
    const accounted = async () => {
      let inFlight = 0n;
      for (const relayer of [x.toL2, x.toHome]) {
        for (const p of await relayer.pending()) {
          if (p.packet.receiver !== x.bridges.messengers.remote && p.packet.receiver !== x.bridges.messengers.home) continue;
          inFlight += BigInt(`0x${p.packet.message.slice(2 + 64 * 3, 2 + 64 * 4)}`);
        }
      }
      let escrowed = 0n;
      for (const [id, isHome] of await escrowIds()) escrowed += (await (isHome ? x.homeBridge : x.l2Bridge).read.escrowOf([id])).amount;
      assert.equal(escrowed, (await x.homeBridge.read.totalEscrowed()) + (await x.l2Bridge.read.totalEscrowed()));
      const voided = (await x.homeBridge.read.totalVoided()) + (await x.l2Bridge.read.totalVoided());
      return (await x.token.read.totalSupply()) + (await x.l2Token.read.totalSupply()) + escrowed + voided + inFlight;
    };

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 16 }), async (ops) => {
        await x.restore();
        // A tight inbound limit on both sides, so arrivals also wait in escrow for room in the bucket.
        await x.homeBridge.write.setInboundRateLimit([500n, 1n], { account: issuer.account });
        await x.l2Bridge.write.setInboundRateLimit([500n, 1n], { account: issuer.account });
        const initial = await accounted();
        assert.equal(initial, 2000n);
        for (const o of ops) {
          const tryIt = async (p: Promise<unknown>) =>
            p.then(
              () => true,
              () => false,
            );
          if (o.kind === "toL2") await tryIt(send(holders[o.from], holders[o.to].account.address, o.amount));
          else if (o.kind === "toHome") await tryIt(sendBack(holders[o.from], holders[o.to].account.address, o.amount));
          else if (o.kind === "relayL2") await x.toL2.relay();
          else if (o.kind === "relayMirror")
            await relayMirror(); // credential news overtakes transfers in flight
          else if (o.kind === "relayHome") await x.toHome.relay();
          else if (o.kind === "revoke") {
            const id = await x.credentials.read.credentialId([holders[o.who].account.address, 1, CLASS_PROFESSIONAL]);
            await tryIt(x.credentials.write.revoke([id, "x"], { account: qualifierA.account }));
            await x.sync(holders[o.who].account.address);
          } else if (o.kind === "reissue") {
            const holder = holders[o.who].account.address;
            await tryIt(
              x.credentials.write.issue([{ holder, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: await expiry() }], {
                account: qualifierA.account,
              }),
            );
            await x.sync(holder);
          } else if (o.kind === "void") {
            // The issuer voids the first open escrow (as for a forged receipt): recorded, never minted.
            for (const [id, isHome] of await escrowIds()) {
              const bridge = isHome ? x.homeBridge : x.l2Bridge;
              if ((await bridge.read.escrowOf([id])).amount === 0n) continue;
              await bridge.write.voidEscrow([id], { account: issuer.account });
              break;
            }
          } else {
            for (const [id, isHome] of await escrowIds()) {
              const bridge = isHome ? x.homeBridge : x.l2Bridge;
              if ((await bridge.read.escrowOf([id])).amount === 0n) continue;
              if (!(await tryIt(bridge.write.retry([id], { account: outsider.account })))) {
                await tryIt(bridge.write.returnToSender([id], { account: issuer.account, value: await bridge.read.quoteReturn() }));
              }
            }
          }
          assert.equal(await accounted(), initial, `supply not conserved after ${JSON.stringify(o, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`);
        }
        // Draining both directions leaves nothing in flight, and the counters agree.
        await x.toL2.relay();
        await x.toHome.relay();
        await x.toL2.relay();
        assert.equal(await accounted(), initial);
        assert.equal(
          (await x.homeBridge.read.totalSent()) + (await x.l2Bridge.read.totalSent()),
          (await x.homeBridge.read.totalReceived()) + (await x.l2Bridge.read.totalReceived()),
        );
      }),
      { numRuns: 20 },
    );
  });
});
