import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { network } from "hardhat";
import { createPublicClient, getAddress, http, parseAbi, type Address, type EIP1193Provider } from "viem";
import {
  classesOf,
  classMask,
  connectProvider,
  isContractRefusal,
  credentialId,
  credentialIdParts,
  hasClass,
  QualifiedError,
  roleHash,
  roleName,
  ROLE_NAMES,
} from "../../src/sdk/index.js";

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(`0x${Buffer.from(b).toString("hex")}`) as Address);
const classIds = fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 12 });

describe("SDK helpers: class masks, credential ids, role hashes", async () => {
  const { viem, provider } = await network.create();
  const [admin] = await viem.getWalletClients();
  const registry = await viem.deployContract("CredentialRegistry", [admin.account.address]);
  const contracts = await viem.deployContract("ContractRegistry", [admin.account.address, registry.address, registry.address]);
  const token = await viem.deployContract("AllowlistVerifier", [admin.account.address]);

  it("tells a contract's refusal (a revert, no data) from a node that does not answer", async () => {
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const probe = parseAbi(["function symbol() view returns (string)"]);
    const noData = await connection.publicClient.readContract({ address: admin.account.address, abi: probe, functionName: "symbol" }).catch((e: unknown) => e);
    assert.equal(isContractRefusal(noData), true, "an account without code answers nothing");
    const reverted = await connection.publicClient
      .readContract({ address: registry.address, abi: parseAbi(["function ownerOf(uint256) view returns (address)"]), functionName: "ownerOf", args: [1n] })
      .catch((e: unknown) => e);
    assert.equal(isContractRefusal(reverted), true, "a revert is the contract's answer");
    const dead = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0, timeout: 2_000 }) });
    const unreachable = await dead.readContract({ address: registry.address, abi: probe, functionName: "symbol" }).catch((e: unknown) => e);
    assert.equal(isContractRefusal(unreachable), false, "a node that does not answer is a failure, not a refusal");
    assert.equal(isContractRefusal(new Error("anything")), false);
  });

  it("a class mask holds exactly its classes, in any order, and classesOf reads them back sorted", () => {
    fc.assert(
      fc.property(classIds, (ids) => {
        const mask = classMask(ids);
        assert.deepEqual(
          classesOf(mask),
          [...ids].sort((a, b) => a - b),
        );
        for (let c = 0; c < 256; c++) assert.equal(hasClass(mask, c), ids.includes(c));
        assert.equal(classMask([...ids, ...ids]), mask, "repeating a class changes nothing");
      }),
    );
  });

  it("refuses a class id that is not a uint8", () => {
    for (const bad of [-1, 256, 1.5, Number.NaN]) {
      assert.throws(() => classMask([bad]), QualifiedError);
      assert.throws(() => hasClass(1n, bad), QualifiedError);
    }
  });

  it("computes the credential id the registry computes, and splits it back into its parts", async () => {
    await fc.assert(
      fc.asyncProperty(address, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 255 }), async (holder, qualifierId, classId) => {
        const id = credentialId({ holder, qualifierId, classId });
        assert.equal(id, await registry.read.credentialId([holder, qualifierId, classId]));
        assert.deepEqual(credentialIdParts(id), { holder, qualifierId, classId });
      }),
      { numRuns: 60 },
    );
    assert.throws(() => credentialId({ holder: admin.account.address, qualifierId: 0x10000, classId: 1 }), QualifiedError);
    assert.throws(() => credentialIdParts(1n << 256n), QualifiedError);
  });

  it("hashes each role as the contracts declare it, and names it back", async () => {
    assert.equal(roleHash("SANCTIONS_ROLE"), await registry.read.SANCTIONS_ROLE());
    assert.equal(roleHash("GUARDIAN_ROLE"), await contracts.read.GUARDIAN_ROLE());
    assert.equal(roleHash("LISTER_ROLE"), await token.read.LISTER_ROLE());
    assert.equal(roleHash("DEFAULT_ADMIN_ROLE"), await registry.read.DEFAULT_ADMIN_ROLE());
    for (const name of ROLE_NAMES) assert.equal(roleName(roleHash(name)), name);
    assert.equal(roleName(roleHash("DEFAULT_ADMIN_ROLE")), "DEFAULT_ADMIN_ROLE");
    const unknown = "0x1111111111111111111111111111111111111111111111111111111111111111";
    assert.equal(roleName(unknown), unknown);
  });
});
