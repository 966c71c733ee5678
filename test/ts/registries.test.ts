import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getAddress, zeroAddress } from "viem";
import { connect, alpha2, Code, CLASS_PROFESSIONAL, CLASS_ENTITY, CLASS_RETAIL, ONE_YEAR } from "../support/fixture.js";

describe("CredentialRegistry and QualifierRegistry", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, qualifierA, qualifierB, alice, bob, carol, sanctions, outsider } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asGov = { account: governance.account };
  const mask = (...classes: number[]) => classes.reduce((m, c) => m | (1n << BigInt(c)), 0n);

  it("issues a soulbound credential whose id encodes holder, qualifier and class", async () => {
    const { credentials, expiry } = await load();
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    assert.equal(getAddress(await credentials.read.ownerOf([id])), getAddress(alice.account.address));
    assert.equal(await credentials.read.balanceOf([alice.account.address]), 1n);
    assert.equal(await credentials.read.locked([id]), true);
    const c = await credentials.read.credential([id]);
    assert.equal(c.qualifierId, 1);
    assert.equal(c.classId, CLASS_PROFESSIONAL);
    assert.equal(c.jurisdiction, alpha2("CH"));
    assert.equal(c.expiresAt, expiry);
    assert.equal(c.valid, true);
    assert.deepEqual(await credentials.read.credentialsOf([alice.account.address]), [id]);
  });

  it("refuses every transfer and approval of a credential", async () => {
    const { credentials } = await load();
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    // The refusals are `pure`, so they revert in a call as they would in a transaction.
    const from = { account: alice.account.address };
    for (const call of [
      credentials.read.transferFrom([alice.account.address, bob.account.address, id], from),
      credentials.read.safeTransferFrom([alice.account.address, bob.account.address, id], from),
      credentials.read.safeTransferFrom([alice.account.address, bob.account.address, id, "0x"], from),
      credentials.read.approve([bob.account.address, id], from),
      credentials.read.setApprovalForAll([bob.account.address, true], from),
    ]) {
      await viem.assertions.revertWithCustomError(call, credentials, "Soulbound");
    }
    assert.equal(await credentials.read.getApproved([id]), zeroAddress);
    assert.equal(await credentials.read.isApprovedForAll([alice.account.address, bob.account.address]), false);
  });

  it("serves public attributes only in tokenURI", async () => {
    const { credentials } = await load();
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    const uri = await credentials.read.tokenURI([id]);
    assert.ok(uri.startsWith("data:application/json;base64,"));
    const json = JSON.parse(Buffer.from(uri.split(",")[1], "base64").toString("utf8"));
    const traits = Object.fromEntries(json.attributes.map((a: { trait_type: string; value: unknown }) => [a.trait_type, a.value]));
    assert.equal(traits.Qualifier, "Alpha KYB");
    assert.equal(traits.Class, "professional investor");
    assert.equal(traits.Jurisdiction, "CH");
    assert.equal(traits.Status, "valid");
  });

  it("announces ERC-721, its metadata and ERC-5192 through ERC-165", async () => {
    const { credentials } = await load();
    assert.equal(await credentials.read.supportsInterface(["0x80ac58cd"]), true);
    assert.equal(await credentials.read.supportsInterface(["0x5b5e139f"]), true);
    assert.equal(await credentials.read.supportsInterface(["0xb45a3c0e"]), true);
  });

  it("refuses issuance outside a qualifier's classes, with bad jurisdictions or expiries, and twice", async () => {
    const { credentials, expiry } = await load();
    const asA = { account: qualifierA.account };
    const req = { holder: carol.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: expiry };
    await viem.assertions.revertWithCustomErrorWithArgs(credentials.write.issue([{ ...req, classId: CLASS_RETAIL }], asA), credentials, "ClassNotPermitted", [
      1,
      CLASS_RETAIL,
    ]);
    for (const jurisdiction of [0, 0x6368 /* "ch" */, 0x4331 /* "C1" */]) {
      await viem.assertions.revertWithCustomErrorWithArgs(credentials.write.issue([{ ...req, jurisdiction }], asA), credentials, "InvalidJurisdiction", [
        jurisdiction,
      ]);
    }
    await credentials.write.issue([{ ...req, jurisdiction: 756 }], asA); // numeric ISO 3166 (Switzerland)
    await viem.assertions.revertWithCustomError(credentials.write.issue([req], asA), credentials, "CredentialAlreadyIssued");
    const now = Number((await publicClient.getBlock()).timestamp);
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ ...req, holder: bob.account.address, classId: CLASS_ENTITY, expiresAt: now }], asA),
      credentials,
      "InvalidExpiry",
    );
    await viem.assertions.revertWithCustomError(credentials.write.issue([{ ...req, holder: zeroAddress }], asA), credentials, "ERC721InvalidReceiver");
  });

  it("holds up to four credentials per wallet from several qualifiers, and refuses a fifth", async () => {
    const { credentials, expiry } = await load();
    const base = { holder: carol.account.address, jurisdiction: alpha2("CH"), expiresAt: expiry };
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL },
          { ...base, classId: CLASS_ENTITY },
        ],
      ],
      { account: qualifierA.account },
    );
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL },
          { ...base, classId: CLASS_RETAIL },
        ],
      ],
      { account: qualifierB.account },
    );
    assert.equal(await credentials.read.balanceOf([carol.account.address]), 4n);
    assert.equal((await credentials.read.credentialsOf([carol.account.address])).length, 4);
    await credentials.write.admitQualifier([outsider.account.address, "Gamma", mask(CLASS_PROFESSIONAL)], asGov);
    await viem.assertions.revertWithCustomErrorWithArgs(
      credentials.write.issue([{ ...base, classId: CLASS_PROFESSIONAL }], { account: outsider.account }),
      credentials,
      "TooManyCredentials",
      [carol.account.address],
    );
  });

  it("renews and revokes; revocation burns the credential and frees its place", async () => {
    const { credentials, token, expiry } = await load();
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    await viem.assertions.emitWithArgs(credentials.write.renew([id, expiry + 1000], { account: qualifierA.account }), credentials, "CredentialRenewed", [
      id,
      expiry + 1000,
    ]);
    assert.equal((await credentials.read.credential([id])).expiresAt, expiry + 1000);
    await viem.assertions.revertWithCustomError(credentials.write.renew([id, expiry], { account: qualifierB.account }), credentials, "NotIssuingQualifier");
    await viem.assertions.revertWithCustomError(credentials.write.revoke([id, "no"], { account: qualifierB.account }), credentials, "NotIssuingQualifier");
    await viem.assertions.emitWithArgs(credentials.write.revoke([id, "sanctions hit"], { account: qualifierA.account }), credentials, "CredentialRevoked", [
      id,
      getAddress(alice.account.address),
      1,
      "sanctions hit",
    ]);
    await viem.assertions.revertWithCustomError(credentials.read.ownerOf([id]), credentials, "ERC721NonexistentToken");
    assert.equal(await credentials.read.balanceOf([alice.account.address]), 0n);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.SENDER_NOT_QUALIFIED);
    // Governance may revoke any credential.
    const bobId = await credentials.read.credentialId([bob.account.address, 1, CLASS_PROFESSIONAL]);
    await credentials.write.revoke([bobId, "court order"], asGov);
    // Re-issuing mints the same id again.
    await credentials.write.issue([{ holder: alice.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
      account: qualifierA.account,
    });
    assert.equal(getAddress(await credentials.read.ownerOf([id])), getAddress(alice.account.address));
  });

  it("suspending a qualifier stops all its credentials at once (codes 26, 27); reinstating restores them", async () => {
    const { credentials, token, expiry } = await load();
    await viem.assertions.emitWithArgs(credentials.write.suspendQualifier([1, "audit failure"], asGov), credentials, "QualifierSuspended", [
      1,
      "audit failure",
    ]);
    assert.equal(await credentials.read.isQualifierActive([1]), false);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.SENDER_QUALIFIER_SUSPENDED, alice.account.address, bob.account.address, 1n],
    );
    assert.match(await token.read.messageForTransferRestriction([26]), /sender's credential is suspended/);
    assert.match(await token.read.messageForTransferRestriction([27]), /recipient's credential is suspended/);
    // A suspended qualifier cannot issue.
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ holder: carol.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
        account: qualifierA.account,
      }),
      credentials,
      "NotAnActiveQualifier",
    );
    // Bob gets a credential from the other qualifier and can receive again; Alice cannot send.
    await credentials.write.issue([{ holder: bob.account.address, classId: CLASS_ENTITY, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
      account: qualifierB.account,
    });
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.RECIPIENT_QUALIFIER_SUSPENDED);
    await credentials.write.reinstateQualifier([1], asGov);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
    await viem.assertions.revertWithCustomError(credentials.write.reinstateQualifier([1], asGov), credentials, "QualifierAlreadyInState");
  });

  it("flags sanctioned wallets (codes 18, 19), answers isSanctioned and refuses them credentials", async () => {
    const { credentials, token, expiry } = await load();
    await viem.assertions.emitWithArgs(
      credentials.write.setSanctioned([[bob.account.address], true, "OFAC SDN 2026-11-20"], { account: sanctions.account }),
      credentials,
      "SanctionsUpdated",
      [getAddress(bob.account.address), true, "OFAC SDN 2026-11-20"],
    );
    assert.equal(await credentials.read.isSanctioned([bob.account.address]), true);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transfer([bob.account.address, 1n], { account: alice.account }),
      token,
      "TransferRestricted",
      [Code.RECIPIENT_SANCTIONED, alice.account.address, bob.account.address, 1n],
    );
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SENDER_SANCTIONED);
    assert.match(await token.read.messageForTransferRestriction([18]), /sender is on a sanctions list/);
    assert.match(await token.read.messageForTransferRestriction([19]), /recipient is on a sanctions list/);
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ holder: bob.account.address, classId: CLASS_ENTITY, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
        account: qualifierB.account,
      }),
      credentials,
      "HolderSanctioned",
    );
    await credentials.write.setSanctioned([[bob.account.address], false, "delisted"], { account: sanctions.account });
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
  });

  it("manages classes and qualifiers with clear errors", async () => {
    const { credentials } = await load();
    await viem.assertions.revertWithCustomError(
      credentials.write.admitQualifier([qualifierA.account.address, "again", mask(CLASS_PROFESSIONAL)], asGov),
      credentials,
      "AlreadyQualifier",
    );
    await viem.assertions.revertWithCustomError(
      credentials.write.admitQualifier([carol.account.address, "x", mask(77)], asGov),
      credentials,
      "UndefinedClasses",
    );
    await viem.assertions.revertWithCustomError(credentials.write.admitQualifier([zeroAddress, "x", mask(1)], asGov), credentials, "ZeroAddress");
    await viem.assertions.revertWithCustomError(credentials.write.admitQualifier([carol.account.address, "", mask(1)], asGov), credentials, "EmptyName");
    await viem.assertions.revertWithCustomError(credentials.write.suspendQualifier([9, "x"], asGov), credentials, "UnknownQualifier");
    await credentials.write.setQualifierClasses([2, mask(CLASS_ENTITY)], asGov);
    assert.equal((await credentials.read.qualifier([2])).classMask, mask(CLASS_ENTITY));
    await credentials.write.setQualifierAccount([2, carol.account.address], asGov);
    assert.equal(await credentials.read.qualifierIdOf([carol.account.address]), 2);
    assert.equal(await credentials.read.qualifierIdOf([qualifierB.account.address]), 0);
    assert.equal(await credentials.read.qualifierCount(), 2);
    assert.equal(await credentials.read.className([CLASS_ENTITY]), "entity");
  });

  it("marks credentials invalid once expired", async () => {
    const { credentials } = await load();
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    await networkHelpers.time.increase(ONE_YEAR);
    assert.equal((await credentials.read.credential([id])).valid, false);
    assert.equal(await credentials.read.hasValidCredential([alice.account.address, mask(CLASS_PROFESSIONAL)]), false);
  });
});

