import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { encodeFunctionData, getAddress, type Hex } from "viem";
import { twoChains } from "../support/two-chains.js";
import { alpha2, CLASS_PROFESSIONAL, Code } from "../support/fixture.js";

/**
 * A credential belongs to an address, and the mirror carries it to the same address on the L2. For a key (an
 * externally owned account, delegated or not) the same address is the same person on both chains. For a smart
 * wallet it is not: who controls the address on the L2 depends on what was deployed there and by whom (a
 * factory that creates by nonce can be replayed by anyone on a chain where the holder has not deployed yet, as
 * in the 2022 loss of 20M OP; a Safe whose owners changed at home keeps its old owners on the L2). The
 * qualifier's proof of control (ERC-1271) was given on the home chain only.
 */
describe("attack: a smart wallet's home credential, honoured for whoever holds that address on the L2", async () => {
  const chains = await twoChains();
  const { home, l2, l2Wallets } = chains;
  const { alice, bob, qualifierA, issuer, outsider } = home.actors;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  const l2As = (who: { account: { address: Hex } }) => ({ account: l2Wallets.find((w) => w.account.address === who.account.address)!.account });

  it("does not let an outsider who holds the same address on the L2 hold and move the bond on the home wallet's credential", async () => {
    // Home: Alice's smart wallet, qualified after KYB (its proof of control given on the home chain).
    const homeWallet = await home.viem.deployContract("OwnedWallet", [alice.account.address]);
    const W = getAddress(homeWallet.address);
    const expiresAt = Number((await home.publicClient.getBlock()).timestamp + 365n * 86400n);
    await x.credentials.write.issue([{ holder: W, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt }], {
      account: qualifierA.account,
    });
    await x.sync(W);
    await x.toL2.relay();

    // L2: the same address holds a wallet the outsider (no credential) controls. setCode stands for a replayed
    // factory deployment: the code is an OwnedWallet deployed on the L2 for the outsider.
    const outsiderWallet = await l2.viem.deployContract("OwnedWallet", [outsider.account.address]);
    const outsiderCode = await (await l2.viem.getPublicClient()).getCode({ address: outsiderWallet.address });
    await l2.networkHelpers.setCode(W, outsiderCode!);
    const onL2 = await l2.viem.getContractAt("OwnedWallet", W);
    assert.equal(getAddress(await onL2.read.owner()), getAddress(outsider.account.address), "the outsider controls W on the L2");
    await x.sync(bob.account.address);
    await x.toL2.relay();

    const code = await x.l2Verifier.read.detectReceiveRestriction([W]);
    let moved = false;
    if (code === Code.SUCCESS) {
      await x.l2Token.write.mint([W, 100n], { account: issuer.account });
      const transfer = encodeFunctionData({ abi: x.l2Token.abi, functionName: "transfer", args: [bob.account.address, 60n] });
      try {
        await onL2.write.exec([x.l2Token.address, transfer], l2As(outsider));
        moved = (await x.l2Token.read.balanceOf([bob.account.address])) === 60n;
      } catch {
        moved = false;
      }
    }
    assert.equal(moved, false, "the outsider cannot move the bond out of W");
    assert.notEqual(code, Code.SUCCESS, "the L2 does not accept W on a credential proved for another controller on another chain");
  });
});
