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
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.setIssuer([newIssuer.account.address], asIssuer), token, "IssuerNotAdmin", [
      getAddress(newIssuer.account.address),
    ]);
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

    // The listing still names the old key, but no longer vouches: the token names another issuer.
    assert.equal(getAddress(await issuers.read.issuerOf([token.address])), getAddress(issuer.account.address));
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    const [ready, , jurisdictions] = await issuers.read.tokenStatus([token.address]);
    assert.equal(ready, false);
    assert.equal(jurisdictions.length, 0);
    // Only the issuer the token names may claim the listing (nobody is put under another's qualifications).
    for (const who of [alice, issuer]) {
      await viem.assertions.revertWithCustomError(issuers.write.syncTokenIssuer([token.address], { account: who.account }), issuers, "NotTokenIssuer");
    }
    await viem.assertions.emitWithArgs(issuers.write.syncTokenIssuer([token.address], { account: newIssuer.account }), issuers, "TokenIssuerUpdated", [
      getAddress(token.address),
      getAddress(issuer.account.address),
      getAddress(newIssuer.account.address),
    ]);
    assert.equal(getAddress(await issuers.read.issuerOf([token.address])), getAddress(newIssuer.account.address));
    assert.equal(await issuers.read.isDeFiReady([token.address]), false, "the new key is not qualified yet");
    await issuers.write.qualifyIssuer([newIssuer.account.address], { account: regulator.account });
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    await viem.assertions.revertWithCustomError(issuers.write.syncTokenIssuer([token.address], { account: newIssuer.account }), issuers, "IssuerUnchanged");
    // The old key can no longer delist the token.
    await viem.assertions.revertWithCustomError(issuers.write.delistToken([token.address], asIssuer), issuers, "NotAllowedToDelist");
  });

  it("does not let a token borrow another qualified issuer's standing without its consent", async () => {
    const { token, issuers } = await load();
    // A second qualified issuer (carol's key stands in for it) never agreed to take this token over.
    await issuers.write.qualifyIssuer([actors.carol.account.address], { account: regulator.account });
    const admin = await token.read.DEFAULT_ADMIN_ROLE();
    await token.write.grantRole([admin, actors.carol.account.address], asIssuer);
    await token.write.setIssuer([actors.carol.account.address], asIssuer);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false, "the listed issuer is no longer named");
    await viem.assertions.revertWithCustomError(issuers.write.syncTokenIssuer([token.address], asIssuer), issuers, "NotTokenIssuer");
    assert.equal(getAddress(await issuers.read.issuerOf([token.address])), getAddress(issuer.account.address));
  });

  it("emits the ERC-7943 ForcedTransfer for a wallet recovery", async () => {
    const { token } = await load();
    await viem.assertions.emitWithArgs(
      token.write.recoverWallet([alice.account.address, bob.account.address, caseRef("lost key")], asIssuer),
      token,
      "ForcedTransfer",
      [getAddress(alice.account.address), getAddress(bob.account.address), 1000n],
    );
  });
});