describe("ContractRegistry", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors } = ctx;
  const { alice, bob, carol, guardian, outsider } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);

  it("lets an identifiable registrant register a deployed contract, which holds and moves the token after its window", async () => {
    const { contracts, token, verifier } = await load();
    const pool = await viem.deployContract("AllowlistVerifier", [outsider.account.address]); // any deployed contract
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, pool.address, 1n]), Code.RECIPIENT_NOT_QUALIFIED);
    await viem.assertions.emit(contracts.write.register([pool.address], { account: alice.account }), contracts, "ContractRegistered");
    const reg = await contracts.read.registration([pool.address]);
    assert.equal(getAddress(reg.registrant), getAddress(alice.account.address));
    assert.ok(reg.registeredAt > 0);
    assert.equal(await contracts.read.statusOf([pool.address]), 3, "in its challenge window");
    await networkHelpers.time.increase(24 * 3600);
    assert.equal(await contracts.read.statusOf([pool.address]), 1);
    await token.write.transfer([pool.address, 10n], { account: alice.account });
    assert.equal(await token.read.balanceOf([pool.address]), 10n);
    assert.equal(await verifier.read.detectSendRestriction([pool.address]), 0);
    await viem.assertions.revertWithCustomError(contracts.write.register([pool.address], { account: bob.account }), contracts, "AlreadyRegistered");
  });

  it("refuses externally owned accounts, empty addresses and EIP-7702 delegated accounts", async () => {
    const { contracts, token } = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(contracts.write.register([carol.account.address]), contracts, "NotAContract", [
      getAddress(carol.account.address),
    ]);
    const delegated = "0x00000000000000000000000000000000000d1e9a";
    await networkHelpers.setCode(delegated, `0xef0100${token.address.slice(2).toLowerCase()}`);
    await viem.assertions.revertWithCustomErrorWithArgs(contracts.write.register([delegated]), contracts, "DelegatedAccount", [getAddress(delegated)]);
  });

  it("guardians block a contract (codes 28, 29): it can no longer receive or send; unblocking restores it", async () => {
    const { contracts, token } = await load();
    const pool = await viem.deployContract("AllowlistVerifier", [outsider.account.address]);
    await contracts.write.register([pool.address], { account: alice.account });
    await networkHelpers.time.increase(24 * 3600);
    await token.write.transfer([pool.address, 10n], { account: alice.account });
    await viem.assertions.emitWithArgs(
      contracts.write.blockContract([pool.address, "drains deposits"], { account: guardian.account }),
      contracts,
      "ContractBlocked",
      [getAddress(pool.address), getAddress(guardian.account.address), "drains deposits"],
    );
    assert.equal(await contracts.read.statusOf([pool.address]), 2);
    const record = await contracts.read.blockRecord([pool.address]);
    assert.equal(record.reason, "drains deposits");
    await viem.assertions.revertWithCustomErrorWithArgs(token.write.transfer([pool.address, 1n], { account: alice.account }), token, "TransferRestricted", [
      Code.RECIPIENT_CONTRACT_BLOCKED,
      alice.account.address,
      pool.address,
      1n,
    ]);
    assert.equal(await token.read.detectTransferRestriction([pool.address, alice.account.address, 1n]), Code.SENDER_CONTRACT_BLOCKED);
    assert.match(await token.read.messageForTransferRestriction([28]), /guardian has blocked the sender/);
    assert.match(await token.read.messageForTransferRestriction([29]), /guardian has blocked the recipient/);
    await viem.assertions.revertWithCustomError(contracts.write.register([pool.address], { account: alice.account }), contracts, "ContractIsBlocked");
    await viem.assertions.revertWithCustomError(
      contracts.write.blockContract([pool.address, "again"], { account: guardian.account }),
      contracts,
      "ContractIsBlocked",
    );
    await viem.assertions.revertWithCustomError(contracts.write.blockContract([pool.address, ""], { account: guardian.account }), contracts, "EmptyReason");
    await contracts.write.unblockContract([pool.address, "patched"], { account: guardian.account });
    await token.write.transfer([pool.address, 1n], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      contracts.write.unblockContract([pool.address, "twice"], { account: guardian.account }),
      contracts,
      "NotBlocked",
    );
  });
});

