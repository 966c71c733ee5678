import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { zeroAddress } from "viem";
import { connect, Code } from "../support/fixture.js";

describe("Verifiers", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors } = ctx;
  const { issuer, alice, bob, carol, sanctions } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asIssuer = { account: issuer.account };

  it("NoTransferVerifier locks transfers (code 16) but allows minting and redemption to the issuer", async () => {
    const { token } = await load();
    const lockup = await viem.deployContract("NoTransferVerifier", [issuer.account.address]);
    await token.write.setVerifier([lockup.address], asIssuer);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.TRANSFERS_LOCKED, alice.account.address, bob.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([16]), /only redeem to the issuer/);
    await token.write.mint([carol.account.address, 5n], asIssuer);
    await token.write.transfer([issuer.account.address, 100n], { account: alice.account });
    assert.equal(await token.read.balanceOf([issuer.account.address]), 100n);
    await token.write.burn([issuer.account.address, 100n], asIssuer);
    await viem.assertions.revertWithCustomError(viem.deployContract("NoTransferVerifier", [zeroAddress]), lockup, "ZeroRedemptionAddress");
  });

  it("AllowlistVerifier admits only listed wallets (codes 20, 21)", async () => {
    const { token } = await load();
    const allowlist = await viem.deployContract("AllowlistVerifier", [issuer.account.address]);
    await allowlist.write.setAllowed([[alice.account.address], true], asIssuer);
    await token.write.setVerifier([allowlist.address], asIssuer);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_NOT_ALLOWLISTED, alice.account.address, bob.account.address, 1n],
    );
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SENDER_NOT_ALLOWLISTED);
    assert.match(await token.read.messageForTransferRestriction([20]), /sender is not on this token's allowlist/);
    assert.match(await token.read.messageForTransferRestriction([21]), /recipient is not on this token's allowlist/);
    await allowlist.write.setAllowed([[bob.account.address], true], asIssuer);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
    assert.equal(await allowlist.read.isAllowed([bob.account.address]), true);
  });

  it("BlocklistVerifier refuses its own list and a Chainalysis-style oracle (codes 18, 19), failing closed", async () => {
    const { token, credentials } = await load();
    // The credential registry answers isSanctioned(address), so it serves as a real oracle here.
    const blocklist = await viem.deployContract("BlocklistVerifier", [issuer.account.address, credentials.address]);
    await token.write.setVerifier([blocklist.address], asIssuer);
    await token.write.transfer([carol.account.address, 1n], { account: alice.account }); // no credential needed here
    await blocklist.write.setBlocked([[carol.account.address], true, "issuer's AML review"], asIssuer);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([carol.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_SANCTIONED, alice.account.address, carol.account.address, 1n],
    );
    await credentials.write.setSanctioned([[bob.account.address], true, "OFAC"], { account: sanctions.account });
    assert.equal(await blocklist.read.isSanctioned([bob.account.address]), true);
    assert.equal(await blocklist.read.isListed([bob.account.address]), false);
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SENDER_SANCTIONED);
    // Without an oracle, only the own list counts.
    const ownListOnly = await viem.deployContract("BlocklistVerifier", [issuer.account.address, zeroAddress]);
    assert.equal(await ownListOnly.read.isSanctioned([bob.account.address]), false);
    // An oracle that reverts blocks transfers instead of letting them through.
    const broken = await viem.deployContract("BlocklistVerifier", [issuer.account.address, token.address]); // no isSanctioned
    await token.write.setVerifier([broken.address], asIssuer);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.VERIFIER_FAILED, alice.account.address, bob.account.address, 1n],
    );
    assert.equal(await token.read.canTransfer([alice.account.address, bob.account.address, 1n]), false);
    assert.equal(await token.read.canSend([alice.account.address]), false);
    assert.match(await token.read.messageForTransferRestriction([Code.VERIFIER_FAILED]), /could not be evaluated/);
  });

  it("AllOfVerifier requires every rule and reports the first refusal in order", async () => {
    const { token, verifier } = await load();
    const blocklist = await viem.deployContract("BlocklistVerifier", [issuer.account.address, zeroAddress]);
    const allowlist = await viem.deployContract("AllowlistVerifier", [issuer.account.address]);
    const all = await viem.deployContract("AllOfVerifier", [[verifier.address, blocklist.address, allowlist.address]]);
    assert.equal(await all.read.count(), 3n);
    assert.deepEqual(
      (await all.read.children()).map((a) => a.toLowerCase()),
      [verifier.address, blocklist.address, allowlist.address],
    );
    await token.write.setVerifier([all.address], asIssuer);
    // Credentials pass, the blocklist passes, the allowlist refuses.
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.SENDER_NOT_ALLOWLISTED);
    await allowlist.write.setAllowed([[alice.account.address, bob.account.address], true], asIssuer);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
    await blocklist.write.setBlocked([[bob.account.address], true, "x"], asIssuer);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.RECIPIENT_SANCTIONED);
    // Credentials come first: Carol fails there before the allowlist is asked.
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, carol.account.address, 1n]), Code.RECIPIENT_NOT_QUALIFIED);
    assert.equal(await token.read.canSend([carol.account.address]), false);
    assert.equal(await all.read.detectReceiveRestriction([bob.account.address]), Code.RECIPIENT_SANCTIONED);
    assert.match(await all.read.messageForTransferRestriction([19]), /recipient is on a sanctions list/);

    await viem.assertions.revertWithCustomErrorWithArgs(viem.deployContract("AllOfVerifier", [[]]), all, "InvalidChildCount", [0n]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      viem.deployContract("AllOfVerifier", [[verifier.address, verifier.address, verifier.address, verifier.address, verifier.address]]),
      all,
      "InvalidChildCount",
      [5n],
    );
    await viem.assertions.revertWithCustomError(viem.deployContract("AllOfVerifier", [[alice.account.address]]), all, "ChildNotAContract");
  });

  it("CredentialVerifier with no contract registry accepts credentials only", async () => {
    const { token, credentials, contracts, professionalAndEntity } = await load();
    const strict = await viem.deployContract("CredentialVerifier", [credentials.address, zeroAddress, professionalAndEntity, false]);
    const pool = await viem.deployContract("AllowlistVerifier", [issuer.account.address]);
    await contracts.write.setCodeVetted([pool.address, true, "pool"]); // as governance: eligible at once
    await contracts.write.register([pool.address]);
    assert.equal(await token.read.canReceive([pool.address]), true);
    await token.write.setVerifier([strict.address], asIssuer);
    assert.equal(await token.read.canReceive([pool.address]), false);
    assert.equal(await token.read.canReceive([bob.account.address]), true);
  });
});
