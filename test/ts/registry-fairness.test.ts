import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress } from "viem";
import { connect, alpha2, CLASS_PROFESSIONAL, CLASS_ENTITY, CLASS_RETAIL } from "../support/fixture.js";

describe("Registries: fair credential places, regulator seats, escaped metadata", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, qualifierA, qualifierB, regulator, issuer, carol, outsider } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asGov = { account: governance.account };
  const now = async () => Number((await publicClient.getBlock()).timestamp);

  it("lets one qualifier hold at most two of a wallet's four places", async () => {
    const { credentials, expiry } = await load();
    const base = { holder: carol.account.address, jurisdiction: alpha2("CH"), expiresAt: expiry };
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL },
          { ...base, classId: CLASS_ENTITY },
        ],
      ],
      {
        account: qualifierB.account,
      },
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      credentials.write.issue([{ ...base, classId: CLASS_RETAIL }], { account: qualifierB.account }),
      credentials,
      "QualifierShareFull",
      [getAddress(carol.account.address), 2],
    );
    // Another qualifier still gets in.
    await credentials.write.issue([{ ...base, classId: CLASS_PROFESSIONAL }], { account: qualifierA.account });
    assert.equal(await credentials.read.balanceOf([carol.account.address]), 3n);
  });

  it("gives a full wallet's expired places to new credentials, the issuer's own first", async () => {
    const { credentials } = await load();
    const short = (await now()) + 3600;
    const base = { holder: carol.account.address, jurisdiction: alpha2("CH"), expiresAt: short };
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL },
          { ...base, classId: CLASS_ENTITY },
        ],
      ],
      {
        account: qualifierA.account,
      },
    );
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL },
          { ...base, classId: CLASS_RETAIL },
        ],
      ],
      {
        account: qualifierB.account,
      },
    );
    await credentials.write.admitQualifier([outsider.account.address, "Gamma", 1n << BigInt(CLASS_PROFESSIONAL)], asGov);
    const fresh = { ...base, classId: CLASS_PROFESSIONAL, expiresAt: (await now()) + 86_400 * 365 };
    // While every credential is live the wallet is full.
    await viem.assertions.revertWithCustomError(credentials.write.issue([fresh], { account: outsider.account }), credentials, "TooManyCredentials");
    await networkHelpers.time.increase(7200);
    const evictedId = await credentials.read.credentialId([carol.account.address, 1, CLASS_PROFESSIONAL]);
    await viem.assertions.emitWithArgs(credentials.write.issue([fresh], { account: outsider.account }), credentials, "CredentialRevoked", [
      evictedId,
      getAddress(carol.account.address),
      1,
      "expired: its place went to a new credential",
    ]);
    await viem.assertions.revertWithCustomError(credentials.read.ownerOf([evictedId]), credentials, "ERC721NonexistentToken");
    const held = await credentials.read.credentialsOf([carol.account.address]);
    assert.equal(held.length, 4);
    assert.ok(held.includes(await credentials.read.credentialId([carol.account.address, 3, CLASS_PROFESSIONAL])));
    assert.equal(await credentials.read.credentialStatus([carol.account.address, 1n << BigInt(CLASS_PROFESSIONAL)]), 0);
    // Qualifier B, at its share of two, issues a new class: one of its own expired places goes, not A's.
    const bOwn = await credentials.read.credentialId([carol.account.address, 2, CLASS_PROFESSIONAL]);
    const aEntity = await credentials.read.credentialId([carol.account.address, 1, CLASS_ENTITY]);
    await credentials.write.issue([{ ...fresh, classId: CLASS_ENTITY }], { account: qualifierB.account });
    await viem.assertions.revertWithCustomError(credentials.read.ownerOf([bOwn]), credentials, "ERC721NonexistentToken");
    assert.equal(getAddress(await credentials.read.ownerOf([aEntity])), getAddress(carol.account.address));
  });

  it("escapes governance-set names in tokenURI's JSON", async () => {
    const { credentials } = await load();
    const hostile = 'Evil","trait_type":"Status","value":"valid"}\\\n';
    await credentials.write.defineClass([CLASS_PROFESSIONAL, hostile], asGov);
    const id = await credentials.read.credentialId([actors.alice.account.address, 1, CLASS_PROFESSIONAL]);
    const uri = await credentials.read.tokenURI([id]);
    const json = JSON.parse(Buffer.from(uri.split(",")[1], "base64").toString("utf8"));
    assert.equal(json.attributes.length, 6);
    assert.equal(json.attributes[1].value, hostile);
  });

  it("lists a re-qualified issuer's jurisdiction once", async () => {
    const { issuers } = await load();
    const reg = { account: regulator.account };
    for (let i = 0; i < 3; i++) {
      await issuers.write.disqualifyIssuer([issuer.account.address, "review"], reg);
      await issuers.write.qualifyIssuer([issuer.account.address], reg);
    }
    assert.deepEqual(await issuers.read.qualifiedJurisdictions([issuer.account.address]), [alpha2("CH")]);
    await viem.assertions.revertWithCustomError(issuers.write.qualifyIssuer([issuer.account.address], reg), issuers, "IssuerAlreadyQualified");
  });

  it("does not revive a removed regulator's qualifications when it is seated again", async () => {
    const { issuers, token } = await load();
    await issuers.write.removeRegulator([regulator.account.address, "mandate ended"], asGov);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    await issuers.write.admitRegulator([regulator.account.address, alpha2("CH"), "Swiss regulator"], asGov);
    assert.equal(await issuers.read.isQualifiedIssuer([issuer.account.address, alpha2("CH")]), false);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    await issuers.write.qualifyIssuer([issuer.account.address], { account: regulator.account });
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    assert.deepEqual(await issuers.read.qualifiedJurisdictions([issuer.account.address]), [alpha2("CH")]);
  });
});
