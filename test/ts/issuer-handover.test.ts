import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress } from "viem";
import { connect, caseRef } from "../support/fixture.js";

describe("Issuer handover and recovery events", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors } = ctx;
  const { issuer, outsider, alice, bob, regulator } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asIssuer = { account: issuer.account };
  const newIssuer = outsider; // the issuer's new key (a new Safe in production)

  it("hands the token over to a new admin; issuer() and the registry listing follow", async () => {
    const { token, issuers } = await load();
    const admin = await token.read.DEFAULT_ADMIN_ROLE();
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.setIssuer([newIssuer.account.address], asIssuer),
      token,
      "IssuerNotAdmin",
      [getAddress(newIssuer.account.address)],
    );
    await token.write.grantRole([admin, newIssuer.account.address], asIssuer);
    await viem.assertions.emitWithArgs(token.write.setIssuer([newIssuer.account.address], asIssuer), token, "IssuerUpdated", [
      getAddress(issuer.account.address),
      getAddress(newIssuer.account.address),
    ]);
    assert.equal(getAddress(await token.read.issuer()), getAddress(newIssuer.account.address));

    // The named issuer keeps the admin role until another is named; the old one can now leave.
    await viem.assertions.revertWithCustomError(
      token.write.renounceRole([admin, newIssuer.account.address], { account: newIssuer.account }),
      token,
      "IssuerKeepsAdminRole",
    );
    await token.write.revokeRole([admin, issuer.account.address], { account: newIssuer.account });
    assert.equal(await token.read.hasRole([admin, issuer.account.address]), false);

    // The listing still names the old key until anyone syncs it; then readiness follows the new issuer.
    assert.equal(getAddress(await issuers.read.issuerOf([token.address])), getAddress(issuer.account.address));
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    await viem.assertions.emitWithArgs(issuers.write.syncTokenIssuer([token.address], { account: alice.account }), issuers, "TokenIssuerUpdated", [
      getAddress(token.address),
      getAddress(issuer.account.address),
      getAddress(newIssuer.account.address),
    ]);
    assert.equal(getAddress(await issuers.read.issuerOf([token.address])), getAddress(newIssuer.account.address));
    assert.equal(await issuers.read.isDeFiReady([token.address]), false, "the new key is not qualified yet");
    await issuers.write.qualifyIssuer([newIssuer.account.address], { account: regulator.account });
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    await viem.assertions.revertWithCustomError(issuers.write.syncTokenIssuer([token.address]), issuers, "IssuerUnchanged");
    // The old key can no longer delist the token.
    await viem.assertions.revertWithCustomError(issuers.write.delistToken([token.address], asIssuer), issuers, "NotAllowedToDelist");
  });

  it("emits the ERC-7943 ForcedTransfer for a wallet recovery", async () => {
    const { token } = await load();
    await viem.assertions.emitWithArgs(token.write.recoverWallet([alice.account.address, bob.account.address, caseRef("lost key")], asIssuer), token, "ForcedTransfer", [
      getAddress(alice.account.address),
      getAddress(bob.account.address),
      1000n,
    ]);
  });
});
