import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { twoChains, MAX_STALENESS, L2_CHAIN_ID } from "../support/two-chains.js";
import { Code } from "../support/fixture.js";

describe("credential mirroring across two chains", async () => {
  const chains = await twoChains();
  const { home, l2, l2Public } = chains;
  const { alice, bob, carol } = home.actors;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });

  it("runs two chains with their own chain ids", async () => {
    assert.equal(await home.publicClient.getChainId(), 31337);
    assert.equal(await l2Public.getChainId(), L2_CHAIN_ID);
  });

  it("mirrors a credential: the L2 verifier passes Alice and Bob and refuses Carol", async () => {
    assert.equal(await x.l2Verifier.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.SUCCESS);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([carol.account.address]), Code.RECIPIENT_NOT_QUALIFIED);
  });
});
