import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { encodeAbiParameters, zeroAddress } from "viem";
import { connect, Code, CLASS_PROFESSIONAL } from "../support/fixture.js";
import { AxelarRelay } from "../support/axelar-relay.js";

/** The same credential mirror over Axelar GMP instead of LayerZero: only the messengers change. */
describe("credential mirroring over Axelar GMP", async () => {
  const home = await connect();
  const l2 = await network.create({ override: { chainId: 31338 } });
  const { alice, bob, qualifierA, governance, outsider } = home.actors;
  const A = alice.account.address;

  it("carries a revocation to the L2 and refuses calls that are not from the peer", async () => {
    const system = await home.deploySystem();
    const [l2Gov] = await l2.viem.getWalletClients();
    const homeGateway = await home.viem.deployContract("MockGateway");
    const l2Gateway = await l2.viem.deployContract("MockGateway");
    const homeMessenger = await home.viem.deployContract("AxelarMessenger", [homeGateway.address, zeroAddress, governance.account.address]);
    const l2Messenger = await l2.viem.deployContract("AxelarMessenger", [l2Gateway.address, zeroAddress, l2Gov.account.address]);
    await homeMessenger.write.setPeer(["l2", l2Messenger.address], { account: governance.account });
    await l2Messenger.write.setPeer(["home", homeMessenger.address], { account: l2Gov.account });
    const sender = await home.viem.deployContract("CredentialMirrorSender", [system.credentials.address, system.contracts.address, homeMessenger.address, 1n]);
    const mirror = await l2.viem.deployContract("CredentialMirror", [l2Messenger.address, 86_400]);
    await homeMessenger.write.bind([sender.address], { account: governance.account });
    await l2Messenger.write.bind([mirror.address], { account: l2Gov.account });
    const relay = new AxelarRelay(
      { publicClient: home.publicClient, gateway: homeGateway.address, chainName: "home", gatewayAbi: homeGateway.abi },
      { publicClient: await l2.viem.getPublicClient(), wallet: l2Gov, gateway: l2Gateway.address, gatewayAbi: l2Gateway.abi, executableAbi: l2Messenger.abi },
    );

    await sender.write.syncQualifier([1]);
    await sender.write.sync([A]);
    assert.deepEqual(
      (await relay.relay()).map((r) => r.ok),
      [true, true],
    );
    assert.equal(await mirror.read.credentialStatus([A, 1n << BigInt(CLASS_PROFESSIONAL)]), Code.SUCCESS);

    const id = await system.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    await system.credentials.write.revoke([id, "x"], { account: qualifierA.account });
    await sender.write.sync([A]);
    assert.deepEqual(
      (await relay.relay()).map((r) => r.ok),
      [true],
    );
    assert.equal(await mirror.read.credentialStatus([A, 1n << BigInt(CLASS_PROFESSIONAL)]), Code.SENDER_NOT_QUALIFIED);

    // An outsider's contract call to the L2 messenger, even approved by the gateway, is not from the peer.
    const rogue = await home.viem.deployContract("AxelarMessenger", [homeGateway.address, zeroAddress, outsider.account.address]);
    await rogue.write.setPeer(["l2", l2Messenger.address], { account: outsider.account });
    await rogue.write.bind([outsider.account.address], { account: outsider.account });
    const forged = encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }],
      [1n, 1n << 60n, 1n, BigInt(bob.account.address), 1n << 255n],
    );
    // With no gas service, a fee would be stranded in the messenger: it is refused, and nothing is kept.
    await home.viem.assertions.revertWithCustomErrorWithArgs(
      rogue.write.send([forged, outsider.account.address], { account: outsider.account, value: 1n }),
      rogue,
      "FeeWithoutGasService",
      [1n],
    );
    assert.equal(await home.publicClient.getBalance({ address: rogue.address }), 0n);
    await rogue.write.send([forged, outsider.account.address], { account: outsider.account });
    const [result] = await relay.relay();
    assert.equal(result.ok, false);
    assert.match(result.error!, /NotPeer|reverted/);
    assert.equal(await mirror.read.isSanctioned([bob.account.address]), false);
    // And an unapproved call is refused by the gateway check.
    await l2.viem.assertions.revertWithCustomError(
      l2Messenger.write.execute([`0x${"11".repeat(32)}` as `0x${string}`, "home", homeMessenger.address, forged], { account: outsider.account }),
      l2Messenger,
      "NotApprovedByGateway",
    );
  });
});
