import { describe, it, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { concat, getAddress, keccak256, zeroAddress, type Hex } from "viem";
import { twoChains, MAX_STALENESS, L2_CHALLENGE_WINDOW } from "../support/two-chains.js";
import { Code, ContractStatus, CLASS_PROFESSIONAL } from "../support/fixture.js";

/**
 * The L2's contract registry over the credential mirror, on two real chains: registration is local to the
 * L2, registrants' credentials, guardians' blocks and vetted code come from home through the mirror.
 */
describe("a contract registry on the L2, fed by the credential mirror", async () => {
  const chains = await twoChains();
  const { home, l2, l2Public, l2Wallets } = chains;
  const { alice, bob, qualifierA, governance, guardian, outsider, issuer } = home.actors;
  const A = alice.account.address;
  const B = bob.account.address;
  let x: Awaited<ReturnType<typeof chains.deployCrossChain>>;
  before(async () => {
    x = await chains.deployCrossChain();
  });
  beforeEach(async () => {
    await x.restore();
  });

  const l2As = (who: { account: { address: `0x${string}` } }) => ({ account: l2Wallets.find((w) => w.account.address === who.account.address)!.account });
  /** `holder` holds `amount` bond units on the L2 (the issuer mints them there; bridging has its own tests). */
  const fund = async (holder: `0x${string}`, amount = 500n) => x.l2Token.write.mint([holder, amount], { account: issuer.account });
  const refusedWith = async (call: Promise<unknown>, code: number, from: Hex, to: Hex, amount: bigint) =>
    l2.viem.assertions.revertWithCustomErrorWithArgs(call as Promise<Hex>, x.l2Token, "TransferRestricted", [code, from, to, amount]);
  const codeHashOn = async (client: { getCode: (a: { address: Hex }) => Promise<Hex | undefined> }, address: Hex) =>
    keccak256((await client.getCode({ address }))!);
  /** A contract of unvetted code on the L2, owned by `owner`. */
  const ownedWallet = async (owner: Hex) => l2.viem.deployContract("OwnedWallet", [owner]);
  const relay = async () => {
    const done = await x.toL2.relay();
    assert.ok(done.length > 0 && done.every((d) => d.state === "delivered"), "every mirror packet delivered");
  };
  /** Home vouches for `address` on the L2 (its flags: neither sanctioned nor blocked), as the keeper does for registered contracts. */
  const vouch = async (address: Hex) => {
    await x.sync(address);
    await relay();
  };

  it("an outsider with no credential cannot register their own unvetted contract, and it cannot receive the bond", async () => {
    await fund(A);
    const wallet = await ownedWallet(outsider.account.address);
    await l2.viem.assertions.revertWithCustomErrorWithArgs(
      x.l2Contracts.write.register([wallet.address], l2As(outsider)),
      x.l2Contracts,
      "RegistrantNotIdentifiable",
      [getAddress(outsider.account.address)],
    );
    // Nor by having the contract register itself: the contract is then the registrant, and it holds nothing.
    const vault = await l2.viem.deployContract("SelfRegisteringVault");
    await l2.viem.assertions.revertWithCustomError(
      vault.write.registerSelf([x.l2Contracts.address], l2As(outsider)),
      x.l2Contracts,
      "RegistrantNotIdentifiable",
    );
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.Unregistered);
    // Never vouched for by home: refused as stale; vouched for, refused as what it is.
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([wallet.address]), Code.RECIPIENT_MIRROR_STALE);
    await vouch(wallet.address);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([wallet.address]), Code.RECIPIENT_NOT_QUALIFIED);
    await refusedWith(x.l2Token.write.transfer([wallet.address, 1n], l2As(alice)), Code.RECIPIENT_NOT_QUALIFIED, A, wallet.address, 1n);
    assert.equal(await x.l2Contracts.read.isIdentifiable([outsider.account.address]), false);
    assert.equal(await x.l2Contracts.read.isIdentifiable([A]), true);
  });

  it("a qualified registrant's contract receives the bond once its window has passed, answerable by its registrant", async () => {
    await fund(A);
    const wallet = await ownedWallet(A);
    const hash = await x.l2Contracts.write.register([wallet.address], l2As(alice));
    const [event] = await x.l2Contracts.getEvents.ContractRegistered({}, { blockHash: (await l2Public.waitForTransactionReceipt({ hash })).blockHash });
    assert.equal(event.args.registrant, getAddress(A));
    assert.equal(event.args.vetted, false);
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.InChallengeWindow);
    await vouch(wallet.address);
    await refusedWith(x.l2Token.write.transfer([wallet.address, 10n], l2As(alice)), Code.RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW, A, wallet.address, 10n);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    await x.l2Token.write.transfer([wallet.address, 10n], l2As(alice));
    assert.equal(await x.l2Token.read.balanceOf([wallet.address]), 10n);
    assert.deepEqual(await x.l2Contracts.read.eligibilityOf([wallet.address, false]), [ContractStatus.Registered, getAddress(A)]);
    // A token accepting vetted code only would refuse it.
    assert.deepEqual(await x.l2Contracts.read.eligibilityOf([wallet.address, true]), [ContractStatus.CodeNotVetted, zeroAddress]);
    // Another identifiable holder cannot take over a registration its registrant still answers for.
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "AlreadyRegistered");
  });

  it("revoking the registrant at home and syncing stops the contract receiving; another holder may then answer for it", async () => {
    await fund(B);
    const wallet = await ownedWallet(A);
    await x.l2Contracts.write.register([wallet.address], l2As(alice));
    await vouch(wallet.address);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    await x.l2Token.write.transfer([wallet.address, 1n], l2As(bob));

    const id = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
    await x.credentials.write.revoke([id, "no longer a professional investor"], { account: qualifierA.account });
    await x.sync(A);
    await relay();
    await refusedWith(x.l2Token.write.transfer([wallet.address, 1n], l2As(bob)), Code.RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED, B, wallet.address, 1n);
    // An outsider cannot take it over; an identifiable holder can, after a claim has waited out the takeover
    // delay (a reinstatement or renewal in flight has time to arrive), and answers for it after a new window.
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([wallet.address], l2As(outsider)), x.l2Contracts, "AlreadyRegistered");
    await l2.viem.assertions.revertWithCustomError(
      x.l2Contracts.write.claimTakeover([wallet.address], l2As(outsider)),
      x.l2Contracts,
      "RegistrantNotIdentifiable",
    );
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "TakeoverNotReady", [
      getAddress(wallet.address),
      0,
    ]);
    await x.l2Contracts.write.claimTakeover([wallet.address], l2As(bob));
    const delay = await x.l2Contracts.read.takeoverDelay();
    assert.equal(delay, Number(MAX_STALENESS), "the longer of the window and the staleness bound");
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "TakeoverNotReady");
    await l2.networkHelpers.time.increase(delay);
    // Bob's own credential must still be live on the L2 to take over: home vouches for him again.
    await home.networkHelpers.time.increase(delay);
    await x.sync(B);
    await x.sync(A);
    await x.sync(wallet.address);
    await relay();
    await x.l2Contracts.write.register([wallet.address], l2As(bob));
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.InChallengeWindow);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    assert.deepEqual(await x.l2Contracts.read.eligibilityOf([wallet.address, false]), [ContractStatus.Registered, getAddress(B)]);
    await x.l2Token.write.transfer([wallet.address, 1n], l2As(bob));
    assert.equal(await x.l2Token.read.balanceOf([wallet.address]), 2n);
  });

  it("a registrant whose mirrored credential is merely stale keeps the registration: only a sync can reveal a lost standing", async () => {
    const wallet = await ownedWallet(A);
    await x.l2Contracts.write.register([wallet.address], l2As(alice));
    // A day with no messages: every mirrored credential lapses; Bob syncs his own and the wallet, Alice's stays stale.
    for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS) + 1);
    await x.sync(B);
    await x.sync(wallet.address);
    await relay();
    assert.equal(await x.mirror.read.credentialStatus([A, 1n << BigInt(CLASS_PROFESSIONAL)]), Code.SENDER_MIRROR_STALE);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([wallet.address]), Code.RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED);
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "AlreadyRegistered", [
      getAddress(wallet.address),
      getAddress(A),
    ]);
    // Anyone may sync Alice: home still holds her credential, so she answers for it again.
    await x.sync(A);
    await relay();
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([wallet.address]), Code.SUCCESS);
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "AlreadyRegistered");
  });

  it("a home guardian's block reaches the L2 after one sync: the contract neither receives nor registers again", async () => {
    await fund(A);
    const wallet = await ownedWallet(A);
    await x.l2Contracts.write.register([wallet.address], l2As(alice));
    await vouch(wallet.address);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    await x.l2Token.write.transfer([wallet.address, 5n], l2As(alice));

    // The block is per address: the guardian blocks it at home, where the address need not be registered.
    await x.contracts.write.blockContract([wallet.address, "drains its depositors"], { account: guardian.account });
    await x.sync(wallet.address);
    await relay();
    assert.equal(await x.mirror.read.isBlocked([wallet.address]), true);
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.Blocked);
    await refusedWith(x.l2Token.write.transfer([wallet.address, 1n], l2As(alice)), Code.RECIPIENT_CONTRACT_BLOCKED, A, wallet.address, 1n);
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([wallet.address], l2As(bob)), x.l2Contracts, "ContractIsBlocked");

    // Lifted at home, lifted on the L2 after one sync.
    await x.contracts.write.unblockContract([wallet.address, "funds returned"], { account: guardian.account });
    await x.sync(wallet.address);
    await relay();
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.Registered);
    await x.l2Token.write.transfer([wallet.address, 1n], l2As(alice));
  });

  it("vetted code mirrored from home lets anyone register that code, eligible at once; withdrawn at home, refused on the L2", async () => {
    await fund(A);
    const exemplar = await home.viem.deployContract("SelfRegisteringVault");
    const vault = await l2.viem.deployContract("SelfRegisteringVault");
    const codeHash = await codeHashOn(l2Public, vault.address);
    assert.equal(await codeHashOn(home.publicClient, exemplar.address), codeHash, "the same code on both chains");
    await x.contracts.write.setCodeVetted([exemplar.address, true, "demo vault"], { account: governance.account });
    // Not yet mirrored: an outsider cannot register it.
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([vault.address], l2As(outsider)), x.l2Contracts, "RegistrantNotIdentifiable");

    await x.syncCode(codeHash);
    await relay();
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), true);
    // Anyone, even through the contract itself.
    await vault.write.registerSelf([x.l2Contracts.address], l2As(outsider));
    await vouch(vault.address);
    assert.deepEqual(await x.l2Contracts.read.eligibilityOf([vault.address, true]), [ContractStatus.Registered, zeroAddress]);
    await x.l2Token.write.transfer([vault.address, 7n], l2As(alice));
    assert.equal(await x.l2Token.read.balanceOf([vault.address]), 7n);

    // Governance withdraws the vetting at home; one sync and the L2 refuses it.
    await x.contracts.write.setCodeVetted([exemplar.address, false, "withdrawn"], { account: governance.account });
    await x.syncCode(codeHash);
    await relay();
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), false);
    assert.equal(await x.l2Contracts.read.statusOf([vault.address]), ContractStatus.CodeNotVetted);
    await refusedWith(x.l2Token.write.transfer([vault.address, 1n], l2As(alice)), Code.RECIPIENT_CONTRACT_CODE_NOT_VETTED, A, vault.address, 1n);
    // The sender reads the vetting from home: a zero hash is refused, and an outsider can only send the truth.
    await home.viem.assertions.revertWithCustomError(x.sender.write.syncCode([`0x${"00".repeat(32)}`], { value: x.fee }), x.sender, "ZeroCodeHash");
    await x.sender.write.syncCode([codeHash], { account: outsider.account, value: x.fee });
    await relay();
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), false);
  });

  it("a mirrored vetting lapses after maxStaleness without messages; a re-sync restores it", async () => {
    const exemplar = await home.viem.deployContract("SelfRegisteringVault");
    const vault = await l2.viem.deployContract("SelfRegisteringVault");
    const codeHash = await codeHashOn(l2Public, vault.address);
    await x.contracts.write.setCodeVetted([exemplar.address, true, "demo vault"], { account: governance.account });
    await x.syncCode(codeHash);
    await relay();
    await x.l2Contracts.write.register([vault.address], l2As(outsider));
    await vouch(vault.address);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([vault.address]), Code.SUCCESS);

    // The bounds are read from the mirror (sentAt is the home clock's), so the checks do not depend on how far
    // the two chains' clocks drifted while the suite ran.
    const codeUntil = Number((await x.mirror.read.codeVetting([codeHash])).validUntil);
    const vaultUntil = Number(await x.mirror.read.validUntilOf([vault.address]));
    await l2.networkHelpers.time.increaseTo(Math.min(codeUntil, vaultUntil) - 60);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([vault.address]), Code.SUCCESS, "still within the bound");
    await l2.networkHelpers.time.increaseTo(Math.max(codeUntil, vaultUntil) + 1);
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), false);
    assert.equal(await x.l2Contracts.read.statusOf([vault.address]), ContractStatus.CodeNotVetted);
    // The vault's own word lapsed with the same bound: the L2 no longer knows its flags either.
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([vault.address]), Code.RECIPIENT_MIRROR_STALE);

    await home.networkHelpers.time.increase(Number(MAX_STALENESS));
    await x.syncCode(codeHash);
    await relay();
    assert.equal(
      await x.l2Verifier.read.detectReceiveRestriction([vault.address]),
      Code.RECIPIENT_MIRROR_STALE,
      "the code is vetted again, the vault not yet vouched for",
    );
    await vouch(vault.address);
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([vault.address]), Code.SUCCESS);
  });

  it("the keeper syncs a vetting or a withdrawal as it happens, and re-syncs vetted code before it lapses", async () => {
    const { connectProvider } = await import("../../src/sdk/clients.js");
    const { MirrorKeeper } = await import("../../src/crosschain/mirror-keeper.js");
    const homeConnection = await connectProvider(home.connection.provider as never);
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      contracts: x.contracts.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: await home.publicClient.getBlockNumber(),
      resyncCodeAfter: Number(MAX_STALENESS) / 2,
    });
    const exemplar = await home.viem.deployContract("SelfRegisteringVault");
    const codeHash = await codeHashOn(home.publicClient, exemplar.address);
    await x.contracts.write.setCodeVetted([exemplar.address, true, "demo vault"], { account: governance.account });
    assert.deepEqual((await keeper.poll()).codes, [codeHash]);
    await relay();
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), true);
    assert.deepEqual((await keeper.poll()).transactions, [], "nothing due yet");

    // Half the bound later on both chains, with no event: the keeper re-syncs, and the vetting outlives the first message.
    for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS) / 2);
    assert.deepEqual((await keeper.poll()).codes, [codeHash]);
    await relay();
    await l2.networkHelpers.time.increase(Number(MAX_STALENESS) / 2 + 60);
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), true, "kept fresh past the first message's bound");

    // Withdrawn at home: synced once, then no longer kept.
    await x.contracts.write.setCodeVetted([exemplar.address, false, "withdrawn"], { account: governance.account });
    assert.deepEqual((await keeper.poll()).codes, [codeHash]);
    await relay();
    assert.equal(await x.mirror.read.isVettedCode([codeHash]), false);
    await home.networkHelpers.time.increase(Number(MAX_STALENESS));
    assert.deepEqual((await keeper.poll()).codes, []);
  });

  it("the keeper keeps registered L2 contracts, listed spenders and the holders it synced vouched for past the bound", async () => {
    const { connectProvider } = await import("../../src/sdk/clients.js");
    const { MirrorKeeper } = await import("../../src/crosschain/mirror-keeper.js");
    const homeConnection = await connectProvider(home.connection.provider as never);
    const l2Connection = await connectProvider(l2.provider as never);
    await fund(A);
    const wallet = await ownedWallet(A);
    await x.l2Contracts.write.register([wallet.address], l2As(alice));
    // Whoever first deposits vouches for the contract; the keeper keeps it only once it holds the bond.
    await vouch(wallet.address);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    await x.l2Token.write.transfer([wallet.address, 1n], l2As(alice));
    const empty = await ownedWallet(A);
    await x.l2Contracts.write.register([empty.address], l2As(alice));
    const router = outsider.account.address;
    const keeper = new MirrorKeeper({
      home: homeConnection,
      credentials: x.credentials.address,
      sender: x.sender.address,
      signer: homeConnection.signer(x.relayerAccount.account.address),
      fromBlock: 0n,
      keepWallets: [router],
      remote: { connection: l2Connection, contractRegistry: x.l2Contracts.address, token: x.l2Token.address },
      resyncWalletsAfter: Number(MAX_STALENESS) / 2,
    });
    const first = await keeper.poll();
    for (const w of [A, B, wallet.address, router]) assert.ok(first.wallets.includes(getAddress(w)), `${w} synced in the first round`);
    assert.ok(!first.wallets.includes(getAddress(empty.address)), "a registered contract that holds nothing costs the keeper nothing");
    await relay();
    assert.deepEqual((await keeper.poll()).wallets, [], "nothing due yet");
    // Three half-bounds later, kept fresh all along: the contract receives, the router spends.
    for (let i = 0; i < 3; i++) {
      for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS) / 2);
      assert.ok((await keeper.poll()).wallets.length >= 4);
      await relay();
    }
    assert.equal(await x.mirror.read.isFresh([wallet.address]), true);
    await x.l2Token.write.transfer([wallet.address, 2n], l2As(alice));
    await x.l2Token.write.approve([router, 1n], l2As(alice));
    await x.l2Token.write.transferFrom([A, B, 1n], l2As(outsider));
    // Without the keeper, the same wallets lapse.
    for (const chain of [home, l2]) await chain.networkHelpers.time.increase(Number(MAX_STALENESS));
    assert.equal(await x.l2Verifier.read.detectReceiveRestriction([wallet.address]), Code.RECIPIENT_MIRROR_STALE);
    assert.equal(await x.l2Verifier.read.detectSpenderRestriction([router]), Code.SPENDER_MIRROR_STALE);
  });

  it("a code change after registration is refused; self-destructing code, delegated accounts and accounts are never registered", async () => {
    await fund(A);
    const wallet = await ownedWallet(A);
    await x.l2Contracts.write.register([wallet.address], l2As(alice));
    await vouch(wallet.address);
    await l2.networkHelpers.time.increase(Number(L2_CHALLENGE_WINDOW));
    await x.l2Token.write.transfer([wallet.address, 3n], l2As(alice));
    const other = await ownedWallet(B);
    const ephemeral = await l2.viem.deployContract("Ephemeral");
    await l2.networkHelpers.setCode(wallet.address, (await l2Public.getCode({ address: other.address }))!);
    assert.equal(await x.l2Contracts.read.statusOf([wallet.address]), ContractStatus.CodeChanged);
    await refusedWith(x.l2Token.write.transfer([wallet.address, 1n], l2As(alice)), Code.RECIPIENT_CONTRACT_CODE_CHANGED, A, wallet.address, 1n);
    assert.equal(await x.l2Verifier.read.detectSendRestriction([wallet.address]), Code.SENDER_CONTRACT_CODE_CHANGED);

    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([ephemeral.address], l2As(alice)), x.l2Contracts, "ForbiddenOpcode");
    const delegated = l2Wallets[17].account.address;
    await l2.networkHelpers.setCode(delegated, concat(["0xef0100", A]));
    await l2.viem.assertions.revertWithCustomErrorWithArgs(x.l2Contracts.write.register([delegated], l2As(alice)), x.l2Contracts, "DelegatedAccount", [
      getAddress(delegated),
    ]);
    await l2.viem.assertions.revertWithCustomError(x.l2Contracts.write.register([B], l2As(alice)), x.l2Contracts, "NotAContract");
  });

  it("has no governance of its own: the challenge window is fixed at deployment, within bounds", async () => {
    for (const window of [0, 3599, 30 * 86_400 + 1]) {
      await assert.rejects(l2.viem.deployContract("MirroredContractRegistry", [x.mirror.address, window]), /ChallengeWindowOutOfRange/);
    }
    await assert.rejects(l2.viem.deployContract("MirroredContractRegistry", [zeroAddress, 3600]), /ZeroAddress/);
    assert.equal(await x.l2Contracts.read.challengeWindow(), Number(L2_CHALLENGE_WINDOW));
    const abi = x.l2Contracts.abi as readonly { type: string; stateMutability?: string; name?: string }[];
    const writes = abi.filter((f) => f.type === "function" && f.stateMutability !== "view" && f.stateMutability !== "pure");
    assert.deepEqual(writes.map((f) => (f as { name: string }).name).sort(), ["claimTakeover", "register"]);
  });
});
