// Attacks on the contract registry that its design refuses.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { concat, encodeFunctionData, keccak256 } from "viem";
import { connect, Code, ContractStatus, ONE_DAY } from "../support/fixture.js";

describe("contract registry: refusals", async () => {
  const ctx = await connect();
  const { viem, networkHelpers, actors, publicClient, connection } = ctx;
  const { governance, alice, bob, carol, guardian, outsider, sanctions } = actors;
  const asGov = { account: governance.account };
  const load = () => networkHelpers.loadFixture(ctx.deploySystem);
  const codeHash = async (address: `0x${string}`) => keccak256((await publicClient.getCode({ address }))!);

  it("R1 an EIP-7702 delegated EOA can be neither vetted as an exemplar nor registered", async () => {
    const { contracts } = await load();
    const target = await viem.deployContract("OwnedWallet", [carol.account.address]);
    const delegated = concat(["0xef0100", target.address]);
    await networkHelpers.setCode(carol.account.address, delegated);
    await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([carol.account.address, true, "mistake"], asGov), contracts, "DelegatedAccount");
    await viem.assertions.revertWithCustomError(
      contracts.write.register([carol.account.address], { account: outsider.account }),
      contracts,
      "DelegatedAccount",
    );
    void connection;
  });

  it("R2 a contract cannot register itself from its constructor", async () => {
    const { contracts } = await load();
    await assert.rejects(viem.deployContract("SelfRegisterInConstructor", [contracts.address]));
  });

  it("R3 a sanctioned registered contract is refused although its registration is eligible", async () => {
    const { contracts, credentials, token } = await load();
    const pool = await viem.deployContract("OwnedWallet", ["0x0000000000000000000000000000000000000000"]);
    await contracts.write.setCodeVetted([pool.address, true, "pool"], asGov);
    await contracts.write.register([pool.address], { account: outsider.account });
    await token.write.transfer([pool.address, 5n], { account: alice.account });
    await credentials.write.setSanctioned([[pool.address], true, "list"], { account: sanctions.account });
    assert.equal(await contracts.read.statusOf([pool.address]), ContractStatus.Registered);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, pool.address, 1n]), Code.RECIPIENT_SANCTIONED);
    assert.equal(await token.read.detectTransferRestriction([pool.address, alice.account.address, 1n]), Code.SENDER_SANCTIONED);
  });

  it("R4 a contract blocked before it registers cannot register; a blocked pool stays blocked across re-registration attempts", async () => {
    const { contracts, token } = await load();
    const w = await viem.deployContract("OwnedWallet", [alice.account.address]);
    await contracts.write.blockContract([w.address, "known bad"], { account: guardian.account });
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], { account: alice.account }), contracts, "ContractIsBlocked");
    await networkHelpers.time.increase(2n * ONE_DAY);
    assert.equal(await token.read.detectTransferRestriction([alice.account.address, w.address, 1n]), Code.RECIPIENT_CONTRACT_BLOCKED);
  });

  it("R5 EIP-1167 clones: each implementation gives another code hash, and none can be vetted (the clone delegates)", async () => {
    const { contracts } = await load();
    const logic = await viem.deployContract("ClonedVaultLogic");
    const other = await viem.deployContract("ClonedVaultLogic");
    const cloner = await viem.deployContract("AttackerCloner");
    const { result: a } = await cloner.simulate.cloneAndInit([logic.address, alice.account.address]);
    await cloner.write.cloneAndInit([logic.address, alice.account.address]);
    const { result: b } = await cloner.simulate.cloneAndInit([other.address, outsider.account.address]);
    await cloner.write.cloneAndInit([other.address, outsider.account.address]);
    await viem.assertions.revertWithCustomError(contracts.write.setCodeVetted([a, true, "clone of logic"], asGov), contracts, "ForbiddenOpcode");
    assert.notEqual(await codeHash(a), await codeHash(b));
    await viem.assertions.revertWithCustomError(contracts.write.register([b], { account: outsider.account }), contracts, "RegistrantNotIdentifiable");
  });

  it("R6 an unidentifiable outsider cannot register unvetted code; a blocked credential holder neither", async () => {
    const { contracts } = await load();
    const w = await viem.deployContract("OwnedWallet", [outsider.account.address]);
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], { account: outsider.account }), contracts, "RegistrantNotIdentifiable");
    await contracts.write.blockContract([bob.account.address, "x"], { account: guardian.account });
    await viem.assertions.revertWithCustomError(contracts.write.register([w.address], { account: bob.account }), contracts, "RegistrantNotIdentifiable");
    const data = encodeFunctionData({ abi: contracts.abi, functionName: "register", args: [w.address] });
    void data;
  });
});
