// Where the token, the verifiers and the registries meet: identifiable registrants, governance's own
// registrations, and how a token reads a verifier's answers.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeFunctionData, getAddress, zeroAddress, zeroHash } from "viem";

/** ContractRegistry.RegistrantKind, by name. */
const RegistrantKind = { None: 0, Identifiable: 1, Governance: 2 } as const;
import { connect, alpha2, Code, ContractStatus, CLASS_PROFESSIONAL, CLASS_ENTITY, CLASS_RETAIL, ONE_DAY, ONE_YEAR } from "../support/fixture.js";

describe("contract seams", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, issuer, regulator, qualifierA, qualifierB, alice, bob, carol, guardian, outsider, sanctions } = actors;
  const asGov = { account: governance.account };
  const asIssuer = { account: issuer.account };
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const now = async () => Number((await publicClient.getBlock()).timestamp);

  it("a blocked or sanctioned account is never identifiable, whatever its role or issuer standing", async () => {
    const { contracts, credentials } = await load();
    // The issuer also holds a professional credential (it is a person/entity like any other).
    await credentials.write.issue(
      [{ holder: issuer.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: (await now()) + Number(ONE_YEAR) }],
      { account: qualifierA.account },
    );
    assert.equal(await contracts.read.isIdentifiable([issuer.account.address]), true);
    await contracts.write.blockContract([issuer.account.address, "misused a wallet"], { account: guardian.account });
    assert.equal(await contracts.read.isIdentifiable([issuer.account.address]), false, "a blocked qualified issuer");
    const w = await viem.deployContract("OwnedWallet", [issuer.account.address]);
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], asIssuer), contracts, "RegistrantNotIdentifiable");
    await contracts.write.unblockContract([issuer.account.address, "lifted"], { account: guardian.account });
    await credentials.write.setSanctioned([[issuer.account.address], true, "OFAC SDN"], { account: sanctions.account });
    assert.equal(await contracts.read.isIdentifiable([issuer.account.address]), false, "a sanctioned qualified issuer");
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], asIssuer), contracts, "RegistrantNotIdentifiable");
    // Governance's own key: blocked, it is not identifiable either.
    assert.equal(await contracts.read.isIdentifiable([governance.account.address]), true);
    await contracts.write.blockContract([governance.account.address, "key compromised"], { account: guardian.account });
    assert.equal(await contracts.read.isIdentifiable([governance.account.address]), false, "blocked governance");
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], asGov), contracts, "RegistrantNotIdentifiable");
  });

  it("governance's registration keeps its contract eligible after the admin role moves to a new key", async () => {
    const { contracts, token } = await load();
    const pool = await viem.deployContract("OwnedWallet", [governance.account.address]); // unvetted code governance registers
    await contracts.write.register([pool.address], asGov);
    assert.equal((await contracts.read.registration([pool.address])).kind, RegistrantKind.Governance);
    await networkHelpers.time.increase(ONE_DAY);
    await token.write.transfer([pool.address, 100n], { account: alice.account });
    assert.equal(await token.read.detectTransferRestriction([pool.address, bob.account.address, 1n]), Code.SUCCESS);
    // Governance hands its role to a new key (a timelock) and the old key renounces.
    const admin = await contracts.read.DEFAULT_ADMIN_ROLE();
    await contracts.write.grantRole([admin, outsider.account.address], asGov);
    await contracts.write.renounceRole([admin, governance.account.address], asGov);
    const [status, registrant] = await contracts.read.eligibilityOf([pool.address, false]);
    assert.equal(status, ContractStatus.Registered);
    assert.equal(registrant, zeroAddress, "a governance registration answers for no single key");
    assert.equal(await token.read.detectTransferRestriction([pool.address, bob.account.address, 1n]), Code.SUCCESS);
    const out = encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [bob.account.address, 100n] });
    await pool.write.exec([token.address, out], asGov);
    assert.equal(await token.read.balanceOf([pool.address]), 0n);
  });

  it("a registrant who is identifiable but not governance is recorded as such, and answers for its contract", async () => {
    const { contracts } = await load();
    const w = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([w.address], { account: alice.account });
    assert.equal((await contracts.read.registration([w.address])).kind, RegistrantKind.Identifiable);
    await networkHelpers.time.increase(ONE_DAY);
    const [, registrant] = await contracts.read.eligibilityOf([w.address, false]);
    assert.equal(getAddress(registrant), getAddress(alice.account.address));
  });

  it("a verifier answer of anything but exactly one word fails closed, a longer one included", async () => {
    const { token } = await load();
    const odd = await viem.deployContract("OddAnswerVerifier", [0n, 2n]);
    await token.write.setVerifier([odd.address], asIssuer);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, carol.account.address, 1n]), Code.VERIFIER_FAILED);
    assert.equal(await token.read.canReceive([carol.account.address]), false);
    assert.equal(await token.read.canSend([alice.account.address]), false);
    assert.equal(await token.read.detectSpenderRestriction([carol.account.address]), Code.VERIFIER_FAILED);
    await assert.rejects(token.write.transfer([carol.account.address, 1n], { account: alice.account }));
    await assert.rejects(token.write.mint([carol.account.address, 1n], asIssuer));
    assert.equal(await token.read.balanceOf([carol.account.address]), 0n);
  });

  it("the credential verifier refuses a registry answer longer than two codes", async () => {
    const { token } = await load();
    const long = await viem.deployContract("LongAnswerCredentials");
    const verifier = await viem.deployContract("CredentialVerifier", [long.address, zeroAddress, 1n << BigInt(CLASS_PROFESSIONAL), false]);
    await assert.rejects(verifier.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]));
    await token.write.setVerifier([verifier.address], asIssuer);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.VERIFIER_FAILED);
    await assert.rejects(token.write.transfer([bob.account.address, 1n], { account: alice.account }));
  });

  it("messageForTransferRestriction never reverts on a malformed sentence, and passes a well-formed one through", async () => {
    const { token } = await load();
    const unknown = "Unknown restriction code.";
    for (const messageMode of [0n, 1n, 3n, 4n, 5n, 6n, 7n]) {
      const odd = await viem.deployContract("OddAnswerVerifier", [0n, messageMode]);
      await token.write.setVerifier([odd.address], asIssuer);
      assert.equal(await token.read.messageForTransferRestriction([99]), unknown, `sentence shape ${messageMode}`);
    }
    const fine = await viem.deployContract("OddAnswerVerifier", [0n, 2n]);
    await token.write.setVerifier([fine.address], asIssuer);
    assert.equal(await token.read.messageForTransferRestriction([99]), "Held by the verifier.");
    // codes below 16 are the token's own and never ask the verifier
    assert.ok((await token.read.messageForTransferRestriction([8])).length > 0);
    assert.notEqual(await token.read.messageForTransferRestriction([8]), unknown);
  });

  it("a verifier answering a high bit, 0x100 or 31 bytes fails closed; views never revert", async () => {
    const { token } = await load();
    for (const mode of [1n, 2n, 3n]) {
      const odd = await viem.deployContract("OddAnswerVerifier", [mode, 2n]);
      await token.write.setVerifier([odd.address], asIssuer);
      assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.VERIFIER_FAILED);
      assert.equal(await token.read.canTransfer([alice.account.address, bob.account.address, 1n]), false);
      assert.equal(await token.read.canSend([alice.account.address]), false);
      assert.equal(await token.read.canReceive([bob.account.address]), false);
      assert.equal(await token.read.detectSpenderRestriction([carol.account.address]), Code.VERIFIER_FAILED);
      await assert.rejects(token.write.transfer([bob.account.address, 1n], { account: alice.account }));
      await assert.rejects(token.write.mint([bob.account.address, 1n], asIssuer));
    }
  });

  it("a spender blocked by a guardian, frozen by the issuer, or sanctioned; spender == to checked as recipient", async () => {
    const { token, contracts, credentials } = await load();
    await token.write.approve([carol.account.address, 100n], { account: alice.account });
    await contracts.write.blockContract([carol.account.address, "bad router"], { account: guardian.account });
    assert.equal(await token.read.detectTransferFromRestriction([carol.account.address, alice.account.address, bob.account.address, 1n]), Code.SPENDER_BLOCKED);
    await assert.rejects(token.write.transferFrom([alice.account.address, bob.account.address, 1n], { account: carol.account }));
    await contracts.write.unblockContract([carol.account.address, "ok"], { account: guardian.account });
    await token.write.setWalletFrozen([carol.account.address, true], asIssuer);
    await assert.rejects(token.write.transferFrom([alice.account.address, bob.account.address, 1n], { account: carol.account }));
    await token.write.setWalletFrozen([carol.account.address, false], asIssuer);
    await credentials.write.setSanctioned([[carol.account.address], true, "x"], { account: sanctions.account });
    await assert.rejects(token.write.transferFrom([alice.account.address, bob.account.address, 1n], { account: carol.account }));
    await credentials.write.setSanctioned([[carol.account.address], false, "x"], { account: sanctions.account });
    await token.write.transferFrom([alice.account.address, bob.account.address, 1n], { account: carol.account }); // clean spender passes
    // spender == to: checked as the recipient (no credential -> refused)
    await assert.rejects(token.write.transferFrom([alice.account.address, carol.account.address, 1n], { account: carol.account }));
    // bob blocked as spender == to
    await token.write.approve([bob.account.address, 10n], { account: alice.account });
    await contracts.write.blockContract([bob.account.address, "b"], { account: guardian.account });
    assert.equal(
      await token.read.detectTransferFromRestriction([bob.account.address, alice.account.address, bob.account.address, 1n]),
      Code.RECIPIENT_CONTRACT_BLOCKED,
    );
  });

  it("eviction never takes a live or suspended-live credential; renew after eviction fails; share of two holds", async () => {
    const { credentials } = await load();
    const t = await now();
    const base = { holder: carol.account.address, jurisdiction: alpha2("CH") };
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL, expiresAt: t + 3600 },
          { ...base, classId: CLASS_ENTITY, expiresAt: t + 3600 },
        ],
      ],
      { account: qualifierA.account },
    );
    await credentials.write.issueBatch(
      [
        [
          { ...base, classId: CLASS_PROFESSIONAL, expiresAt: t + 100000 },
          { ...base, classId: CLASS_RETAIL, expiresAt: t + 100000 },
        ],
      ],
      { account: qualifierB.account },
    );
    await credentials.write.admitQualifier([outsider.account.address, "Gamma", 1n << BigInt(CLASS_PROFESSIONAL)], asGov);
    await credentials.write.suspendQualifier([1, "x"], asGov);
    // A's are live but suspended: Gamma cannot take their place
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ ...base, classId: CLASS_PROFESSIONAL, expiresAt: t + 200000 }], { account: outsider.account }),
      credentials,
      "TooManyCredentials",
    );
    await networkHelpers.time.increase(7200);
    const aProf = await credentials.read.credentialId([carol.account.address, 1, CLASS_PROFESSIONAL]);
    await credentials.write.issue([{ ...base, classId: CLASS_PROFESSIONAL, expiresAt: t + 200000 }], { account: outsider.account });
    await credentials.write.reinstateQualifier([1], asGov);
    await viem.assertions.revertWithCustomError(
      credentials.write.renew([aProf, t + 300000], { account: qualifierA.account }),
      credentials,
      "ERC721NonexistentToken",
    );
    // B (at two) cannot take Gamma's or A's remaining expired place
    await viem.assertions.revertWithCustomError(
      credentials.write.issue([{ ...base, classId: CLASS_ENTITY, expiresAt: t + 200000 }], { account: qualifierB.account }),
      credentials,
      "QualifierShareFull",
    );
    // B's live ones untouched
    assert.equal(
      getAddress(await credentials.read.ownerOf([await credentials.read.credentialId([carol.account.address, 2, CLASS_PROFESSIONAL])])),
      getAddress(carol.account.address),
    );
  });

  it("setIssuer to another qualified issuer borrows nothing; recovery into a frozen wallet; seats", async () => {
    const { token, issuers } = await load();
    await issuers.write.qualifyIssuer([carol.account.address], { account: regulator.account });
    const admin = await token.read.DEFAULT_ADMIN_ROLE();
    await token.write.grantRole([admin, carol.account.address], asIssuer);
    await token.write.setIssuer([carol.account.address], asIssuer);
    assert.equal(await issuers.read.isDeFiReady([token.address]), false);
    await viem.assertions.revertWithCustomError(
      token.write.renounceRole([admin, carol.account.address], { account: carol.account }),
      token,
      "IssuerKeepsAdminRole",
    );
    await viem.assertions.revertWithCustomError(token.write.revokeRole([admin, carol.account.address], asIssuer), token, "IssuerKeepsAdminRole");
    await token.write.setWalletFrozen([bob.account.address, true], asIssuer);
    await assert.rejects(token.write.recoverWallet([alice.account.address, bob.account.address, zeroHash], asIssuer));
    // re-seating a removed regulator revives nothing
    await issuers.write.removeRegulator([regulator.account.address, "x"], asGov);
    await issuers.write.admitRegulator([regulator.account.address, alpha2("CH"), "again"], asGov);
    assert.equal(await issuers.read.isQualifiedIssuer([issuer.account.address, alpha2("CH")]), false);
    assert.deepEqual(await issuers.read.qualifiedJurisdictions([carol.account.address]), []);
  });
});
