import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, zeroAddress, zeroHash, type EIP1193Provider } from "viem";
import {
  admitQualifierCall,
  codeHashOf,
  confirmSafeTransaction,
  contractRegistration,
  contractRegistryAbi,
  credentialVerifierAbi,
  deployToken,
  setChallengeWindowCall,
  vetCodeCall,
  connectProvider,
  credentialRegistryAbi,
  deploySystem,
  executeSafeTransaction,
  explainError,
  governViaTimelock,
  proposeSafeTransaction,
  QualifiedError,
  registerContract,
  roleHash,
  unlockedAccounts,
} from "../../src/sdk/index.js";
import { readDeployment, writeDeployment } from "../../src/sdk/node.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("SDK: custody and governance", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
  const [deployer, owner1, owner2, owner3, qualifier, stranger] = signers;
  const deployment = await deploySystem(connection, { deployer, governanceOwners: [owner1, owner2, owner3].map((s) => s.account.address), timelockDelay: 600 });
  const credentials = deployment.registries.credentials;

  it("is importable by its package name, with the ABIs and actions", async () => {
    const sdk = await import("qualified");
    assert.equal(typeof sdk.deploySystem, "function");
    assert.equal(typeof sdk.runSafeTransaction, "function");
    assert.ok(sdk.securityTokenAbi.some((x: { type: string; name?: string }) => x.type === "function" && x.name === "forcedTransferWithCase"));
  });

  it("executes a Safe transaction only with enough owner signatures, and only owners may sign", async () => {
    // A harmless call the Safe may make: reading through a call to a view is enough to prove execution.
    const call = { to: credentials, data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "qualifierCount" }) };
    const tx = await proposeSafeTransaction(connection, { safe: deployment.governance.safe, ...call, proposer: owner1 });
    await assert.rejects(
      executeSafeTransaction(connection, { transaction: tx, executor: owner1 }),
      (e: unknown) => e instanceof QualifiedError && /needs 2 signatures and has 1/.test(e.message),
    );
    await assert.rejects(confirmSafeTransaction(connection, { transaction: tx, owner: stranger }), /is not an owner of the Safe/);
    await confirmSafeTransaction(connection, { transaction: tx, owner: owner3 });
    const hash = await executeSafeTransaction(connection, { transaction: tx, executor: owner3 });
    const receipt = await connection.publicClient.getTransactionReceipt({ hash });
    assert.equal(getAddress(receipt.to!), deployment.governance.safe);
  });

  it("governance cannot bypass the timelock: the Safe itself holds no role on the registries", async () => {
    const call = admitQualifierCall({ deployment, account: qualifier.account.address, name: "Direct", classes: [1] });
    const tx = await proposeSafeTransaction(connection, { safe: deployment.governance.safe, ...call, proposer: owner1 });
    await confirmSafeTransaction(connection, { transaction: tx, owner: owner2 });
    await assert.rejects(executeSafeTransaction(connection, { transaction: tx, executor: owner1 }));
    assert.equal(await connection.publicClient.readContract({ address: credentials, abi: credentialRegistryAbi, functionName: "qualifierCount" }), 0);
  });

  it("changes governance through the Safe and the timelock", async () => {
    await governViaTimelock(connection, {
      deployment,
      calls: [admitQualifierCall({ deployment, account: qualifier.account.address, name: "Alpha", classes: [1, 2] })],
      signers: [owner1, owner2],
    });
    assert.equal(
      await connection.publicClient.readContract({
        address: credentials,
        abi: credentialRegistryAbi,
        functionName: "qualifierIdOf",
        args: [qualifier.account.address],
      }),
      1,
    );
  });

  it("wires the contract registry to set blocked flags; governance vets code and sets the window; tokens choose a contract policy", async () => {
    const read = connection.publicClient.readContract;
    const contracts = deployment.registries.contracts;
    assert.equal(await read({ address: credentials, abi: credentialRegistryAbi, functionName: "hasRole", args: [roleHash("BLOCKER_ROLE"), contracts] }), true);
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "challengeWindow" }), 86_400);
    const target = deployment.registries.issuers;
    await governViaTimelock(connection, {
      deployment,
      calls: [setChallengeWindowCall({ deployment, seconds: 3600 }), vetCodeCall({ deployment, exemplar: target, label: "issuer registry" })],
      signers: [owner1, owner2],
    });
    assert.equal(await read({ address: contracts, abi: contractRegistryAbi, functionName: "challengeWindow" }), 3600);
    await registerContract(connection, { deployment, actor: stranger, target });
    const filed = await contractRegistration(connection, { deployment, target });
    assert.deepEqual(
      [filed.registrant, filed.vetted, filed.registrantKind, filed.accountable, filed.status],
      [getAddress(stranger.account.address), true, "none", false, "registered"],
    );
    assert.equal(filed.windowEndsAt - filed.registeredAt, 3600);
    await assert.rejects(codeHashOf(connection, { address: stranger.account.address }), /has no code/);

    const disclosure = { classification: "bond", jurisdiction: "CH", documentUri: "", documentHash: zeroHash };
    const base = { name: "Bond", symbol: "B", issuer: owner1.account.address, acceptedClasses: [1], disclosure };
    const policies = { registered: [contracts, false], vetted: [contracts, true], none: [zeroAddress, false] } as const;
    for (const [contractPolicy, [registry, vettedOnly]] of Object.entries(policies)) {
      const { verifier } = await deployToken(connection, {
        deployer,
        deployment: { ...deployment, tokens: [] },
        token: { ...base, contractPolicy: contractPolicy as keyof typeof policies },
      });
      assert.equal(getAddress(await read({ address: verifier, abi: credentialVerifierAbi, functionName: "contracts" })), getAddress(registry), contractPolicy);
      assert.equal(await read({ address: verifier, abi: credentialVerifierAbi, functionName: "vettedCodeOnly" }), vettedOnly, contractPolicy);
    }
  });

  it("explains a refusal in a sentence", async () => {
    try {
      await registerContract(connection, { deployment, actor: stranger, target: stranger.account.address });
      assert.fail("registering an account without code must fail");
    } catch (error) {
      assert.equal(explainError(error), `${getAddress(stranger.account.address)} has no code: only deployed contracts can be registered`);
    }
  });

  it("round-trips the deployment file and refuses one that is not a deployment", () => {
    const dir = mkdtempSync(join(tmpdir(), "qualified-sdk-"));
    writeDeployment(join(dir, "d.json"), deployment);
    assert.deepEqual(readDeployment(join(dir, "d.json")), deployment);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...deployment, registries: { credentials: "0x12" } }));
    assert.throws(() => readDeployment(join(dir, "bad.json")), /is not a Qualified deployment: registries/);
  });
});
