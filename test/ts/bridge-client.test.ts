import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { concat, encodeAbiParameters, keccak256, pad, toHex, type Address, type Hex } from "viem";
import { twoChains, HOME_EID, L2_EID } from "../support/two-chains.js";
import { decodePacket } from "../../src/crosschain/packet.js";
import { endpointV2Abi } from "../../src/sdk/abi/contracts.js";
import { connectProvider } from "../../src/sdk/clients.js";
import { bridgeVoid, pendingCrossChain, relayersOf, type CrossChainClient } from "../../src/crosschain/bridge-client.js";
import { crossChainSupply } from "../../src/crosschain/bridge-trace.js";
import { QualifiedError } from "../../src/sdk/errors.js";

/** The bridge client's view of forged receipts: flagged, voidable by the issuer, reconciled in the supply. */
describe("the bridge client and forged receipts", async () => {
  const chains = await twoChains();
  const { home, l2 } = chains;
  const { alice, bob, issuer, qualifierA } = home.actors;
  const A = alice.account.address;
  const B = bob.account.address;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  let client: CrossChainClient;
  before(async () => {
    x = await chains.deployCrossChain();
    const homeConnection = await connectProvider(home.connection.provider as never);
    const l2Connection = await connectProvider(l2.provider as never);
    const side = (c: typeof homeConnection, lz: typeof x.homeLz, token: Address, bridge: Address, bridgeMessenger: Address, mirrorMessenger: Address) => ({
      rpc: "http://127.0.0.1:0",
      chainId: c.chain.id,
      eid: lz.eid,
      endpoint: lz.endpoint,
      messageLib: lz.messageLib,
      token,
      bridge,
      bridgeMessenger,
      mirrorMessenger,
    });
    client = {
      home: homeConnection,
      l2: l2Connection,
      deployment: {
        home: {
          ...side(homeConnection, x.homeLz, x.token.address, x.homeBridge.address, x.bridges.messengers.home, x.mirroring.messengers.home),
          mirrorSender: x.sender.address,
          credentials: x.credentials.address,
        },
        l2: {
          ...side(l2Connection, x.l2Lz, x.l2Token.address, x.l2Bridge.address, x.bridges.messengers.remote, x.mirroring.messengers.remote),
          mirror: x.mirror.address,
        },
      },
    };
  });
  beforeEach(async () => {
    await x.restore();
  });

  /** A packet the home endpoint never emitted, verified and executed on the L2: a compromised DVN. */
  const forge = async (transferId: Hex, from: Address, to: Address, amount: bigint) => {
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
    assert.equal((await x.toL2.deliver(decodePacket(encoded))).state, "delivered");
  };

  it("flags an escrow its source never sent, voids it for the issuer, refuses to void a genuine one, and the supply still adds up", async () => {
    const signer = (address: Address) => (c: CrossChainClient["home"]) => c.signer(address);
    const before = await crossChainSupply(client);
    // A genuine transfer escrowed on the L2 (its recipient was revoked in flight)...
    await x.homeBridge.write.send([B, 100n], { account: alice.account, value: x.bridgeFee });
    const id = await x.credentials.read.credentialId([B, 1, 1]);
    await x.credentials.write.revoke([id, "no longer professional"], { account: qualifierA.account });
    await x.sync(B);
    await x.relayTo(x.toL2, x.mirroring.messengers.remote);
    await x.relayTo(x.toL2, x.bridges.messengers.remote);
    // ...and a forged receipt parked by a closed inbound bucket.
    await x.l2Bridge.write.setInboundRateLimit([0n, 0n], { account: issuer.account });
    const forged = keccak256(toHex("never sent"));
    await forge(forged, A, A, 700n);

    const { escrows } = await pendingCrossChain(client, { relayers: relayersOf(client, (c) => c.signer(x.relayerAccount.account.address)) });
    assert.equal(escrows.length, 2);
    const genuine = escrows.find((e) => e.transferId !== forged)!;
    assert.equal(genuine.sentBySource, true);
    assert.equal(escrows.find((e) => e.transferId === forged)?.sentBySource, false, "the forged escrow is flagged");
    const forgedSupply = await crossChainSupply(client);
    assert.equal(forgedSupply.total, before.total, "a forged escrow is balanced by a negative amount in flight");
    assert.equal(forgedSupply.inFlightToL2, -700n);

    await assert.rejects(bridgeVoid(client, { signer: signer(issuer.account.address), transferId: genuine.transferId }), (e: Error) => {
      assert.ok(e instanceof QualifiedError);
      assert.match(e.message, /did send .* voiding it would destroy/);
      return true;
    });
    await assert.rejects(bridgeVoid(client, { signer: signer(alice.account.address), transferId: forged }), "only the issuer voids");
    const voided = await bridgeVoid(client, { signer: signer(issuer.account.address), transferId: forged });
    assert.equal(voided.amount, 700n);
    const after = await crossChainSupply(client);
    assert.equal(after.voidedL2, 700n);
    assert.equal(after.escrowedL2, 100n);
    assert.equal(after.total, before.total, "voided is counted: the supply reconciles");
    assert.equal(await x.l2Token.read.totalSupply(), 0n, "nothing forged was minted");
  });
});
