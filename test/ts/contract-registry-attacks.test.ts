// Attacks on the contract registry, each refused: proxies and clones under a vetted or pinned code hash,
// a registrant who bypasses the token's class policy or outlives their own standing, squatting on a
// vetted pool's record, and a block that outlives the registry that set it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeFunctionData, getAddress, keccak256, zeroAddress } from "viem";
import { roleHash } from "../../src/sdk/roles.js";
import { connect, alpha2, Code, ContractStatus, CLASS_PROFESSIONAL, CLASS_RETAIL, ONE_DAY, ONE_YEAR } from "../support/fixture.js";

describe("contract registry: attacks refused", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient } = ctx;
  const { governance, issuer, qualifierB, alice, bob, carol, guardian, outsider, sanctions } = actors;
  const asGov = { account: governance.account };
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const codeHash = async (address: `0x${string}`) => keccak256((await publicClient.getCode({ address }))!);
  const DELEGATECALL = 0xf4;

  it("A1 an ERC-1967 proxy cannot be vetted, so nobody rides its code hash with wallet logic of their own", async () => {
    const { contracts, token } = await load();
    const honestLogic = await viem.deployContract("HonestPoolLogic");
    const init = encodeFunctionData({ abi: honestLogic.abi, functionName: "initialize", args: [governance.account.address] });
    const honestPool = await viem.deployContract("AttackProxy", [honestLogic.address, init]);
    await viem.assertions.revertWithCustomError(
      contracts.write.setCodeVetted([honestPool.address, true, "Honest pool v1 (proxy)"], asGov),
      contracts,
      "ForbiddenOpcode",
    );
    assert.equal(await contracts.read.isVettedCode([await codeHash(honestPool.address)]), false);

    // The outsider deploys the same proxy bytecode over a wallet he owns: not vetted, and he is not identifiable.
    const walletLogic = await viem.deployContract("WalletLogic");
    const data = encodeFunctionData({ abi: walletLogic.abi, functionName: "initialize", args: [outsider.account.address] });
    const outsiderWallet = await viem.deployContract("AttackProxy", [walletLogic.address, data]);
    await viem.assertions.revertWithCustomError(
      contracts.write.register([outsiderWallet.address], { account: outsider.account }),
      contracts,
      "RegistrantNotIdentifiable",
    );
    // Even an identifiable registrant cannot register code that delegates.
    await viem.assertions.revertWithCustomError(contracts.write.register([outsiderWallet.address], { account: alice.account }), contracts, "ForbiddenOpcode");
    assert.equal(await contracts.read.statusOf([outsiderWallet.address]), ContractStatus.Unregistered);
    await assert.rejects(token.write.transfer([outsiderWallet.address, 100n], { account: alice.account }));
  });

  it("A1b an EIP-1167 clone cannot be vetted nor registered: its code is a DELEGATECALL", async () => {
    const { contracts, token } = await load();
    const logic = await viem.deployContract("ClonedVaultLogic");
    const cloner = await viem.deployContract("AttackerCloner");
    const { result: predicted } = await cloner.simulate.cloneAndInit([logic.address, outsider.account.address]);
    await cloner.write.cloneAndInit([logic.address, outsider.account.address], { account: outsider.account });
    await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([predicted, true, "Official vault clone"], asGov), contracts, "ForbiddenOpcode");
    // The error names the offending instruction: the clone's DELEGATECALL.
    const code = (await publicClient.getCode({ address: predicted }))!;
    const offset = BigInt(code.slice(2).match(/../g)!.indexOf("f4"));
    await viem.assertions.revertWithCustomErrorWithArgs(contracts.write.register([predicted], { account: alice.account }), contracts, "ForbiddenOpcode", [
      getAddress(predicted),
      offset,
      DELEGATECALL,
    ]);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, predicted, 1n]), Code.RECIPIENT_NOT_QUALIFIED);
  });

  it("A2 a proxy cannot be registered, so it cannot pass its window with benign logic and swap in a wallet after", async () => {
    const { contracts } = await load();
    const honestLogic = await viem.deployContract("HonestPoolLogic");
    const init = encodeFunctionData({ abi: honestLogic.abi, functionName: "initialize", args: [carol.account.address] });
    const proxy = await viem.deployContract("AttackProxy", [honestLogic.address, init]);
    await viem.assertions.revertWithCustomError(contracts.write.register([proxy.address], { account: alice.account }), contracts, "ForbiddenOpcode");
    await viem.assertions.revertWithCustomError(contracts.write.register([proxy.address], asGov), contracts, "ForbiddenOpcode");
    // Nor can the logic contract itself: its UUPS upgrade path delegates.
    await viem.assertions.revertWithCustomError(contracts.write.register([honestLogic.address], { account: alice.account }), contracts, "ForbiddenOpcode");
  });

  it("A3 a retail investor refused by a professionals-only bond cannot hold it through a wallet she registers; nor an issuer without a credential", async () => {
    const { contracts, credentials, token } = await load();
    const now = (await publicClient.getBlock()).timestamp;
    await credentials.write.issue([{ holder: carol.account.address, classId: CLASS_RETAIL, jurisdiction: alpha2("CH"), expiresAt: Number(now + ONE_YEAR) }], {
      account: qualifierB.account,
    });
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, carol.account.address, 1n]), Code.RECIPIENT_NOT_QUALIFIED);
    const wallet = await viem.deployContract("OwnedWallet", [carol.account.address]);
    await contracts.write.register([wallet.address], { account: carol.account }); // identifiable: she may register
    await networkHelpers.time.increase(ONE_DAY);
    assert.equal(await contracts.read.statusOf([wallet.address]), ContractStatus.Registered);
    assert.equal(
      await token.read.detectTransferRestriction([alice.account.address, wallet.address, 1n]),
      Code.RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED,
      "the bond judges the registrant by its own classes",
    );
    await assert.rejects(token.write.transfer([wallet.address, 100n], { account: alice.account }));
    assert.equal(await token.read.balanceOf([wallet.address]), 0n);

    const iw = await viem.deployContract("OwnedWallet", [issuer.account.address]);
    await contracts.write.register([iw.address], { account: issuer.account });
    await networkHelpers.time.increase(ONE_DAY);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, iw.address, 1n]), Code.RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED);
    await assert.rejects(token.write.transfer([iw.address, 1n], { account: alice.account }));

    // A professional's registration is accepted; one governance registered needs no credential.
    const aw = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([aw.address], { account: alice.account });
    const gw = await viem.deployContract("OwnedWallet", [governance.account.address]);
    await contracts.write.register([gw.address], asGov);
    await networkHelpers.time.increase(ONE_DAY);
    await token.write.transfer([aw.address, 10n], { account: alice.account });
    await token.write.transfer([gw.address, 10n], { account: alice.account });
    assert.equal(await token.read.balanceOf([aw.address]), 10n);
    assert.equal(await token.read.balanceOf([gw.address]), 10n);
  });

  it("A4 a registrant once sanctioned or revoked no longer sends nor receives through the wallet it registered", async () => {
    const { contracts, credentials, token } = await load();
    const wallet = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([wallet.address], { account: alice.account });
    await networkHelpers.time.increase(ONE_DAY);
    await token.write.transfer([wallet.address, 500n], { account: alice.account });
    const out = encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [bob.account.address, 100n] });
    await wallet.write.exec([token.address, out], { account: alice.account }); // while she is in good standing

    await credentials.write.setSanctioned([[alice.account.address], true, "OFAC SDN"], { account: sanctions.account });
    assert.equal(await token.read.detectTransferRestriction([wallet.address, bob.account.address, 1n]), Code.SENDER_CONTRACT_REGISTRANT_NOT_QUALIFIED);
    await assert.rejects(wallet.write.exec([token.address, out], { account: alice.account }));
    await assert.rejects(token.write.transfer([wallet.address, 50n], { account: bob.account }));

    // Lifted from the list but her credential revoked: still refused.
    await credentials.write.setSanctioned([[alice.account.address], false, "delisted"], { account: sanctions.account });
    const id = await credentials.read.credentialId([alice.account.address, 1, CLASS_PROFESSIONAL]);
    await credentials.write.revoke([id, "revoked"], asGov);
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, wallet.address, 1n]), Code.RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED);
    await assert.rejects(wallet.write.exec([token.address, out], { account: alice.account }));
    assert.equal(await token.read.balanceOf([wallet.address]), 400n);
  });

  it("A5 squatting: an identifiable caller or governance takes over a stranger's record; governance deregisters with a reason", async () => {
    const { contracts, token } = await load();
    const pool = await viem.deployContract("OwnedWallet", [zeroAddress]); // ownerless: stands for an AMM pair
    const hash = await codeHash(pool.address);
    await contracts.write.setCodeVetted([pool.address, true, "pair v1"], asGov);
    await contracts.write.register([pool.address], { account: outsider.account });
    assert.equal((await contracts.read.registration([pool.address])).kind, 0);
    // Another stranger cannot take it over; an identifiable caller can.
    await viem.assertions.revertWithCustomError(contracts.write.register([pool.address], { account: carol.account }), contracts, "AlreadyRegistered");
    await viem.assertions.emit(contracts.write.register([pool.address], asGov), contracts, "ContractRegistered");
    let r = await contracts.read.registration([pool.address]);
    assert.equal(getAddress(r.registrant), getAddress(governance.account.address), "the record now leads to governance");
    assert.equal(r.kind, 2, "filed by governance");
    // Once accountable, the record is not taken over, not even by another identifiable caller.
    await viem.assertions.revertWithCustomError(contracts.write.register([pool.address], { account: alice.account }), contracts, "AlreadyRegistered");
    await token.write.transfer([pool.address, 10n], { account: alice.account });
    // Withdrawing the vetting no longer strands the pool: governance's registration has its own window.
    await networkHelpers.time.increase(2n * ONE_DAY);
    await contracts.write.setCodeVetted([pool.address, false, "withdrawn"], asGov);
    assert.equal(await contracts.read.isVettedCode([hash]), false);
    assert.equal(await contracts.read.statusOf([pool.address]), ContractStatus.Registered, "governance's registration outlived its window");
    assert.equal(await token.read.detectTransferRestriction([pool.address, alice.account.address, 1n]), Code.SUCCESS, "not stranded");

    // An identifiable squatter is removed by governance, with a reason; an outsider cannot remove a record.
    const pool2 = await viem.deployContract("OwnedWallet", ["0x000000000000000000000000000000000000dEaD"]);
    await contracts.write.register([pool2.address], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      contracts.write.deregister([pool2.address, "squatted"], { account: outsider.account }),
      contracts,
      "AccessControlUnauthorizedAccount",
    );
    await viem.assertions.revertWithCustomError(contracts.write.deregister([pool2.address, ""], asGov), contracts, "EmptyReason");
    await viem.assertions.emitWithArgs(contracts.write.deregister([pool2.address, "squatted"], asGov), contracts, "ContractDeregistered", [
      getAddress(pool2.address),
      getAddress(governance.account.address),
      "squatted",
    ]);
    r = await contracts.read.registration([pool2.address]);
    assert.equal(r.registrant, zeroAddress);
    assert.equal(await contracts.read.statusOf([pool2.address]), ContractStatus.Unregistered);
    assert.equal(await contracts.read.registeredCodeHash([pool2.address]), `0x${"0".repeat(64)}`);
    await viem.assertions.revertWithCustomError(contracts.write.deregister([pool2.address, "again"], asGov), contracts, "NotRegistered");
    await contracts.write.register([pool2.address], asGov);
    assert.equal(getAddress((await contracts.read.registration([pool2.address])).registrant), getAddress(governance.account.address));
  });

  it("A5b deregistering a blocked contract keeps its block", async () => {
    const { contracts, token } = await load();
    const w = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.register([w.address], { account: alice.account });
    await contracts.write.blockContract([w.address, "bad"], { account: guardian.account });
    await contracts.write.deregister([w.address, "bad registration"], asGov);
    assert.equal(await contracts.read.statusOf([w.address]), ContractStatus.Blocked);
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], { account: alice.account }), contracts, "ContractIsBlocked");
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, w.address, 1n]), Code.RECIPIENT_CONTRACT_BLOCKED);
  });

  it("A6 after a move to a new ContractRegistry, its guardians lift a block the old one set, and it refuses to register a blocked address", async () => {
    const { contracts, credentials, issuers, token } = await load();
    await contracts.write.blockContract([bob.account.address, "mistake"], { account: guardian.account });
    const w = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.blockContract([w.address, "known bad"], { account: guardian.account });
    const next = await viem.deployContract("ContractRegistry", [governance.account.address, credentials.address, issuers.address]);
    const BLOCKER = roleHash("BLOCKER_ROLE");
    await credentials.write.grantRole([BLOCKER, next.address], asGov);
    await credentials.write.revokeRole([BLOCKER, contracts.address], asGov);
    await next.write.grantRole([await next.read.GUARDIAN_ROLE(), guardian.account.address], asGov);
    await viem.assertions.revertWithCustomError(next.write.register([w.address], { account: alice.account }), next, "ContractIsBlocked");
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SENDER_CONTRACT_BLOCKED);
    await viem.assertions.emit(
      next.write.unblockContract([bob.account.address, "lift after migration"], { account: guardian.account }),
      next,
      "ContractUnblocked",
    );
    assert.equal(await credentials.read.isBlocked([bob.account.address]), false);
    assert.equal(await token.read.detectTransferRestriction([bob.account.address, alice.account.address, 1n]), Code.SUCCESS);
    // An address blocked nowhere still cannot be "unblocked".
    await viem.assertions.revertWithCustomError(next.write.unblockContract([carol.account.address, "x"], { account: guardian.account }), next, "NotBlocked");
  });
});
