import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress, maxUint256, toEventSelector, zeroAddress, zeroHash } from "viem";
import { connect, Code, caseRef, alpha2, CLASS_PROFESSIONAL, ONE_YEAR } from "../support/fixture.js";

describe("SecurityToken", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { issuer, alice, bob, carol, qualifierA } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asIssuer = { account: issuer.account };

  it("moves tokens between qualified wallets, with transfer and transferFrom", async () => {
    const { token } = await load();
    await token.write.transfer([bob.account.address, 250n], { account: alice.account });
    assert.equal(await token.read.balanceOf([alice.account.address]), 750n);
    assert.equal(await token.read.balanceOf([bob.account.address]), 1250n);

    await token.write.approve([carol.account.address, 100n], { account: bob.account });
    await token.write.transferFrom([bob.account.address, alice.account.address, 60n], { account: carol.account });
    assert.equal(await token.read.allowance([bob.account.address, carol.account.address]), 40n);
    assert.equal(await token.read.balanceOf([alice.account.address]), 810n);
    assert.equal(await token.read.totalSupply(), 2000n);
  });

  it("refuses a transferFrom beyond the allowance", async () => {
    const { token } = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transferFrom([alice.account.address, bob.account.address, 1n], { account: carol.account }),
      token,
      "ERC20InsufficientAllowance",
      [carol.account.address, 0n, 1n],
    );
  });

  it("refuses a transfer to a wallet without a credential, with code 23 and its sentence", async () => {
    const { token } = await load();
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, carol.account.address, 1n]), 23);
    assert.equal(await token.read.canTransfer([alice.account.address, carol.account.address, 1n]), false);
    assert.equal(await token.read.canReceive([carol.account.address]), false);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([carol.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_NOT_QUALIFIED, alice.account.address, carol.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([23]), /recipient holds no credential/);
  });

  it("mints only to eligible wallets and caps the supply", async () => {
    const { token } = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.mint([carol.account.address, 5n], asIssuer), token, "TransferRestricted", [
      Code.RECIPIENT_NOT_QUALIFIED,
      zeroAddress,
      carol.account.address,
      5n,
    ]);
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.mint([zeroAddress, 5n], asIssuer), token, "TransferRestricted", [
      Code.INVALID_RECIPIENT,
      zeroAddress,
      zeroAddress,
      5n,
    ]);
    const cap = await token.read.MAX_SUPPLY();
    await viem.assertions.revertWithCustomError(token.write.mint([alice.account.address, cap], asIssuer), token, "SupplyCapExceeded");
    await token.write.batchMint(
      [
        [alice.account.address, bob.account.address],
        [1n, 2n],
      ],
      asIssuer,
    );
    assert.equal(await token.read.totalSupply(), 2003n);
    await viem.assertions.revertWithCustomError(token.write.batchMint([[alice.account.address], [1n, 2n]], asIssuer), token, "LengthMismatch");
  });

  it("pauses holder transfers (code 1) but keeps permissioned operations working", async () => {
    const { token } = await load();
    await viem.assertions.emitWithArgs(token.write.pause(asIssuer), token, "Paused", [issuer.account.address]);
    assert.equal(await token.read.paused(), true);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.PAUSED, alice.account.address, bob.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([Code.PAUSED]), /paused/);
    await token.write.mint([alice.account.address, 1n], asIssuer);
    await token.write.unpause(asIssuer);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
    assert.equal(await token.read.balanceOf([bob.account.address]), 1001n);
  });

  it("freezes whole wallets in both directions (codes 2 and 3)", async () => {
    const { token } = await load();
    await viem.assertions.emitWithArgs(token.write.setWalletFrozen([alice.account.address, true], asIssuer), token, "WalletFrozen", [
      alice.account.address,
      true,
    ]);
    assert.equal(await token.read.canSend([alice.account.address]), false);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.SENDER_WALLET_FROZEN, alice.account.address, bob.account.address, 1n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([alice.account.address, 1n], { account: bob.account }),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_WALLET_FROZEN, bob.account.address, alice.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([2]), /frozen the sender's wallet/);
    assert.match(await token.read.messageForTransferRestriction([3]), /frozen the recipient's wallet/);
    await token.write.batchSetWalletFrozen([[alice.account.address], [false]], asIssuer);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
  });

  it("freezes part of a balance (code 4) and reports the unfrozen balance", async () => {
    const { token } = await load();
    await viem.assertions.emitWithArgs(token.write.setFrozenTokens([alice.account.address, 900n], asIssuer), token, "Frozen", [alice.account.address, 900n]);
    assert.equal(await token.read.getFrozenTokens([alice.account.address]), 900n);
    assert.equal(await token.read.unfrozenBalanceOf([alice.account.address]), 100n);
    await token.write.transfer([bob.account.address, 100n], { account: alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.INSUFFICIENT_UNFROZEN_BALANCE, alice.account.address, bob.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([4]), /unfrozen balance/);
    // Freezing more than the balance is allowed (ERC-7943) and saturates at MAX_SUPPLY.
    await token.write.setFrozenTokens([bob.account.address, maxUint256], asIssuer);
    assert.equal(await token.read.getFrozenTokens([bob.account.address]), await token.read.MAX_SUPPLY());
    await token.write.batchSetFrozenTokens([[bob.account.address], [0n]], asIssuer);
    assert.equal(await token.read.getFrozenTokens([bob.account.address]), 0n);
  });

  it("refuses a transfer above the balance (code 5) and to the zero address (code 6)", async () => {
    const { token } = await load();
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1001n]), 5);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1001n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.INSUFFICIENT_BALANCE, alice.account.address, bob.account.address, 1001n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.transfer([zeroAddress, 1n], { account: alice.account }), token, "TransferRestricted", [
      Code.INVALID_RECIPIENT,
      alice.account.address,
      zeroAddress,
      1n,
    ]);
    assert.match(await token.read.messageForTransferRestriction([5]), /more than the sender's balance/);
    assert.match(await token.read.messageForTransferRestriction([6]), /zero address/);
    assert.equal(await token.read.messageForTransferRestriction([200]), "Unknown restriction code.");
  });

  it("forces a transfer with a case reference, unfreezing only what it takes", async () => {
    const { token } = await load();
    await token.write.setFrozenTokens([alice.account.address, 800n], asIssuer);
    await token.write.setWalletFrozen([alice.account.address, true], asIssuer);
    const ref = caseRef("CASE-2026-0042");
    const hash = await token.write.forcedTransferWithCase([alice.account.address, bob.account.address, 500n, ref], asIssuer);
    await viem.assertions.emitWithArgs(hash, token, "ForcedTransferCase", [ref, alice.account.address, bob.account.address, 500n]);
    await viem.assertions.emitWithArgs(hash, token, "ForcedTransfer", [alice.account.address, bob.account.address, 500n]);
    await viem.assertions.emitWithArgs(hash, token, "Frozen", [alice.account.address, 500n]);
    assert.equal(await token.read.balanceOf([alice.account.address]), 500n);
    assert.equal(await token.read.getFrozenTokens([alice.account.address]), 500n);

    // The Frozen event comes before the Transfer event (ERC-7943).
    const receipt = await publicClient.getTransactionReceipt({ hash });
    const topics = receipt.logs.map((l) => l.topics[0]);
    const frozenAt = topics.indexOf(toEventSelector("Frozen(address,uint256)"));
    const transferAt = topics.indexOf(toEventSelector("Transfer(address,address,uint256)"));
    assert.ok(frozenAt >= 0 && frozenAt < transferAt, "Frozen must be emitted before Transfer");

    // The ERC-7943 form, with no case reference, records a zero case.
    await viem.assertions.emitWithArgs(token.write.forcedTransfer([alice.account.address, bob.account.address, 1n], asIssuer), token, "ForcedTransferCase", [
      zeroHash,
      alice.account.address,
      bob.account.address,
      1n,
    ]);
  });

  it("refuses a forced transfer from a wallet to itself, so nothing is unfrozen", async () => {
    const { token } = await load();
    await token.write.setFrozenTokens([alice.account.address, 1000n], asIssuer);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.forcedTransfer([alice.account.address, alice.account.address, 1000n], asIssuer),
      token,
      "SameWallet",
      [alice.account.address],
    );
    assert.equal(await token.read.getFrozenTokens([alice.account.address]), 1000n);
  });

  it("refuses a forced transfer to a wallet that may not receive", async () => {
    const { token } = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.forcedTransfer([alice.account.address, carol.account.address, 1n], asIssuer),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_NOT_QUALIFIED, alice.account.address, carol.account.address, 1n],
    );
    await viem.assertions.revertWithCustomError(
      token.write.forcedTransfer([alice.account.address, bob.account.address, 1001n], asIssuer),
      token,
      "ERC20InsufficientBalance",
    );
  });

  it("batch forced transfers share one case reference", async () => {
    const { token } = await load();
    const ref = caseRef("CASE-BATCH");
    await token.write.batchForcedTransfer(
      [[alice.account.address, bob.account.address], [bob.account.address, alice.account.address], [10n, 30n], ref],
      asIssuer,
    );
    assert.equal(await token.read.balanceOf([alice.account.address]), 1020n);
    const logs = await token.getEvents.ForcedTransferCase({ caseRef: ref }, { fromBlock: 0n });
    assert.equal(logs.length, 2);
  });

  it("burns, frozen tokens included, and shrinks the frozen amount to match", async () => {
    const { token } = await load();
    await token.write.setFrozenTokens([alice.account.address, 900n], asIssuer);
    await viem.assertions.emitWithArgs(token.write.burn([alice.account.address, 400n], asIssuer), token, "Frozen", [alice.account.address, 600n]);
    assert.equal(await token.read.balanceOf([alice.account.address]), 600n);
    assert.equal(await token.read.getFrozenTokens([alice.account.address]), 600n);
    await token.write.batchBurn(
      [
        [alice.account.address, bob.account.address],
        [600n, 1000n],
      ],
      asIssuer,
    );
    assert.equal(await token.read.totalSupply(), 0n);
  });

  it("recovers a lost wallet: balance and frozen amount move, the lost wallet is frozen", async () => {
    const { token, credentials, expiry } = await load();
    // Alice's new wallet is Carol's address here; she gets a credential first.
    await credentials.write.issue([{ holder: carol.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
      account: qualifierA.account,
    });
    await token.write.setFrozenTokens([alice.account.address, 300n], asIssuer);
    const ref = caseRef("LOST-KEY-7");
    await viem.assertions.emitWithArgs(token.write.recoverWallet([alice.account.address, carol.account.address, ref], asIssuer), token, "WalletRecovered", [
      alice.account.address,
      carol.account.address,
      1000n,
      300n,
      ref,
    ]);
    assert.equal(await token.read.balanceOf([carol.account.address]), 1000n);
    assert.equal(await token.read.getFrozenTokens([carol.account.address]), 300n);
    assert.equal(await token.read.balanceOf([alice.account.address]), 0n);
    assert.equal(await token.read.getFrozenTokens([alice.account.address]), 0n);
    assert.equal(await token.read.isWalletFrozen([alice.account.address]), true);
    await viem.assertions.revertWithCustomError(
      token.write.recoverWallet([alice.account.address, carol.account.address, ref], asIssuer),
      token,
      "NothingToRecover",
    );
    await viem.assertions.revertWithCustomError(token.write.recoverWallet([bob.account.address, bob.account.address, ref], asIssuer), token, "SameWallet");
  });

  it("refuses to recover into a wallet that may not receive", async () => {
    const { token } = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.recoverWallet([alice.account.address, carol.account.address, caseRef("x")], asIssuer),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_NOT_QUALIFIED, alice.account.address, carol.account.address, 1000n],
    );
  });

  it("replaces its verifier and publishes disclosures", async () => {
    const { token } = await load();
    const lockup = await viem.deployContract("NoTransferVerifier", [issuer.account.address]);
    await viem.assertions.emit(token.write.setVerifier([lockup.address], asIssuer), token, "VerifierUpdated");
    assert.equal((await token.read.verifier()).toLowerCase(), lockup.address.toLowerCase());
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.TRANSFERS_LOCKED, alice.account.address, bob.account.address, 1n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.setVerifier([alice.account.address], asIssuer), token, "InvalidVerifier", [
      alice.account.address,
    ]);

    const d = { classification: "bond", jurisdiction: "CH", documentUri: "ipfs://v2", documentHash: caseRef("v2") };
    await viem.assertions.emitWithArgs(token.write.setDisclosure([d], asIssuer), token, "DisclosureUpdated", [
      d.classification,
      d.jurisdiction,
      d.documentUri,
      d.documentHash,
    ]);
    assert.deepEqual(await token.read.disclosure(), d);
  });

  it("announces ERC-7943, ERC-1404, ERC-20 and AccessControl through ERC-165", async () => {
    const { token } = await load();
    assert.equal(await token.read.supportsInterface(["0x3edbb4c4"]), true); // ERC-7943 fungible
    assert.equal(await token.read.supportsInterface(["0x36372b07"]), true); // ERC-20
    assert.equal(await token.read.supportsInterface(["0x7965db0b"]), true); // AccessControl
    assert.equal(await token.read.supportsInterface(["0x01ffc9a7"]), true); // ERC-165
    assert.equal(await token.read.supportsInterface(["0xffffffff"]), false);
    assert.equal(getAddress(await token.read.issuer()), getAddress(issuer.account.address));
  });

  it("lets a credential that expires stop its holder (codes 24 and 25)", async () => {
    const { token } = await load();
    await networkHelpers.time.increase(ONE_YEAR + 1n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.SENDER_CREDENTIAL_EXPIRED, alice.account.address, bob.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([24]), /sender's credential has expired/);
    assert.match(await token.read.messageForTransferRestriction([25]), /recipient's credential has expired/);
  });
});
