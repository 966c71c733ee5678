import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { getAddress, keccak256, type Hex } from "viem";
import { twoChains, MAX_STALENESS } from "../support/two-chains.js";

/**
 * An outsider with no credential drains the mirror keeper's fees from the L2: every `ContractRegistered` event
 * on the L2 registry, whoever filed it, makes the keeper pay a home transaction and a messaging fee for that
 * address every `resyncWalletsAfter` seconds, forever. Copies of any vetted code can be registered by anyone.
 */
describe("attack: the keeper's fees, drained from the L2 registry", async () => {
  const chains = await twoChains();
  const { home, l2, l2Public, l2Wallets } = chains;
  const { governance, outsider } = home.actors;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  const l2As = (who: { account: { address: Hex } }) => ({ account: l2Wallets.find((w) => w.account.address === who.account.address)!.account });

  it("an outsider's empty registrations on the L2 do not make the keeper pay a fee per address, round after round", async () => {
    const { connectProvider } = await import("../../src/sdk/clients.js");
    const { MirrorKeeper } = await import("../../src/crosschain/mirror-keeper.js");
    const homeConnection = await connectProvider(home.connection.provider as never);
    const l2Connection = await connectProvider(l2.provider as never);

    // Home governance vets an ownerless demo vault; the vetting is mirrored.
    const exemplar = await home.viem.deployContract("SelfRegisteringVault");
    await x.contracts.write.setCodeVetted([exemplar.address, true, "demo vault"], { account: governance.account });
    const codeHash = keccak256((await home.publicClient.getCode({ address: exemplar.address }))!);
    await x.syncCode(codeHash);
    await x.toL2.relay();

    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
      remote: { connection: l2Connection, contractRegistry: x.l2Contracts.address, token: x.l2Token.address },
      resyncWalletsAfter: Number(MAX_STALENESS) / 2,
    });
    await keeper.poll();

    // The outsider (no credential) deploys copies of the vetted vault on the L2 and registers each: L2 gas only.
    const spam: Hex[] = [];
    for (let i = 0; i < 6; i++) {
      const vault = await l2.viem.deployContract("SelfRegisteringVault", []);
      await vault.write.registerSelf([x.l2Contracts.address], l2As(outsider));
      spam.push(getAddress(vault.address));
    }
    for (const v of spam) assert.equal(await x.l2Token.read.balanceOf([v]), 0n, "they hold no bond");

    const keeperBalance = async () => home.publicClient.getBalance({ address: x.relayerAccount.account.address });
    let paidFor = 0;
    const before = await keeperBalance();
    for (let round = 0; round < 3; round++) {
      const { wallets } = await keeper.poll();
      paidFor += wallets.filter((w) => spam.includes(getAddress(w))).length;
      for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS) / 2);
      await l2Public.getBlockNumber({ cacheTime: 0 });
    }
    const spent = before - (await keeperBalance());
    assert.equal(paidFor, 0, `the keeper paid ${paidFor} syncs (${spent} wei of home fees and gas) in 3 rounds for 6 empty contracts an outsider registered`);
  });
});
