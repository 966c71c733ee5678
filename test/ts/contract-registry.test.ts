import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeFunctionData, getAddress, keccak256, zeroAddress } from "viem";
import { connect, alpha2, Code, ContractStatus, CLASS_PROFESSIONAL, ONE_DAY, ONE_YEAR } from "../support/fixture.js";

describe("ContractRegistry: accountable registration", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, issuer, qualifierA, alice, bob, carol, guardian, outsider, sanctions } = actors;
  const asGov = { account: governance.account };
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);

  async function credential(
    credentials: {
      write: {
        issue: (
          args: readonly [{ holder: `0x${string}`; classId: number; jurisdiction: number; expiresAt: number }],
          options: { account: typeof qualifierA.account },
        ) => Promise<unknown>;
      };
    },
    holder: `0x${string}`,
  ) {
    const now = (await publicClient.getBlock()).timestamp;
    await credentials.write.issue([{ holder, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: Number(now + ONE_YEAR) }], {
      account: qualifierA.account,
    });
  }

  it("an anonymous owned wallet cannot be registered and trade the token", async () => {
    const { contracts, token } = await load();
    const wallet = await viem.deployContract("OwnedWallet", [outsider.account.address]);
    await assert.rejects(contracts.write.register([wallet.address], { account: outsider.account }));
    assert.notEqual(await token.read.detectTransferRestriction([alice.account.address, wallet.address, 1n]), Code.SUCCESS);
    await assert.rejects(token.write.transfer([wallet.address, 10n], { account: alice.account }));
    assert.equal(await token.read.balanceOf([wallet.address]), 0n);
  });

  it("a blocked contract that holds a credential can neither receive nor send", async () => {
    const { contracts, credentials, token } = await load();
    const wallet = await viem.deployContract("OwnedWallet", [outsider.account.address]);
    await credential(credentials, wallet.address);
    await token.write.transfer([wallet.address, 10n], { account: alice.account });
    await contracts.write.blockContract([wallet.address, "misused"], { account: guardian.account });
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, wallet.address, 1n]), Code.RECIPIENT_CONTRACT_BLOCKED);
    assert.equal(await token.read.detectTransferRestriction([wallet.address, alice.account.address, 1n]), Code.SENDER_CONTRACT_BLOCKED);
    await assert.rejects(token.write.transfer([wallet.address, 1n], { account: alice.account }));
    const out = encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [alice.account.address, 1n] });
    await assert.rejects(wallet.write.exec([token.address, out], { account: outsider.account }));
    assert.equal(await token.read.balanceOf([wallet.address]), 10n);
  });

  it("a registration does not survive a self-destruct and a CREATE2 redeploy of other code", async () => {
    const { contracts, credentials, token } = await load();
    const factory = await viem.deployContract("MetamorphicFactory");
    const ephemeral = await viem.deployContract("Ephemeral");
    const swapped = await viem.deployContract("OwnedWallet", [outsider.account.address]);
    await credential(credentials, factory.address); // an identifiable registrant
    const target = await factory.read.target();
    // Code that can destroy itself is refused at registration, and cannot be vetted either.
    await viem.assertions.revertWithCustomError(factory.write.deployRegister([ephemeral.address, contracts.address, true]), contracts, "ForbiddenOpcode");
    await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([ephemeral.address, true, "x"], asGov), contracts, "ForbiddenOpcode");
    // Should code change under a registration all the same, the pinned code hash refuses it.
    await factory.write.deployRegister([swapped.address, contracts.address, false]);
    await networkHelpers.time.increase(2n * 24n * 3600n); // past any challenge window
    await networkHelpers.setCode(target, (await publicClient.getCode({ address: ephemeral.address }))!);
    assert.equal(await contracts.read.statusOf([target]), ContractStatus.CodeChanged);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, target, 1n]), Code.RECIPIENT_CONTRACT_CODE_CHANGED);
    await assert.rejects(token.write.transfer([target, 10n], { account: alice.account }));
    assert.equal(await token.read.balanceOf([getAddress(target)]), 0n);
  });

  const codeHash = async (address: `0x${string}`) => keccak256((await publicClient.getCode({ address }))!);

  it("vetted code is eligible at once, whoever registers it", async () => {
    const { contracts, token } = await load();
    const pool = await viem.deployContract("OwnedWallet", [zeroAddress]); // code no key controls
    const hash = await codeHash(pool.address);
    await viem.assertions.emitWithArgs(contracts.write.setCodeVetted([pool.address, true, "ownerless wallet"], asGov), contracts, "CodeVetted", [
      hash,
      true,
      "ownerless wallet",
    ]);
    const now = (await publicClient.getBlock()).timestamp;
    await contracts.write.register([pool.address], { account: outsider.account });
    const r = await contracts.read.registration([pool.address]);
    assert.equal(getAddress(r.registrant), getAddress(outsider.account.address));
    assert.equal(r.kind, 0);
    assert.ok(BigInt(r.windowEndsAt) >= now + ONE_DAY);
    assert.equal(await contracts.read.registeredCodeHash([pool.address]), hash);
    assert.equal(await contracts.read.statusOf([pool.address]), ContractStatus.Registered);
    await token.write.transfer([pool.address, 10n], { account: alice.account });
    assert.equal(await token.read.balanceOf([pool.address]), 10n);
    // Governance withdraws the vetting: an anonymous registration has no window to fall back on.
    await contracts.write.setCodeVetted([pool.address, false, "withdrawn"], asGov);
    assert.equal(await contracts.read.statusOf([pool.address]), ContractStatus.CodeNotVetted);
    await networkHelpers.time.increase(2n * ONE_DAY);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, pool.address, 1n]), Code.RECIPIENT_CONTRACT_CODE_NOT_VETTED);
  });

  it("other code needs an identifiable registrant, waits out its window, and can be blocked in it", async () => {
    const { contracts, token } = await load();
    const vault = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      contracts.write.register([vault.address], { account: carol.account }),
      contracts,
      "RegistrantNotIdentifiable",
      [getAddress(carol.account.address)],
    );
    const registered = contracts.write.register([vault.address], { account: alice.account });
    await viem.assertions.emit(registered, contracts, "ContractRegistered");
    const r = await contracts.read.registration([vault.address]);
    assert.equal(getAddress(r.registrant), getAddress(alice.account.address), "the record keeps who registered");
    assert.equal(r.kind, 1);
    assert.equal(BigInt(r.windowEndsAt) - BigInt(r.registeredAt), ONE_DAY, "one day by default");
    assert.equal(await contracts.read.statusOf([vault.address]), ContractStatus.InChallengeWindow);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, vault.address, 1n]), Code.RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW);
    assert.match(await token.read.messageForTransferRestriction([Code.RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW]), /challenge window/);
    await networkHelpers.time.increase(ONE_DAY);
    assert.equal(await contracts.read.statusOf([vault.address]), ContractStatus.Registered);
    await token.write.transfer([vault.address, 10n], { account: alice.account });
    await viem.assertions.revertWithCustomError(contracts.write.register([vault.address], { account: bob.account }), contracts, "AlreadyRegistered");

    // A second one is blocked inside its window and never becomes eligible.
    const other = await viem.deployContract("OwnedWallet", [bob.account.address]);
    await contracts.write.register([other.address], { account: bob.account });
    await contracts.write.blockContract([other.address, "drains deposits"], { account: guardian.account });
    await networkHelpers.time.increase(2n * ONE_DAY);
    assert.equal(await contracts.read.statusOf([other.address]), ContractStatus.Blocked);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, other.address, 1n]), Code.RECIPIENT_CONTRACT_BLOCKED);
  });

  it("governance and qualified issuers are identifiable; sanctioned or blocked holders are not", async () => {
    const { contracts, credentials } = await load();
    assert.equal(await contracts.read.isIdentifiable([governance.account.address]), true);
    assert.equal(await contracts.read.isIdentifiable([issuer.account.address]), true);
    assert.equal(await contracts.read.isIdentifiable([alice.account.address]), true);
    assert.equal(await contracts.read.isIdentifiable([outsider.account.address]), false);
    const byIssuer = await viem.deployContract("OwnedWallet", [issuer.account.address]);
    await contracts.write.register([byIssuer.address], { account: issuer.account });
    await credentials.write.setSanctioned([[alice.account.address], true, "test list"], { account: sanctions.account });
    assert.equal(await contracts.read.isIdentifiable([alice.account.address]), false);
    await contracts.write.blockContract([bob.account.address, "fronts for a blocked vault"], { account: guardian.account });
    assert.equal(await contracts.read.isIdentifiable([bob.account.address]), false);
    const wallet = await viem.deployContract("OwnedWallet", [bob.account.address]);
    await viem.assertions.revertWithCustomError(contracts.write.register([wallet.address], { account: bob.account }), contracts, "RegistrantNotIdentifiable");
  });

  it("governance sets the window (bounded) for future registrations; vetting needs a deployed exemplar", async () => {
    const { contracts } = await load();
    const max = await contracts.read.MAX_CHALLENGE_WINDOW();
    await viem.assertions.revertWithCustomErrorWithArgs(contracts.write.setChallengeWindow([max + 1], asGov), contracts, "ChallengeWindowTooLong", [
      max + 1,
      max,
    ]);
    await viem.assertions.emitWithArgs(contracts.write.setChallengeWindow([3600], asGov), contracts, "ChallengeWindowSet", [3600]);
    const wallet = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([wallet.address], { account: alice.account });
    const r = await contracts.read.registration([wallet.address]);
    assert.equal(r.windowEndsAt - r.registeredAt, 3600);
    for (const bad of [zeroAddress, outsider.account.address]) {
      await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([bad, true, "x"], asGov), contracts, "NotAContract");
    }
  });

  it("a changed contract may be registered again, and waits out a new window", async () => {
    const { contracts, credentials, token } = await load();
    const first = await viem.deployContract("OwnedWallet", [bob.account.address]);
    const swapped = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await credential(credentials, carol.account.address);
    const target = first.address;
    await contracts.write.register([target], { account: carol.account });
    await networkHelpers.time.increase(ONE_DAY);
    await networkHelpers.setCode(target, (await publicClient.getCode({ address: swapped.address }))!);
    assert.equal(await contracts.read.statusOf([target]), ContractStatus.CodeChanged);
    await contracts.write.register([target], { account: alice.account });
    assert.equal(getAddress((await contracts.read.registration([target])).registrant), getAddress(alice.account.address));
    assert.equal(await contracts.read.statusOf([target]), ContractStatus.InChallengeWindow);
    await networkHelpers.time.increase(ONE_DAY);
    await token.write.transfer([target, 1n], { account: alice.account });
  });

  it("per token, the issuer accepts any registered contract, vetted code only, or none", async () => {
    const { contracts, credentials, token } = await load();
    const vettedPool = await viem.deployContract("OwnedWallet", [zeroAddress]);
    await contracts.write.setCodeVetted([vettedPool.address, true, "ownerless"], asGov);
    await contracts.write.register([vettedPool.address], { account: outsider.account });
    const matured = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([matured.address], { account: alice.account });
    await networkHelpers.time.increase(ONE_DAY);
    const mask = 1n << BigInt(CLASS_PROFESSIONAL);
    const any = await viem.deployContract("CredentialVerifier", [credentials.address, contracts.address, mask, false]);
    const vetted = await viem.deployContract("CredentialVerifier", [credentials.address, contracts.address, mask, true]);
    const none = await viem.deployContract("CredentialVerifier", [credentials.address, zeroAddress, mask, false]);
    assert.equal(await vetted.read.vettedCodeOnly(), true);
    const to = (v: typeof any, target: `0x${string}`) => v.read.detectReceiveRestriction([target]);
    assert.equal(await to(any, vettedPool.address), Code.SUCCESS);
    assert.equal(await to(any, matured.address), Code.SUCCESS);
    assert.equal(await to(vetted, vettedPool.address), Code.SUCCESS);
    assert.equal(await to(vetted, matured.address), Code.RECIPIENT_CONTRACT_CODE_NOT_VETTED);
    assert.equal(await to(none, vettedPool.address), Code.RECIPIENT_NOT_QUALIFIED);
    assert.equal(await to(vetted, alice.account.address), Code.SUCCESS, "credentials unaffected");
    assert.deepEqual(await contracts.read.eligibilityOf([matured.address, true]), [ContractStatus.CodeNotVetted, zeroAddress]);
    assert.deepEqual(await contracts.read.eligibilityOf([matured.address, false]), [ContractStatus.Registered, getAddress(alice.account.address)]);
    assert.deepEqual(await contracts.read.eligibilityOf([vettedPool.address, false]), [ContractStatus.Registered, zeroAddress]);
    // The token's verifier is its policy: the issuer switches it.
    await token.write.setVerifier([vetted.address], { account: issuer.account });
    await assert.rejects(token.write.transfer([matured.address, 1n], { account: alice.account }));
    await token.write.transfer([vettedPool.address, 1n], { account: alice.account });
  });

  it("a blocked address never receives, even a credentialed person's wallet; unblocking restores it", async () => {
    const { contracts, credentials, token } = await load();
    await viem.assertions.emitWithArgs(
      contracts.write.blockContract([bob.account.address, "court order"], { account: guardian.account }),
      credentials,
      "BlockedUpdated",
      [getAddress(bob.account.address), true],
    );
    assert.equal(await credentials.read.isBlocked([bob.account.address]), true);
    assert.equal(await credentials.read.hasValidCredential([bob.account.address, 1n << BigInt(CLASS_PROFESSIONAL)]), false);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.RECIPIENT_CONTRACT_BLOCKED);
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SENDER_CONTRACT_BLOCKED);
    assert.equal(await token.read.canReceive([bob.account.address]), false);
    await assert.rejects(token.write.mint([bob.account.address, 1n], { account: issuer.account }));
    const id = await credentials.read.credentialId([bob.account.address, 1, CLASS_PROFESSIONAL]);
    assert.equal((await credentials.read.credential([id])).valid, false);
    // Sanctions still win over a block in the reported reason.
    await credentials.write.setSanctioned([[bob.account.address], true, "list"], { account: sanctions.account });
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, bob.account.address, 1n]), Code.RECIPIENT_SANCTIONED);
    await credentials.write.setSanctioned([[bob.account.address], false, "list"], { account: sanctions.account });
    await contracts.write.unblockContract([bob.account.address, "order lifted"], { account: guardian.account });
    assert.equal(await credentials.read.isBlocked([bob.account.address]), false);
    await token.write.transfer([bob.account.address, 1n], { account: alice.account });
  });

  it("only the contract registry sets blocked flags; without that role a block fails loudly", async () => {
    const { credentials, issuers } = await load();
    await viem.assertions.revertWithCustomError(
      credentials.write.setBlocked([alice.account.address, true], { account: guardian.account }),
      credentials,
      "AccessControlUnauthorizedAccount",
    );
    const unwired = await viem.deployContract("ContractRegistry", [governance.account.address, credentials.address, issuers.address]);
    await unwired.write.grantRole([await unwired.read.GUARDIAN_ROLE(), guardian.account.address], asGov);
    await viem.assertions.revertWithCustomError(
      unwired.write.blockContract([alice.account.address, "x"], { account: guardian.account }),
      credentials,
      "AccessControlUnauthorizedAccount",
    );
    assert.equal(await credentials.read.isBlocked([alice.account.address]), false);
  });
});