describe("IssuerRegistry", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors } = ctx;
  const { governance, regulator, issuer, alice, outsider, carol } = actors;
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const asGov = { account: governance.account };
  const asReg = { account: regulator.account };

  it("reports a listed token of a qualified issuer as DeFi-ready, and under which regulator", async () => {
    const { issuers, token } = await load();
    const [ready, tokenIssuer, jurisdictions, regulators] = await issuers.read.tokenStatus([token.address]);
    assert.equal(ready, true);
    assert.equal(getAddress(tokenIssuer), getAddress(issuer.account.address));
    assert.deepEqual(jurisdictions, [alpha2("CH")]);
    assert.deepEqual(regulators.map(getAddress), [getAddress(regulator.account.address)]);
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    assert.equal((await issuers.read.regulator([regulator.account.address])).name, "Swiss regulator");
  });

  it("disqualifying the issuer, or removing its regulator, takes the token out of DeFi-ready", async () => {
    const { issuers, token } = await load();
    await viem.assertions.emit(issuers.write.disqualifyIssuer([issuer.account.address, "capital shortfall"], asReg), issuers, "IssuerDisqualified");
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    await issuers.write.qualifyIssuer([issuer.account.address], asReg);
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
    await issuers.write.removeRegulator([regulator.account.address, "mandate ended"], asGov);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    assert.equal(await issuers.read.isQualifiedIssuer([issuer.account.address, alpha2("CH")]), false);
    // A new regulator for the same jurisdiction starts from a clean slate.
    await issuers.write.admitRegulator([carol.account.address, alpha2("CH"), "New Swiss regulator"], asGov);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    await issuers.write.qualifyIssuer([issuer.account.address], { account: carol.account });
    assert.equal(await issuers.read.isDeFiReady([token.address]), true);
  });

  it("refuses a second regulator for a jurisdiction, and regulators acting outside their seat", async () => {
    const { issuers } = await load();
    await viem.assertions.revertWithCustomError(
      issuers.write.admitRegulator([carol.account.address, alpha2("CH"), "Second"], asGov),
      issuers,
      "JurisdictionTaken",
    );
    await viem.assertions.revertWithCustomError(issuers.write.admitRegulator([carol.account.address, 0, "Nowhere"], asGov), issuers, "InvalidJurisdiction");
    await viem.assertions.revertWithCustomError(issuers.write.qualifyIssuer([alice.account.address], { account: outsider.account }), issuers, "NotARegulator");
    await viem.assertions.revertWithCustomError(issuers.write.qualifyIssuer([issuer.account.address], asReg), issuers, "IssuerAlreadyQualified");
    await viem.assertions.revertWithCustomError(issuers.write.disqualifyIssuer([alice.account.address, "x"], asReg), issuers, "IssuerNotQualified");
  });

  it("lists a token only for its own qualified issuer", async () => {
    const { issuers, token, verifier } = await load();
    await viem.assertions.revertWithCustomError(issuers.write.listToken([token.address], { account: issuer.account }), issuers, "TokenAlreadyListed");
    const other = await viem.deployContract("SecurityToken", [
      "Other",
      "OTH",
      0,
      alice.account.address,
      verifier.address,
      { classification: "equity", jurisdiction: "CH", documentUri: "", documentHash: `0x${"00".repeat(32)}` as `0x${string}` },
    ]);
    await viem.assertions.revertWithCustomError(issuers.write.listToken([other.address], { account: issuer.account }), issuers, "NotTokenIssuer");
    await viem.assertions.revertWithCustomError(issuers.write.listToken([other.address], { account: alice.account }), issuers, "NotQualifiedAnywhere");
    await viem.assertions.revertWithCustomError(issuers.write.listToken([carol.account.address], { account: issuer.account }), issuers, "NotTokenIssuer");
    await viem.assertions.revertWithCustomError(issuers.write.delistToken([token.address], { account: outsider.account }), issuers, "NotAllowedToDelist");
    await issuers.write.delistToken([token.address], { account: issuer.account });
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    assert.equal(await issuers.read.issuerOf([token.address]), zeroAddress);
  });
});
